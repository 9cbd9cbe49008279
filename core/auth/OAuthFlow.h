#pragma once

#include "auth/LoopbackRedirectServer.h"
#include "auth/OAuthConfig.h"
#include "auth/OAuthEndpoint.h"
#include "auth/OAuthTokens.h"
#include "auth/Pkce.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace tributary {

//! One interactive sign-in: OAuth 2.0 authorization code grant with PKCE for a native
//! app (RFC 6749 §4.1, RFC 7636, RFC 8252), through the user's own browser and a
//! loopback redirect.
//!
//! start() listens on 127.0.0.1 (random port), opens the authorization URL (response_type
//! code, client_id, redirect_uri http://127.0.0.1:PORT/callback, scope, a random state,
//! an S256 code_challenge, plus the config's extra parameters) through the injected
//! browser opener, waits for the callback, checks state (and iss when the config names
//! an issuer), exchanges the code with the verifier at the token endpoint and writes the
//! access token, its expiry and the refresh token to the SecretSource (the keychain in
//! the app). The future's value carries no secret.
//!
//! Written on QNetworkAccessManager rather than QOAuth2AuthorizationCodeFlow: Qt 6.4's
//! class has no PKCE, keeps tokens in its own properties, reports token endpoint errors
//! only as untyped strings and cannot tell invalid_grant from a network failure, and its
//! reply handler would need the same loopback server anyway. The whole exchange is a
//! few hundred lines here, and every failure maps onto a typed ProviderError.
//!
//! Lives on the thread of the QNetworkAccessManager (the GUI thread in the app); call it
//! there. Destroying the flow abandons it: the future ends cancelled, nothing is stored.
class OAuthFlow : public QObject {
    Q_OBJECT
public:
    //! Shows `url` to the user; false if no browser could be started. The app passes
    //! QDesktopServices::openUrl, tests a scripted HTTP client.
    using BrowserOpener = std::function<bool(const QUrl& url)>;

    //! `accountName` appears in messages ("Your sign-in for <name> ..."). `secrets` and
    //! `network` must outlive the flow.
    OAuthFlow(OAuthConfig config, QString accountId, QString accountName, SecretSource* secrets,
              QNetworkAccessManager* network, BrowserOpener openBrowser,
              std::shared_ptr<Clock> clock = nullptr /* SystemClock::shared() */, QObject* parent = nullptr);
    ~OAuthFlow() override;

    //! Runs the sign-in once (a second call returns the same future). Errors (kind, code):
    //!  - Invalid oauth_invalid_config: see OAuthConfig::validate
    //!  - Auth secret_missing: a confidential client's secret is not stored
    //!  - Network oauth_listen_failed; Auth oauth_browser_failed
    //!  - Auth oauth_state_mismatch / oauth_issuer_mismatch: a forged or stray callback
    //!  - Auth oauth_access_denied: the user declined consent
    //!  - Auth oauth_sign_in_timeout: the browser never came back (config.signInTimeout)
    //!  - from the token endpoint: Auth oauth_code_rejected, Invalid oauth_invalid_client,
    //!    Network (retryable), Protocol oauth_bad_token_response ...
    //!  - the SecretSource's error when the tokens cannot be stored (Storage ...)
    QFuture<Result<OAuthGrant>> start();
    //! Gives up: the future ends with ProviderError::cancelled(), nothing is stored.
    void cancel();

    //! The URL the browser was sent to (empty before start()), for a "copy link" fallback.
    QUrl authorizationUrl() const { return m_authorizationUrl; }

    //! The authorization request URL for `redirectUri`: the config's endpoint with its own
    //! query kept, then response_type, client_id, redirect_uri, the scopes (joined by
    //! config.scopeSeparator, under config.scopeParameter, left out when empty), state, code_challenge,
    //! code_challenge_method=S256 and the extra parameters, all percent-encoded.
    static QUrl buildAuthorizationUrl(const OAuthConfig& config, const QUrl& redirectUri,
                                      const QByteArray& state, const Pkce& pkce);
    //! The token request fields of the code exchange (client_id is added by OAuthEndpoint).
    static FormFields codeExchangeFields(const QString& code, const QUrl& redirectUri, const Pkce& pkce);

Q_SIGNALS:
    //! The browser was asked to open `url`; the UI may show "Waiting for your browser".
    void waitingForBrowser(const QUrl& url);

private:
    void openBrowser();
    void onCallback(const LoopbackRedirectServer::Params& params);
    void exchange(const QString& code);
    void finish(Result<OAuthGrant> result);

    OAuthEndpoint m_endpoint;
    BrowserOpener m_openBrowser;
    LoopbackRedirectServer* m_server = nullptr;
    std::optional<QPromise<Result<OAuthGrant>>> m_promise;
    QFuture<Result<OAuthGrant>> m_future;
    Pkce m_pkce;
    QByteArray m_state;
    QByteArray m_clientSecret;
    QUrl m_authorizationUrl;
    bool m_finished = false;
};

} // namespace tributary
