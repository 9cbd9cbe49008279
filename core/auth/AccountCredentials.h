#pragma once

#include "auth/OAuthConfig.h"
#include "net/Clock.h"
#include "provider/ProviderError.h"
#include "provider/SecretSource.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QThread>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace tributary {

class TokenRefresher;

//! A secret as a server gets to see it, with when it stops working (OAuth access tokens).
struct Credential {
    QByteArray secret;
    //! None for passwords and tokens whose lifetime is unknown.
    std::optional<QDateTime> expiresAt;
};

//! The one place a provider gets the password or access token it presents, per account,
//! shared by every connection of the account (commands, push, sending).
//!
//! With an OAuthConfig (an OAuth account) the access token comes from a TokenRefresher:
//! refreshed ahead of its expiry, and once when a server refuses it (refused()); one
//! refresh at a time however many requests fail together; a rotated refresh token stored
//! before the new access token is handed out; a refused refresh (revoked, invalid_grant)
//! puts the account in "sign in again" (signInRequired()), and from then on answers at
//! once, without asking the token endpoint again, until a new sign-in is in the keychain.
//! Without an OAuthConfig the stored secret (a password, a pasted token) is read as it is.
//!
//! Callable from any thread: blocking protocols ask from their worker threads. The work
//! happens on the thread the object lives on, whose event loop must run (the GUI thread);
//! a caller on another thread must not block that thread while it waits.
class AccountCredentials : public QObject {
    Q_OBJECT
public:
    //! `secretKind`: where the secret is stored (SecretKind::Password, AccessToken ...).
    //! `network` may be null (one is made); `secrets` and `network` must outlive this.
    AccountCredentials(QString accountId, QString accountName, QString secretKind,
                       std::optional<OAuthConfig> oauth, SecretSource* secrets,
                       QNetworkAccessManager* network = nullptr, std::shared_ptr<Clock> clock = nullptr,
                       QObject* parent = nullptr);
    ~AccountCredentials() override;

    //! Whether a refused secret can be replaced by another one (OAuth): worth one retry.
    bool isRenewable() const { return m_refresher != nullptr; }
    //! The secret to present now. Errors: Auth (secret_missing, oauth_sign_in_required),
    //! Storage (keychain), retryable Network (the token endpoint could not be reached).
    QFuture<Result<Credential>> current();
    //! The server refused `secret`. Renewable: a fresh one (a single refresh for every
    //! caller reporting the same token), or Auth oauth_sign_in_required. Otherwise the
    //! stored secret is read again at the next current() (the user may have changed it)
    //! and the answer is Auth "secret_refused": retrying with the same one cannot help.
    QFuture<Result<Credential>> refused(const QByteArray& secret);
    //! The account signed in anew (the keychain holds new tokens): read them at the next call.
    void reload();

    const QString& accountId() const { return m_accountId; }
    //! The network access manager token requests go through.
    QNetworkAccessManager* networkAccessManager() const { return m_network; }

    //! Whether `error`, answered by a server for a request made with one of these
    //! credentials, says the credential itself was refused (401, AUTHENTICATIONFAILED,
    //! token_expired ...), as opposed to a missing permission or a locked keychain.
    static bool isRefusal(const ProviderError& error);

Q_SIGNALS:
    //! A new access token was stored (expiry invalid when unknown).
    void renewed(const QDateTime& expiresAt);
    //! The user must sign in again (Auth oauth_sign_in_required).
    void signInRequired(const tributary::ProviderError& error);

private:
    QFuture<Result<Credential>> currentHere();
    QFuture<Result<Credential>> refusedHere(const QByteArray& secret);
    QFuture<Result<Credential>> fromToken(QFuture<Result<QByteArray>> token);

    QString m_accountId;
    QString m_secretKind;
    SecretSource* m_secrets;
    QNetworkAccessManager* m_network;
    TokenRefresher* m_refresher = nullptr;
    QByteArray m_cached; //!< the stored secret, for credentials that are not renewable
};

//! For worker threads: waits for a future another thread fulfils, looking at `stop` every
//! `pollMs`, so a thread asked to stop is never stuck on an answer that will not come (the
//! other thread may be the one waiting for it to stop). Nothing when stopped or cancelled.
template <typename T, typename Stop>
std::optional<T> waitForFuture(QFuture<T> future, Stop stop, int pollMs = 50) {
    while (!future.isFinished()) {
        if (stop())
            return std::nullopt;
        QThread::msleep(static_cast<unsigned long>(pollMs));
    }
    if (future.isCanceled() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

} // namespace tributary
