#pragma once

#include "model/Model.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace tributary::slack {

//! Setting keys of a Slack account (Account::settings). Secrets are not among them: the
//! user token (xoxp-, or an OAuth access token) is SecretKind::AccessToken and the optional
//! app-level token (xapp-, for Socket Mode) is SecretKind::AppToken.
namespace SlackSettingKey {
inline const QString Workspace = QStringLiteral("workspace");
inline const QString ApiBaseUrl = QStringLiteral("apiBaseUrl");
//! Where apps.connections.open is called (Socket Mode); the API base URL when empty.
inline const QString SocketModeApiBaseUrl = QStringLiteral("socketModeApiBaseUrl");
inline const QString ClientId = QStringLiteral("clientId");
//! Where "Sign in with Slack" goes: <base>/oauth/v2/authorize in the browser and
//! <base>/api/oauth.v2.access for the code; https://slack.com unless set.
inline const QString OAuthBaseUrl = QStringLiteral("oauthBaseUrl");
//! Seconds between polls when Socket Mode is off; 0 or absent = computed from the tier.
inline const QString PollIntervalSeconds = QStringLiteral("pollIntervalSeconds");
} // namespace SlackSettingKey

//! A Slack account's settings, parsed and checked.
struct SlackSettings {
    QString workspace; //!< display name of the workspace (auth.test fills it in when empty)
    QUrl apiBaseUrl;   //!< https://slack.com/api unless set
    QUrl socketModeApiBaseUrl;
    QString clientId;  //!< OAuth client id, a setting (never baked in)
    QUrl oauthBaseUrl; //!< https://slack.com unless set
    int pollIntervalSeconds = 0;

    static QUrl defaultApiBaseUrl() { return QUrl(QStringLiteral("https://slack.com/api")); }
    static QUrl defaultOAuthBaseUrl() { return QUrl(QStringLiteral("https://slack.com")); }
    //! Reads and checks the settings. A token travels in every request, so a plain http://
    //! base URL is refused unless its host is a loopback address (test emulators).
    static Result<SlackSettings> fromAccount(const Account& account);
    //! The setting keys, for ProviderInfo::settingKeys.
    static QStringList keys();
};

} // namespace tributary::slack
