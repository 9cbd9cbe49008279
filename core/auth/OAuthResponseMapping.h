#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>

namespace tributary {

//! Turns the JSON object of a token endpoint's 2xx answer into the RFC 6749 shape the
//! flow reads: either a §5.1 success (access_token, token_type, refresh_token,
//! expires_in, scope, plus any other members, which become OAuthGrant::extra) or a §5.2
//! error object ({"error": "<RFC 6749 code>"}), which is then typed exactly like an
//! error answered with HTTP 400 (invalid_grant while refreshing -> sign in again ...).
//! For APIs that nest the token or report errors with HTTP 200. Must be pure: it runs
//! for every token request, on the requester's thread.
using OAuthResponseMapper = std::function<QJsonObject(const QJsonObject& body)>;

//! How a token answer that is not in RFC 6749 shape is laid out (see nestedTokenResponse).
struct NestedTokenResponse {
    //! The boolean member saying whether the call worked ("ok"); empty when there is none.
    QString okMember;
    //! The member naming the error when `okMember` is false ("error").
    QString errorMember = QStringLiteral("error");
    //! The object holding access_token and its companions ("authed_user"); empty when the
    //! token members are at the top level. An answer without that object (Slack answers a
    //! refresh_token grant with the rotated tokens at the top level) is read at the top level.
    QString tokenMember;
    //! The API's error codes mapped onto RFC 6749 §5.2 codes ("invalid_code" ->
    //! "invalid_grant"); an unlisted code is passed on as it is.
    QHash<QString, QString> errorAliases;
    //! token_type values of the nested object that are bearer tokens by another name
    //! ("user"): they are reported as "Bearer".
    QStringList bearerTokenTypes;
    //! What separates the granted scopes in `scope` when it is not a space (Slack: ",").
    QString scopeSeparator;
};

//! The mapper for `layout`: an answer whose `okMember` is false becomes {"error": code}
//! (the code through errorAliases; "invalid_request" when the answer names none); otherwise
//! the top-level members, less `okMember` and `tokenMember`, with the members of
//! `tokenMember` laid over them (those at the top level dropped); without a token object,
//! the top-level members as they are (a token_type outside bearerTokenTypes is then refused
//! by OAuthTokenResponse::parse, so a bot token is never taken for the user's).
OAuthResponseMapper nestedTokenResponse(NestedTokenResponse layout);

} // namespace tributary
