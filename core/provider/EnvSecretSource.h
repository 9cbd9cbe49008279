#pragma once

#include "model/Model.h"
#include "provider/SecretSource.h"

#include <QHash>

namespace tributary {

//! Secrets from environment variables, for tributary-cli, the sandbox and tests.
//! An account file never holds a secret; it names the variable instead:
//! settings {"passwordEnv": "WORK_PASSWORD", "access_tokenEnv": "WORK_TOKEN"}.
//! The setting key is "<kind>Env" for each SecretKind.
class EnvSecretSource : public SecretSource {
public:
    explicit EnvSecretSource(const QList<Account>& accounts);

    QFuture<Result<QByteArray>> readSecret(const QString& accountId, const QString& kind) override;
    //! Environment secrets are read-only: writing one is refused with a clear error.
    QFuture<Result<void>> writeSecret(const QString& accountId, const QString& kind,
                                      const QByteArray& secret) override;

private:
    QHash<QString, QVariantMap> m_settings;
};

} // namespace tributary
