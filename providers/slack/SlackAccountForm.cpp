#include "slack/SlackAccountForm.h"

#include "provider/SecretSource.h"
#include "slack/SlackOAuth.h"
#include "slack/SlackSettings.h"

#include <QObject>

namespace tributary::slack {

namespace {

FormField field(const QString& key, const QString& label, FormFieldKind kind,
                const QString& group = QString()) {
    FormField f;
    f.key = key;
    f.label = label;
    f.kind = kind;
    f.group = group;
    f.advanced = !group.isEmpty();
    return f;
}

} // namespace

AccountForm slackAccountForm() {
    const QString advanced = QObject::tr("Advanced");
    AccountForm form;

    FormField workspace = field(SlackSettingKey::Workspace, QObject::tr("Workspace"), FormFieldKind::Text);
    workspace.placeholder = QObject::tr("Acme Inc.");
    workspace.help =
        QObject::tr("A name for this workspace in Tributary; Slack's own name is used when empty.");
    form.fields.append(workspace);

    FormField token = field(SecretKind::AccessToken, QObject::tr("User token"), FormFieldKind::Secret);
    token.placeholder = QStringLiteral("xoxp-…");
    token.help = QObject::tr("A Slack user token (xoxp-) with the channels, groups, im, mpim, users and chat "
                             "scopes, pasted or filled in by \u201cSign in with Slack\u201d. Kept in your "
                             "system keyring, never in Tributary's files.");
    token.required = true;
    form.fields.append(token);

    FormField appToken =
        field(SecretKind::AppToken, QObject::tr("App-level token (optional)"), FormFieldKind::Secret);
    appToken.placeholder = QStringLiteral("xapp-…");
    appToken.help = QObject::tr("An app-level token (xapp-) with connections:write turns on live updates "
                                "through Socket Mode; without it Tributary checks for new messages "
                                "periodically.");
    form.fields.append(appToken);

    FormField api =
        field(SlackSettingKey::ApiBaseUrl, QObject::tr("API address"), FormFieldKind::Text, advanced);
    api.defaultValue = SlackSettings::defaultApiBaseUrl().toString();
    api.placeholder = SlackSettings::defaultApiBaseUrl().toString();
    api.help = QObject::tr("Where Slack's Web API is; change it only for a test server or a proxy.");
    form.fields.append(api);

    FormField socket = field(SlackSettingKey::SocketModeApiBaseUrl, QObject::tr("Socket Mode API address"),
                             FormFieldKind::Text, advanced);
    socket.placeholder = QObject::tr("Same as the API address");
    socket.help = QObject::tr("Where apps.connections.open is called; the API address when empty.");
    form.fields.append(socket);

    FormField clientId =
        field(SlackSettingKey::ClientId, QObject::tr("OAuth client id"), FormFieldKind::Text, advanced);
    clientId.help =
        QObject::tr("The client id of your Slack app, for signing in through the browser instead of "
                    "pasting a token.");
    form.fields.append(clientId);

    FormField oauth =
        field(SlackSettingKey::OAuthBaseUrl, QObject::tr("Sign-in address"), FormFieldKind::Text, advanced);
    oauth.defaultValue = SlackSettings::defaultOAuthBaseUrl().toString();
    oauth.placeholder = SlackSettings::defaultOAuthBaseUrl().toString();
    oauth.help = QObject::tr("Where \u201cSign in with Slack\u201d opens /oauth/v2/authorize and calls "
                             "/api/oauth.v2.access; change it only for a test server.");
    form.fields.append(oauth);

    form.oauthSignIn = SlackOAuth::formSignIn();
    return form;
}

} // namespace tributary::slack
