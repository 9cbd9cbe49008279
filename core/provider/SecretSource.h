#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QFuture>
#include <QString>

namespace tributary {

//! Kinds of secret an account may hold.
namespace SecretKind {
inline const QString Password = QStringLiteral("password");
inline const QString AccessToken = QStringLiteral("access_token");
inline const QString RefreshToken = QStringLiteral("refresh_token");
inline const QString AppToken = QStringLiteral("app_token");
} // namespace SecretKind

//! Where providers get passwords and tokens. The desktop app uses the keychain
//! (TokenStore); tributary-cli uses environment variables named in the account file.
class SecretSource {
public:
    virtual ~SecretSource() = default;
    virtual QFuture<Result<QByteArray>> readSecret(const QString& accountId, const QString& kind) = 0;
    virtual QFuture<Result<void>> writeSecret(const QString& accountId, const QString& kind,
                                              const QByteArray& secret) = 0;
};

} // namespace tributary
