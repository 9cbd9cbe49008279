#include "auth/AccountCredentials.h"

#include "auth/OAuthErrors.h"
#include "auth/TokenRefresher.h"
#include "auth/TokenStore.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QNetworkAccessManager>
#include <QPromise>

namespace tributary {

namespace {

//! Runs `call` (which returns a future) on `target`'s thread and hands its answer to the
//! returned future; the future ends cancelled if `target` is gone before it runs.
template <typename T, typename Call>
QFuture<T> onThreadOf(QObject* target, Call call) {
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    QFuture<T> future = promise->future();
    QMetaObject::invokeMethod(
        target,
        [promise, call = std::move(call)]() mutable {
            call().then([promise](const T& value) {
                promise->addResult(value);
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    return future;
}

} // namespace

AccountCredentials::AccountCredentials(QString accountId, QString accountName, QString secretKind,
                                       std::optional<OAuthConfig> oauth, SecretSource* secrets,
                                       QNetworkAccessManager* network, std::shared_ptr<Clock> clock,
                                       QObject* parent)
    : QObject(parent)
    , m_accountId(std::move(accountId))
    , m_secretKind(std::move(secretKind))
    , m_secrets(secrets)
    , m_network(network ? network : new QNetworkAccessManager(this)) {
    if (oauth) {
        m_refresher = new TokenRefresher(std::move(*oauth), m_accountId, std::move(accountName), m_secrets,
                                         m_network, std::move(clock), this);
        connect(m_refresher, &TokenRefresher::refreshed, this, &AccountCredentials::renewed);
        connect(m_refresher, &TokenRefresher::signInRequired, this, &AccountCredentials::signInRequired);
    }
}

AccountCredentials::~AccountCredentials() = default;

bool AccountCredentials::isRefusal(const ProviderError& error) {
    if (error.kind != ErrorKind::Auth)
        return false;
    // Auth errors that are not about the credential the server saw: nothing was sent, or
    // the account must be signed in again whatever the token.
    static const QStringList notRefusals = {
        KeychainErrorCode::SecretMissing,   OAuthErrorCode::SignInRequired,
        QStringLiteral("secret_refused"),   QStringLiteral("no_secrets"),
        QStringLiteral("missing_scope"),    QStringLiteral("no_permission"),
        QStringLiteral("account_inactive"), QStringLiteral("not_allowed_token_type")};
    return !notRefusals.contains(error.code);
}

QFuture<Result<Credential>> AccountCredentials::current() {
    if (QThread::currentThread() == thread())
        return currentHere();
    return onThreadOf<Result<Credential>>(this, [this] { return currentHere(); });
}

QFuture<Result<Credential>> AccountCredentials::refused(const QByteArray& secret) {
    if (QThread::currentThread() == thread())
        return refusedHere(secret);
    return onThreadOf<Result<Credential>>(this, [this, secret] { return refusedHere(secret); });
}

void AccountCredentials::reload() {
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, &AccountCredentials::reload, Qt::QueuedConnection);
        return;
    }
    m_cached.clear();
    if (m_refresher)
        m_refresher->forget();
}

QFuture<Result<Credential>> AccountCredentials::currentHere() {
    if (m_refresher)
        return fromToken(m_refresher->accessToken());
    if (!m_cached.isEmpty())
        return readyResult<Credential>(Credential{m_cached, std::nullopt});
    if (!m_secrets)
        return readyResult<Credential>(ProviderError::auth(
            tr("No password store is available for this account."), QStringLiteral("no_secrets")));
    return m_secrets->readSecret(m_accountId, m_secretKind)
        .then(this, [this](const Result<QByteArray>& secret) -> Result<Credential> {
            if (!secret.ok())
                return secret.error();
            m_cached = secret.value();
            return Credential{m_cached, std::nullopt};
        });
}

QFuture<Result<Credential>> AccountCredentials::refusedHere(const QByteArray& secret) {
    if (m_refresher) {
        qCInfo(lcOAuth) << "a server refused the access token of" << m_accountId << "- refreshing";
        return fromToken(m_refresher->refresh(secret));
    }
    if (m_cached == secret)
        m_cached.clear(); // read it again next time: the user may have fixed it meanwhile
    return readyResult<Credential>(ProviderError::auth(tr("The server refused the stored password or token."),
                                                       QStringLiteral("secret_refused")));
}

QFuture<Result<Credential>> AccountCredentials::fromToken(QFuture<Result<QByteArray>> token) {
    return token.then(this, [this](const Result<QByteArray>& r) -> Result<Credential> {
        if (!r.ok())
            return r.error();
        return Credential{r.value(), m_refresher->expiresAt()};
    });
}

} // namespace tributary
