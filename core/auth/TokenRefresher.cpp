#include "auth/TokenRefresher.h"

#include "auth/OAuthErrors.h"
#include "auth/TokenStore.h"
#include "util/Futures.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QCryptographicHash>

namespace tributary {

namespace {
QByteArray digest(const QByteArray& token) {
    return token.isEmpty() ? QByteArray() : QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}
} // namespace

TokenRefresher::TokenRefresher(OAuthConfig config, QString accountId, QString accountName,
                               SecretSource* secrets, QNetworkAccessManager* network,
                               std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent)
    , m_endpoint(std::move(config), std::move(accountId), std::move(accountName), secrets, network,
                 std::move(clock)) {}

TokenRefresher::~TokenRefresher() {
    complete(ProviderError::cancelled());
}

bool TokenRefresher::holdsFreshToken() const {
    if (!m_loaded || m_accessToken.isEmpty())
        return false;
    // Unknown expiry: the token is used until the API refuses it (then refresh()).
    if (!m_expiresAt)
        return true;
    qint64 marginMs = std::chrono::duration_cast<std::chrono::milliseconds>(m_margin).count();
    if (m_obtainedAt)
        marginMs = std::min(marginMs, m_obtainedAt->msecsTo(*m_expiresAt) / 2);
    return m_endpoint.clock()->wallNow().addMSecs(marginMs) < *m_expiresAt;
}

QFuture<Result<QByteArray>> TokenRefresher::join() {
    // A future of its own for each caller: a QFuture takes one continuation, so callers
    // sharing one would replace each other's.
    auto waiter = std::make_shared<QPromise<Result<QByteArray>>>();
    waiter->start();
    m_waiters.push_back(waiter);
    return waiter->future();
}

QFuture<Result<QByteArray>> TokenRefresher::begin() {
    m_busy = true;
    m_pendingRefreshes = false;
    return join();
}

QFuture<Result<QByteArray>> TokenRefresher::accessToken() {
    if (m_busy)
        return join();
    if (holdsFreshToken())
        return readyResult<QByteArray>(m_accessToken);
    QFuture<Result<QByteArray>> future = begin();
    if (m_loaded)
        startRefresh();
    else
        loadFromStore();
    return future;
}

QFuture<Result<QByteArray>> TokenRefresher::refresh(const QByteArray& rejectedToken) {
    if (m_busy) {
        // A load in progress refreshes when it is done; a refresh in progress is shared.
        m_pendingRefreshes = true;
        return join();
    }
    if (!rejectedToken.isEmpty() && m_accessToken != rejectedToken && holdsFreshToken())
        return readyResult<QByteArray>(m_accessToken);
    QFuture<Result<QByteArray>> future = begin();
    m_pendingRefreshes = true;
    startRefresh();
    return future;
}

void TokenRefresher::loadFromStore() {
    SecretSource* secrets = m_endpoint.secrets();
    const QString& account = m_endpoint.accountId();
    whenDone(secrets->readSecret(account, SecretKind::AccessToken), this,
             [this, secrets, account](const Result<QByteArray>& token) {
                 if (!token.ok() && token.error().code != KeychainErrorCode::SecretMissing) {
                     complete(token.error());
                     return;
                 }
                 whenDone(secrets->readSecret(account, OAuthSecretKind::AccessTokenExpiry), this,
                          [this, token](const Result<QByteArray>& expiry) {
                              if (!expiry.ok() && expiry.error().code != KeychainErrorCode::SecretMissing) {
                                  complete(expiry.error());
                                  return;
                              }
                              m_loaded = true;
                              m_accessToken = token.ok() ? token.value() : QByteArray();
                              // The token of a refused grant is no use: only a new sign-in's is.
                              if (!m_deadAccessToken.isEmpty() && digest(m_accessToken) == m_deadAccessToken)
                                  m_accessToken.clear();
                              m_expiresAt = expiry.ok() ? decodeTokenExpiry(expiry.value()) : std::nullopt;
                              m_obtainedAt.reset();
                              if (!m_pendingRefreshes && holdsFreshToken()) {
                                  complete(m_accessToken);
                                  return;
                              }
                              startRefresh();
                          });
             });
}

void TokenRefresher::startRefresh() {
    m_pendingRefreshes = true;
    if (!m_unsavedRefreshToken.isEmpty()) {
        refreshWith(m_unsavedRefreshToken);
        return;
    }
    whenDone(m_endpoint.secrets()->readSecret(m_endpoint.accountId(), SecretKind::RefreshToken), this,
             [this](const Result<QByteArray>& refreshToken) {
                 if (!refreshToken.ok()) {
                     if (refreshToken.error().code == KeychainErrorCode::SecretMissing) {
                         qCInfo(lcOAuth) << "no refresh token stored for" << m_endpoint.accountId();
                         const bool announce = !m_noRefreshToken;
                         dropDeadGrant({}, true);
                         m_noRefreshToken = true;
                         failSignInRequired(announce);
                         return;
                     }
                     complete(refreshToken.error());
                     return;
                 }
                 m_noRefreshToken = false;
                 if (!m_deadRefreshToken.isEmpty() && digest(refreshToken.value()) == m_deadRefreshToken) {
                     // Refused before and no new sign-in since: asking again would only make
                     // the server say no again (and under rotation look like token theft).
                     failSignInRequired(false);
                     return;
                 }
                 m_deadRefreshToken.clear();
                 refreshWith(refreshToken.value());
             });
}

void TokenRefresher::refreshWith(const QByteArray& refreshToken) {
    whenDone(m_endpoint.clientSecret(), this, [this, refreshToken](const Result<QByteArray>& secret) {
        if (!secret.ok()) {
            complete(secret.error());
            return;
        }
        const FormFields fields{{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                {QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken)}};
        whenDone(m_endpoint.requestTokens(fields, secret.value(), OAuthGrantType::RefreshToken, this), this,
                 [this, refreshToken](const Result<OAuthTokenResponse>& tokens) {
                     if (!tokens.ok()) {
                         const ProviderError& error = tokens.error();
                         if (error.code == OAuthErrorCode::SignInRequired)
                             dropDeadGrant(refreshToken, true);
                         complete(error);
                         if (error.code == OAuthErrorCode::SignInRequired)
                             Q_EMIT signInRequired(error);
                         return;
                     }
                     onRefreshed(tokens.value());
                 });
    });
}

void TokenRefresher::onRefreshed(const OAuthTokenResponse& tokens) {
    m_loaded = true;
    m_accessToken = tokens.accessToken;
    m_expiresAt = tokens.expiresAt;
    m_obtainedAt = m_endpoint.clock()->wallNow();
    if (!tokens.refreshToken.isEmpty())
        m_unsavedRefreshToken = tokens.refreshToken; // until the keychain has it
    qCInfo(lcOAuth) << "access token of" << m_endpoint.accountId() << "refreshed"
                    << (tokens.refreshToken.isEmpty() ? "" : "(refresh token rotated)");
    whenDone(storeTokens(m_endpoint.secrets(), m_endpoint.accountId(), tokens, this), this,
             [this, expiresAt = tokens.expiresAt](const Result<void>& stored) {
                 if (stored.ok()) {
                     m_unsavedRefreshToken.clear();
                 } else {
                     qCWarning(lcOAuth) << "refreshed tokens of" << m_endpoint.accountId()
                                        << "not stored:" << stored.error().code;
                     Q_EMIT storageFailed(stored.error());
                 }
                 complete(m_accessToken);
                 Q_EMIT refreshed(expiresAt.value_or(QDateTime()));
             });
}

QFuture<Result<void>> TokenRefresher::revokeAtServer() {
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    QFuture<Result<void>> future = promise->future();
    auto revokeWith = [this, promise](const QByteArray& token, const QString& hint) {
        whenDone(m_endpoint.clientSecret(), this,
                 [this, promise, token, hint](const Result<QByteArray>& secret) {
                     if (!secret.ok()) {
                         promise->addResult(secret.error());
                         promise->finish();
                         return;
                     }
                     whenDone(m_endpoint.revoke(token, hint, secret.value(), this), this,
                              [this, promise, token, hint](const Result<void>& revoked) {
                                  if (revoked.ok()) {
                                      const bool refresh = hint == QLatin1String("refresh_token");
                                      dropDeadGrant(refresh ? token : QByteArray(), false);
                                  }
                                  promise->addResult(revoked);
                                  promise->finish();
                              });
                 });
    };
    if (!m_unsavedRefreshToken.isEmpty()) {
        revokeWith(m_unsavedRefreshToken, QStringLiteral("refresh_token"));
        return future;
    }
    SecretSource* secrets = m_endpoint.secrets();
    const QString account = m_endpoint.accountId();
    whenDone(secrets->readSecret(account, SecretKind::RefreshToken), this,
             [this, promise, secrets, account, revokeWith](const Result<QByteArray>& refreshToken) {
                 if (refreshToken.ok()) {
                     revokeWith(refreshToken.value(), QStringLiteral("refresh_token"));
                     return;
                 }
                 if (refreshToken.error().code != KeychainErrorCode::SecretMissing) {
                     promise->addResult(refreshToken.error());
                     promise->finish();
                     return;
                 }
                 // No refresh token: revoke the access token, if there is one.
                 whenDone(secrets->readSecret(account, SecretKind::AccessToken), this,
                          [this, promise, revokeWith](const Result<QByteArray>& accessToken) {
                              if (accessToken.ok()) {
                                  revokeWith(accessToken.value(), QStringLiteral("access_token"));
                                  return;
                              }
                              if (accessToken.error().code == KeychainErrorCode::SecretMissing) {
                                  forget();
                                  promise->addResult(Done{}); // nothing left to revoke
                              } else {
                                  promise->addResult(accessToken.error());
                              }
                              promise->finish();
                          });
             });
    return future;
}

void TokenRefresher::dropDeadGrant(const QByteArray& refusedRefreshToken, bool reloadLater) {
    const QByteArray deadAccess = m_accessToken.isEmpty() ? m_deadAccessToken : digest(m_accessToken);
    const QByteArray deadRefresh =
        refusedRefreshToken.isEmpty() ? m_deadRefreshToken : digest(refusedRefreshToken);
    forget();
    m_deadRefreshToken = deadRefresh;
    if (reloadLater) {
        // The next call reads the keychain again, so a new sign-in's token is used at once;
        // the refused one is recognised and not presented again.
        m_deadAccessToken = deadAccess;
        return;
    }
    // Held as "loaded, no access token": the next call goes straight to a refresh with the
    // refresh token the keychain has then, answered at once while it is the refused one.
    m_loaded = true;
}

void TokenRefresher::failSignInRequired(bool announce) {
    const ProviderError error = oauthSignInRequired(m_endpoint.accountName());
    complete(error);
    if (announce)
        Q_EMIT signInRequired(error);
}

void TokenRefresher::forget() {
    m_loaded = false;
    m_accessToken.clear();
    m_expiresAt.reset();
    m_obtainedAt.reset();
    m_unsavedRefreshToken.clear();
    m_deadRefreshToken.clear();
    m_deadAccessToken.clear();
    m_noRefreshToken = false;
}

void TokenRefresher::complete(Result<QByteArray> result) {
    if (!m_busy)
        return;
    // Reset before finishing: a continuation may call accessToken() at once.
    std::vector<std::shared_ptr<QPromise<Result<QByteArray>>>> waiters = std::move(m_waiters);
    m_waiters.clear();
    m_busy = false;
    m_pendingRefreshes = false;
    for (const auto& waiter : waiters) {
        waiter->addResult(result);
        waiter->finish();
    }
}

} // namespace tributary
