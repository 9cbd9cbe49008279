#pragma once

#include "provider/SecretSource.h"

#include <QHash>
#include <QPair>

namespace tributary {

//! Secrets held in memory only, for a throwaway provider (ConnectionTester runs one with
//! the password the user just typed, before anything reaches the keychain). Not for
//! accounts that live on: they read from the keychain.
class MemorySecretSource : public SecretSource {
public:
    MemorySecretSource() = default;
    MemorySecretSource(const QString& accountId, const QString& kind, const QByteArray& secret);

    //! The secret; a missing or empty one is ErrorKind::Auth "secret_missing".
    QFuture<Result<QByteArray>> readSecret(const QString& accountId, const QString& kind) override;
    QFuture<Result<void>> writeSecret(const QString& accountId, const QString& kind,
                                      const QByteArray& secret) override;

private:
    QHash<QPair<QString, QString>, QByteArray> m_secrets;
};

} // namespace tributary
