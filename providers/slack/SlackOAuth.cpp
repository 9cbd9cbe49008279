#include "slack/SlackOAuth.h"

#include "auth/OAuthErrors.h"
#include "slack/SlackSettings.h"

#include <QObject>

namespace tributary::slack::SlackOAuth {

QStringList userScopes() {
    return {
        QStringLiteral("channels:history"), QStringLiteral("channels:read"), QStringLiteral("channels:write"),
        QStringLiteral("groups:history"),   QStringLiteral("groups:read"),   QStringLiteral("groups:write"),
        QStringLiteral("im:history"),       QStringLiteral("im:read"),       QStringLiteral("im:write"),
        QStringLiteral("mpim:history"),     QStringLiteral("mpim:read"),     QStringLiteral("mpim:write"),
        QStringLiteral("chat:write"),       QStringLiteral("users:read")};
}

OAuthResponseMapper slackTokenResponseMapper() {
    NestedTokenResponse layout;
    layout.okMember = QStringLiteral("ok");
    layout.tokenMember = QStringLiteral("authed_user");
    layout.bearerTokenTypes = {QStringLiteral("user")};
    layout.scopeSeparator = QStringLiteral(",");
    layout.errorAliases = {
        {QStringLiteral("invalid_code"), QStringLiteral("invalid_grant")},
        {QStringLiteral("invalid_refresh_token"), QStringLiteral("invalid_grant")},
        {QStringLiteral("invalid_code_verifier"), QStringLiteral("invalid_grant")},
        {QStringLiteral("bad_redirect_uri"), QStringLiteral("invalid_grant")},
        {QStringLiteral("invalid_client_id"), QStringLiteral("invalid_client")},
        {QStringLiteral("bad_client_secret"), QStringLiteral("invalid_client")},
        {QStringLiteral("invalid_grant_type"), QStringLiteral("unsupported_grant_type")},
        {QStringLiteral("ratelimited"), QStringLiteral("temporarily_unavailable")},
        {QStringLiteral("internal_error"), QStringLiteral("server_error")},
        {QStringLiteral("fatal_error"), QStringLiteral("server_error")},
    };
    return nestedTokenResponse(std::move(layout));
}

Result<OAuthConfig> oauthConfig(const QVariantMap& settings) {
    Account account;
    account.settings = settings;
    Result<SlackSettings> parsed = SlackSettings::fromAccount(account);
    if (!parsed)
        return ProviderError::invalid(parsed.error().message, OAuthErrorCode::InvalidConfig);
    if (parsed->clientId.isEmpty())
        return ProviderError::invalid(QObject::tr("To sign in with Slack, enter your Slack app's client id "
                                                  "under Manual setup (or paste a user token instead)."),
                                      OAuthErrorCode::InvalidConfig);
    const QUrl base = parsed->oauthBaseUrl;
    const auto at = [&base](const QString& path) {
        QUrl url = base;
        url.setPath(base.path() + path);
        return url;
    };
    OAuthConfig config;
    config.authorizationUrl = at(QStringLiteral("/oauth/v2/authorize"));
    config.tokenUrl = at(QStringLiteral("/api/oauth.v2.access"));
    config.clientId = parsed->clientId;
    config.scopes = userScopes();
    // Slack's `scope` is for bot scopes, which a loopback (desktop) redirect may not ask for.
    config.scopeParameter = QStringLiteral("user_scope");
    config.scopeSeparator = QStringLiteral(",");
    config.responseMapper = slackTokenResponseMapper();
    if (Result<void> valid = config.validate(); !valid)
        return valid.error();
    return config;
}

QString describeGrant(const QJsonObject& extra) {
    const QString user = extra.value(QLatin1String("id")).toString();
    const QString team =
        extra.value(QLatin1String("team")).toObject().value(QLatin1String("name")).toString();
    if (user.isEmpty())
        return team;
    return team.isEmpty() ? user : QObject::tr("%1 in %2").arg(user, team);
}

FormOAuthSignIn formSignIn() {
    FormOAuthSignIn signIn;
    signIn.label = QObject::tr("Sign &in with Slack\u2026");
    signIn.help = QObject::tr("Opens Slack in your web browser; after you allow access, Tributary keeps the "
                              "token in your system keyring. Needs your Slack app's client id.");
    signIn.tokenSecretKind = SecretKind::AccessToken;
    signIn.config = &oauthConfig;
    signIn.describeGrant = &describeGrant;
    return signIn;
}

} // namespace tributary::slack::SlackOAuth
