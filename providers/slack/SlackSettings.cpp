#include "slack/SlackSettings.h"

#include <QHostAddress>
#include <QObject>

namespace tributary::slack {

namespace {

Result<QUrl> checkedUrl(const QString& key, const QVariant& value, const QUrl& fallback) {
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return fallback;
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return ProviderError::invalid(QObject::tr("The Slack API address (%1) is not a valid URL.").arg(key),
                                      QStringLiteral("invalid_url"));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http")) {
        const QHostAddress host(url.host());
        const bool loopback = host.isLoopback() || url.host() == QLatin1String("localhost");
        if (!loopback)
            return ProviderError::invalid(
                QObject::tr("The Slack API address must use https:// (the token would cross the network "
                            "in the clear)."),
                QStringLiteral("plaintext_refused"));
    } else if (scheme != QLatin1String("https")) {
        return ProviderError::invalid(QObject::tr("The Slack API address must start with https://."),
                                      QStringLiteral("invalid_url"));
    }
    // No trailing slash: method names are appended as "/<method>".
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return url;
}

} // namespace

Result<SlackSettings> SlackSettings::fromAccount(const Account& account) {
    SlackSettings s;
    const QVariantMap& v = account.settings;
    s.workspace = v.value(SlackSettingKey::Workspace).toString().trimmed();
    s.clientId = v.value(SlackSettingKey::ClientId).toString().trimmed();
    s.pollIntervalSeconds = qMax(0, v.value(SlackSettingKey::PollIntervalSeconds).toInt());
    Result<QUrl> api =
        checkedUrl(SlackSettingKey::ApiBaseUrl, v.value(SlackSettingKey::ApiBaseUrl), defaultApiBaseUrl());
    if (!api)
        return api.error();
    s.apiBaseUrl = api.value();
    Result<QUrl> socket = checkedUrl(SlackSettingKey::SocketModeApiBaseUrl,
                                     v.value(SlackSettingKey::SocketModeApiBaseUrl), s.apiBaseUrl);
    if (!socket)
        return socket.error();
    s.socketModeApiBaseUrl = socket.value();
    Result<QUrl> oauth = checkedUrl(SlackSettingKey::OAuthBaseUrl, v.value(SlackSettingKey::OAuthBaseUrl),
                                    defaultOAuthBaseUrl());
    if (!oauth)
        return oauth.error();
    s.oauthBaseUrl = oauth.value();
    return s;
}

QStringList SlackSettings::keys() {
    return {SlackSettingKey::Workspace, SlackSettingKey::ApiBaseUrl,   SlackSettingKey::SocketModeApiBaseUrl,
            SlackSettingKey::ClientId,  SlackSettingKey::OAuthBaseUrl, SlackSettingKey::PollIntervalSeconds};
}

} // namespace tributary::slack
