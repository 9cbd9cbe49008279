#pragma once

#include "accounts/AccountForm.h"

namespace tributary::slack {

//! The settings form of a Slack account: workspace name, the user token (secret, kept in
//! the keyring as SecretKind::AccessToken; a pasted xoxp- token works, OAuth stores its
//! access token under the same kind), the optional app-level token for Socket Mode (secret,
//! SecretKind::AppToken), and, under "Advanced", the API base URL, the Socket Mode API base
//! URL, the OAuth client id and the sign-in base URL. Declares "Sign in with Slack"
//! (SlackOAuth::formSignIn), which fills the user token through the browser.
AccountForm slackAccountForm();

} // namespace tributary::slack
