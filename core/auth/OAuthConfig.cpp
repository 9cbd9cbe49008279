#include "auth/OAuthConfig.h"

#include "auth/OAuthErrors.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::OAuthConfig", text);
}

QUrl strictUrl(const QVariant& value) {
    const QString text = value.toString().trimmed();
    return text.isEmpty() ? QUrl() : QUrl(text, QUrl::StrictMode);
}

ProviderError invalidConfig(const QString& message) {
    return ProviderError::invalid(message, OAuthErrorCode::InvalidConfig);
}

} // namespace

OAuthConfig OAuthConfig::fromSettings(const QVariantMap& settings) {
    OAuthConfig config;
    config.authorizationUrl = strictUrl(settings.value(OAuthSettingsKey::AuthorizationUrl));
    config.tokenUrl = strictUrl(settings.value(OAuthSettingsKey::TokenUrl));
    config.revocationUrl = strictUrl(settings.value(OAuthSettingsKey::RevocationUrl));
    config.issuer = settings.value(OAuthSettingsKey::Issuer).toString().trimmed();
    config.clientId = settings.value(OAuthSettingsKey::ClientId).toString().trimmed();
    config.clientSecretKind = settings.value(OAuthSettingsKey::ClientSecretKind).toString().trimmed();
    const QVariant scopes = settings.value(OAuthSettingsKey::Scopes);
    if (scopes.typeId() == QMetaType::QStringList || scopes.typeId() == QMetaType::QVariantList)
        config.scopes = scopes.toStringList();
    else
        config.scopes = scopes.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QVariantMap extra = settings.value(OAuthSettingsKey::AuthorizeParams).toMap();
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        config.extraAuthorizeParams.append({it.key(), it.value().toString()});
    return config;
}

bool OAuthConfig::isAcceptableEndpoint(const QUrl& url) {
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    if (url.scheme() != QLatin1String("http"))
        return false;
    // Plain http only where nothing crosses a network: the loopback interface.
    if (url.host().compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

const QStringList& OAuthConfig::reservedAuthorizeParams() {
    static const QStringList reserved{QStringLiteral("response_type"),
                                      QStringLiteral("client_id"),
                                      QStringLiteral("redirect_uri"),
                                      QStringLiteral("scope"),
                                      QStringLiteral("state"),
                                      QStringLiteral("code_challenge"),
                                      QStringLiteral("code_challenge_method")};
    return reserved;
}

Result<void> OAuthConfig::validate() const {
    if (clientId.isEmpty())
        return invalidConfig(tr("No OAuth client id is configured for this account. Enter the client id "
                                "registered for Tributary in the account settings."));
    const std::pair<const QUrl*, const char*> endpoints[] = {
        {&authorizationUrl, QT_TRANSLATE_NOOP("tributary::OAuthConfig", "authorization")},
        {&tokenUrl, QT_TRANSLATE_NOOP("tributary::OAuthConfig", "token")},
    };
    for (const auto& [url, name] : endpoints) {
        if (url->isEmpty())
            return invalidConfig(
                tr("The OAuth %1 endpoint is missing from the account settings.").arg(tr(name)));
        if (!isAcceptableEndpoint(*url))
            return invalidConfig(
                tr("The OAuth %1 endpoint %2 is not usable: it must be an https URL.")
                    .arg(tr(name), url->toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
    }
    if (!revocationUrl.isEmpty() && !isAcceptableEndpoint(revocationUrl))
        return invalidConfig(
            tr("The OAuth revocation endpoint %1 is not usable: it must be an https URL.")
                .arg(revocationUrl.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
    for (const auto& [name, value] : extraAuthorizeParams) {
        Q_UNUSED(value);
        if (reservedAuthorizeParams().contains(name) || name == scopeParameter)
            return invalidConfig(
                tr("The extra authorization parameter \"%1\" is set by Tributary itself; remove it.")
                    .arg(name));
    }
    if (scopeParameter.trimmed().isEmpty())
        return invalidConfig(tr("The OAuth scope parameter name is empty."));
    if (!callbackPath.startsWith(QLatin1Char('/')))
        return invalidConfig(tr("The OAuth callback path must start with \"/\"."));
    return Done{};
}

} // namespace tributary
