#pragma once

#include "auth/OAuthEndpoint.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QPromise>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;

namespace tributary {

//! Keeps one OAuth account's access token usable: reads it (and its expiry) from the
//! SecretSource, and when it is about to expire trades the refresh token for a new one
//! (RFC 6749 §6), storing whatever the server returns, including a rotated refresh token.
//!
//! Concurrent callers share one refresh: with rotation, two refreshes with the same
//! refresh token would look like token theft to the server, which then revokes the
//! whole grant. Errors:
//!  - Auth oauth_sign_in_required ("Your sign-in for <account> has expired or was
//!    revoked. Sign in again."): the server answered invalid_grant (expired, revoked, or
//!    a rotated token reused), or no refresh token is stored. signInRequired() is emitted.
//!  - Network (retryable): no answer, 5xx, timeout; the stored tokens are left as they
//!    were. Note that a refresh request is not idempotent under rotation: the caller's
//!    scheduler retries it only when the error proves the server never saw it.
//!  - Invalid oauth_invalid_client / oauth_invalid_config, RateLimited, Protocol, and the
//!    SecretSource's Storage errors when a token cannot be read.
//!
//! Lives on the thread of the QNetworkAccessManager and must be called there.
class TokenRefresher : public QObject {
    Q_OBJECT
public:
    //! `accountName` appears in messages. `secrets` and `network` must outlive it.
    TokenRefresher(OAuthConfig config, QString accountId, QString accountName, SecretSource* secrets,
                   QNetworkAccessManager* network, std::shared_ptr<Clock> clock = nullptr /* SystemClock */,
                   QObject* parent = nullptr);
    //! Pending calls end with ProviderError::cancelled().
    ~TokenRefresher() override;

    //! A usable access token: the one held (read from the SecretSource on first use) while
    //! it has more than expiryMargin() left or its expiry is unknown, else a refreshed one.
    QFuture<Result<QByteArray>> accessToken();
    //! Refreshes now, e.g. after the API answered 401. With `rejectedToken` (the token the
    //! API refused), a different token already held is returned instead: another caller
    //! refreshed meanwhile.
    QFuture<Result<QByteArray>> refresh(const QByteArray& rejectedToken = {});
    //! Revokes the grant at the server (RFC 7009, the refresh token or else the access
    //! token) and drops the tokens held in memory, so later calls answer sign-in-required;
    //! removing them from the keychain is the caller's (TokenStore::removeAccount).
    //! Invalid when the config has no revocation endpoint.
    QFuture<Result<void>> revokeAtServer();
    //! Drops the tokens held in memory, so the next call reads the SecretSource again
    //! (call it after a new OAuthFlow signed the account in).
    void forget();
    //! When the token held expires; none when unknown or nothing is held.
    std::optional<QDateTime> expiresAt() const { return m_expiresAt; }
    //! The server refused the grant (or none is stored) and no new sign-in has been stored
    //! since: calls answer oauth_sign_in_required without asking the server again.
    bool needsSignIn() const { return !m_deadRefreshToken.isEmpty() || m_noRefreshToken; }

    //! How long before its expiry a token counts as expired (default 60 s): enough for a
    //! request to reach the API with it. For a token this refresher obtained, at most half
    //! its lifetime, so short-lived tokens are not refreshed on every call.
    std::chrono::seconds expiryMargin() const { return m_margin; }
    void setExpiryMargin(std::chrono::seconds margin) { m_margin = margin; }

Q_SIGNALS:
    //! A refresh stored a new access token expiring at `expiresAt` (invalid if unknown).
    void refreshed(const QDateTime& expiresAt);
    //! The user must sign in again (carries the Auth oauth_sign_in_required error).
    void signInRequired(const tributary::ProviderError& error);
    //! A refreshed token could not be written to the keychain; it is used from memory
    //! until the next refresh tries again, but would be lost when Tributary quits.
    void storageFailed(const tributary::ProviderError& error);

private:
    bool holdsFreshToken() const;
    QFuture<Result<QByteArray>> join();
    QFuture<Result<QByteArray>> begin();
    void loadFromStore();
    void startRefresh();
    void refreshWith(const QByteArray& refreshToken);
    void onRefreshed(const OAuthTokenResponse& tokens);
    void complete(Result<QByteArray> result);
    //! Forgets the tokens held and remembers (as digests) the refused refresh token and the
    //! access token that went with it: until the keychain holds others (a new sign-in),
    //! calls fail at once instead of asking the server again and again. `reloadLater`: the
    //! next call reads the keychain's access token again (else it goes straight to a refresh).
    void dropDeadGrant(const QByteArray& refusedRefreshToken, bool reloadLater);
    void failSignInRequired(bool announce);

    OAuthEndpoint m_endpoint;
    std::chrono::seconds m_margin{60};
    bool m_loaded = false;
    QByteArray m_accessToken;
    std::optional<QDateTime> m_expiresAt;
    //! When the held token was obtained, if this refresher obtained it.
    std::optional<QDateTime> m_obtainedAt;
    //! A rotated refresh token whose write to the keychain failed: preferred to the
    //! stored (consumed) one until a write succeeds.
    QByteArray m_unsavedRefreshToken;
    //! SHA-256 digests of the tokens of a grant the server refused.
    QByteArray m_deadRefreshToken;
    QByteArray m_deadAccessToken;
    //! The keychain had no refresh token when one was needed.
    bool m_noRefreshToken = false;
    //! A load or refresh is under way; everyone asking meanwhile waits for its result.
    bool m_busy = false;
    std::vector<std::shared_ptr<QPromise<Result<QByteArray>>>> m_waiters;
    bool m_pendingRefreshes = false;
};

} // namespace tributary
