#include "accounts/MemorySecretSource.h"

#include "util/ReadyFuture.h"

#include <QCoreApplication>

namespace tributary {

MemorySecretSource::MemorySecretSource(const QString& accountId, const QString& kind,
                                       const QByteArray& secret) {
    m_secrets.insert({accountId, kind}, secret);
}

QFuture<Result<QByteArray>> MemorySecretSource::readSecret(const QString& accountId, const QString& kind) {
    const QByteArray secret = m_secrets.value({accountId, kind});
    if (secret.isEmpty()) {
        return readyResult<QByteArray>(ProviderError::auth(
            QCoreApplication::translate("MemorySecretSource", "No password or token was entered."),
            QStringLiteral("secret_missing")));
    }
    return readyResult<QByteArray>(secret);
}

QFuture<Result<void>> MemorySecretSource::writeSecret(const QString& accountId, const QString& kind,
                                                      const QByteArray& secret) {
    m_secrets.insert({accountId, kind}, secret);
    return readyResult<void>(Done{});
}

} // namespace tributary
