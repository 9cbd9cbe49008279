#include "auth/OAuthTokens.h"

#include "auth/OAuthErrors.h"
#include "util/Futures.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QPromise>
#include <memory>
#include <vector>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::OAuth", text);
}

ProviderError badResponse(const QString& detail) {
    return ProviderError::protocol(
        tr("The sign-in service answered with an unusable token response (%1).").arg(detail),
        OAuthErrorCode::BadTokenResponse);
}

const QByteArray kUnknownExpiry = QByteArrayLiteral("unknown");

//! One write after the other: QtKeychain serialises them anyway, and stopping at the
//! first failure keeps a half-written set from looking complete.
struct WriteChain : std::enable_shared_from_this<WriteChain> {
    SecretSource* secrets = nullptr;
    QString accountId;
    std::vector<std::pair<QString, QByteArray>> writes;
    std::size_t next = 0;
    QPromise<Result<void>> promise;
    QPointer<QObject> context;

    void step() {
        if (next == writes.size() || !context) {
            promise.addResult(context ? Result<void>(Done{}) : Result<void>(ProviderError::cancelled()));
            promise.finish();
            return;
        }
        const auto& [kind, value] = writes[next++];
        whenDone(secrets->writeSecret(accountId, kind, value), context.data(),
                 [self = shared_from_this()](const Result<void>& r) {
                     if (!r.ok()) {
                         self->promise.addResult(r);
                         self->promise.finish();
                         return;
                     }
                     self->step();
                 });
    }
};

} // namespace

Result<OAuthTokenResponse> OAuthTokenResponse::parse(const QByteArray& body, const QDateTime& nowUtc) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return badResponse(tr("not a JSON object"));
    QJsonObject object = doc.object();

    OAuthTokenResponse r;
    r.accessToken = object.take(QLatin1String("access_token")).toString().toUtf8();
    if (r.accessToken.isEmpty())
        return badResponse(tr("no access_token"));
    r.tokenType = object.take(QLatin1String("token_type")).toString();
    // RFC 6749 makes token_type required; a missing one is taken as Bearer, which is
    // what every provider Tributary talks to issues.
    if (!r.tokenType.isEmpty() && r.tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
        return badResponse(tr("token type %1 is not supported").arg(r.tokenType.left(32)));
    r.refreshToken = object.take(QLatin1String("refresh_token")).toString().toUtf8();

    const QJsonValue expiresIn = object.take(QLatin1String("expires_in"));
    // Some servers send the number as a string.
    bool ok = expiresIn.isDouble();
    const double seconds = ok ? expiresIn.toDouble() : expiresIn.toString().toDouble(&ok);
    if (ok && seconds >= 0)
        r.expiresAt = nowUtc.addMSecs(static_cast<qint64>(seconds * 1000));

    const QJsonValue scope = object.take(QLatin1String("scope"));
    if (scope.isString())
        r.scopes = scope.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    object.remove(QLatin1String("id_token"));
    r.extra = object;
    return r;
}

QByteArray encodeTokenExpiry(const std::optional<QDateTime>& expiresAt) {
    if (!expiresAt || !expiresAt->isValid())
        return kUnknownExpiry;
    return expiresAt->toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

std::optional<QDateTime> decodeTokenExpiry(const QByteArray& stored) {
    if (stored.isEmpty() || stored == kUnknownExpiry)
        return std::nullopt;
    QDateTime at = QDateTime::fromString(QString::fromLatin1(stored), Qt::ISODateWithMs);
    if (!at.isValid())
        return std::nullopt;
    return at.toUTC();
}

QFuture<Result<void>> storeTokens(SecretSource* secrets, const QString& accountId,
                                  const OAuthTokenResponse& tokens, QObject* context) {
    auto chain = std::make_shared<WriteChain>();
    chain->secrets = secrets;
    chain->accountId = accountId;
    chain->context = context;
    if (!tokens.refreshToken.isEmpty())
        chain->writes.emplace_back(SecretKind::RefreshToken, tokens.refreshToken);
    chain->writes.emplace_back(SecretKind::AccessToken, tokens.accessToken);
    chain->writes.emplace_back(OAuthSecretKind::AccessTokenExpiry, encodeTokenExpiry(tokens.expiresAt));
    chain->promise.start();
    QFuture<Result<void>> future = chain->promise.future();
    chain->step();
    return future;
}

} // namespace tributary
