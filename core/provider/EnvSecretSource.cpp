#include "provider/EnvSecretSource.h"

#include "util/ReadyFuture.h"

namespace tributary {

EnvSecretSource::EnvSecretSource(const QList<Account>& accounts) {
    for (const Account& a : accounts)
        m_settings.insert(a.id, a.settings);
}

QFuture<Result<QByteArray>> EnvSecretSource::readSecret(const QString& accountId, const QString& kind) {
    const QString variable = m_settings.value(accountId).value(kind + QStringLiteral("Env")).toString();
    if (variable.isEmpty()) {
        return readyResult<QByteArray>(ProviderError::auth(
            QObject::tr("The account \"%1\" names no environment variable for its %2 (setting \"%2Env\").")
                .arg(accountId, kind),
            QStringLiteral("secret_missing")));
    }
    const QByteArray value = qgetenv(variable.toLocal8Bit().constData());
    if (value.isEmpty()) {
        return readyResult<QByteArray>(ProviderError::auth(
            QObject::tr("The environment variable %1 (the %2 of account \"%3\") is not set.")
                .arg(variable, kind, accountId),
            QStringLiteral("secret_missing")));
    }
    return readyResult<QByteArray>(value);
}

QFuture<Result<void>> EnvSecretSource::writeSecret(const QString& accountId, const QString&,
                                                   const QByteArray&) {
    return readyResult<void>(ProviderError::storage(
        QObject::tr(
            "Account \"%1\" takes its secrets from environment variables, which Tributary cannot change.")
            .arg(accountId),
        QStringLiteral("read_only")));
}

} // namespace tributary
