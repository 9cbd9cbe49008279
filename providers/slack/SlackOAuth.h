#pragma once

#include "accounts/AccountForm.h"
#include "auth/OAuthConfig.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariantMap>

namespace tributary::slack {

//! "Sign in with Slack": OAuth v2 for a user token, as a public client with PKCE (Slack
//! documents PKCE for desktop apps: the app is marked a public client in its settings and
//! then needs no client secret; loopback redirects may not ask for bot scopes, and
//! Tributary asks for none). The scopes go in `user_scope`, comma-separated;
//! oauth.v2.access answers HTTP 200 with {"ok":true,"authed_user":{"access_token",
//! "refresh_token"?, "expires_in"?, "scope", "token_type":"user", "id"}, "team":{...}} or
//! {"ok":false,"error":"..."}, which slackTokenResponseMapper() turns into RFC 6749 shape.
//! The access token lands under SecretKind::AccessToken, where SlackProvider reads it.
namespace SlackOAuth {

//! The user scopes Tributary asks for: reading channels, private channels, DMs and group
//! DMs (history, read), marking them read (the *:write scopes conversations.mark needs),
//! chat:write and users:read.
QStringList userScopes();

//! Slack's answers mapped onto RFC 6749: the token from authed_user, token_type "user" as
//! Bearer, comma-separated scopes, and ok:false errors (invalid_code -> invalid_grant,
//! invalid_client_id/bad_client_secret -> invalid_client, ...).
OAuthResponseMapper slackTokenResponseMapper();

//! The OAuthConfig for an account's settings (SlackSettingKey): authorize at
//! <oauthBaseUrl>/oauth/v2/authorize, exchange at <oauthBaseUrl>/api/oauth.v2.access, the
//! client id setting. Invalid ("oauth_invalid_config") when the client id is empty or a
//! URL setting is unusable.
Result<OAuthConfig> oauthConfig(const QVariantMap& settings);

//! "U0ALICE001 in Acme" from the token answer's extra members (id, team.name), or empty.
QString describeGrant(const QJsonObject& extra);

//! The sign-in the Slack account form declares.
FormOAuthSignIn formSignIn();

} // namespace SlackOAuth

} // namespace tributary::slack
