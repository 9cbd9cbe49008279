#include "auth/OAuthFlow.h"

#include "auth/OAuthErrors.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <QCoreApplication>

namespace tributary {

namespace {

//! Length of the random `state`: 43 characters of 66 symbols, about 260 bits.
constexpr int kStateLength = 43;

//! Compares without an early exit, so the time taken says nothing about the expected
//! state.
bool constantTimeEquals(const QByteArray& a, const QByteArray& b) {
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

void appendParam(QByteArray& query, const QString& name, const QString& value) {
    if (!query.isEmpty())
        query += '&';
    query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
}

} // namespace

OAuthFlow::OAuthFlow(OAuthConfig config, QString accountId, QString accountName, SecretSource* secrets,
                     QNetworkAccessManager* network, BrowserOpener openBrowser, std::shared_ptr<Clock> clock,
                     QObject* parent)
    : QObject(parent)
    , m_endpoint(std::move(config), std::move(accountId), std::move(accountName), secrets, network,
                 std::move(clock))
    , m_openBrowser(std::move(openBrowser)) {}

OAuthFlow::~OAuthFlow() {
    if (m_promise && !m_finished)
        finish(ProviderError::cancelled());
}

QUrl OAuthFlow::buildAuthorizationUrl(const OAuthConfig& config, const QUrl& redirectUri,
                                      const QByteArray& state, const Pkce& pkce) {
    // Built by hand: QUrlQuery leaves '+' and some delimiters alone, which a server would
    // read as a space or a separator inside a value.
    QByteArray query = config.authorizationUrl.query(QUrl::FullyEncoded).toLatin1();
    appendParam(query, QStringLiteral("response_type"), QStringLiteral("code"));
    appendParam(query, QStringLiteral("client_id"), config.clientId);
    appendParam(query, QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded));
    if (!config.scopes.isEmpty())
        appendParam(query, config.scopeParameter, config.scopes.join(config.scopeSeparator));
    appendParam(query, QStringLiteral("state"), QString::fromLatin1(state));
    appendParam(query, QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge));
    appendParam(query, QStringLiteral("code_challenge_method"), QString::fromLatin1(Pkce::method()));
    for (const auto& [name, value] : config.extraAuthorizeParams)
        appendParam(query, name, value);
    QUrl url = config.authorizationUrl;
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

FormFields OAuthFlow::codeExchangeFields(const QString& code, const QUrl& redirectUri, const Pkce& pkce) {
    return {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
            {QStringLiteral("code"), code},
            {QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded)},
            {QStringLiteral("code_verifier"), QString::fromLatin1(pkce.verifier)}};
}

QFuture<Result<OAuthGrant>> OAuthFlow::start() {
    if (m_promise)
        return m_future;
    m_promise.emplace();
    m_promise->start();
    m_future = m_promise->future();

    if (Result<void> valid = m_endpoint.config().validate(); !valid.ok()) {
        finish(valid.error());
        return m_future;
    }
    qCInfo(lcOAuth) << "sign-in started for" << m_endpoint.accountId() << "at"
                    << m_endpoint.config().authorizationUrl.host();
    // A confidential client's secret is read first: better to fail before the user has
    // gone through the browser.
    whenDone(m_endpoint.clientSecret(), this, [this](const Result<QByteArray>& secret) {
        if (m_finished)
            return;
        if (!secret.ok()) {
            finish(secret.error());
            return;
        }
        m_clientSecret = secret.value();
        openBrowser();
    });
    return m_future;
}

void OAuthFlow::cancel() {
    if (m_promise && !m_finished) {
        qCInfo(lcOAuth) << "sign-in for" << m_endpoint.accountId() << "cancelled";
        finish(ProviderError::cancelled());
    }
}

void OAuthFlow::openBrowser() {
    const OAuthConfig& config = m_endpoint.config();
    m_server = new LoopbackRedirectServer(config.callbackPath, m_endpoint.clock(), this);
    connect(m_server, &LoopbackRedirectServer::callbackReceived, this, &OAuthFlow::onCallback);
    connect(m_server, &LoopbackRedirectServer::timedOut, this, [this] {
        const qint64 minutes = std::max<qint64>(
            1, std::chrono::duration_cast<std::chrono::minutes>(m_endpoint.config().signInTimeout).count());
        finish(ProviderError::auth(
            tr("The sign-in was not completed in the browser within %n minute(s). Try again.", nullptr,
               static_cast<int>(minutes)),
            OAuthErrorCode::SignInTimeout));
    });
    if (Result<void> listening = m_server->listen(config.signInTimeout); !listening.ok()) {
        finish(listening.error());
        return;
    }
    m_pkce = Pkce::generate();
    m_state = randomUrlSafeString(kStateLength);
    m_authorizationUrl = buildAuthorizationUrl(config, m_server->redirectUri(), m_state, m_pkce);
    Q_EMIT waitingForBrowser(m_authorizationUrl);
    if (!m_openBrowser || !m_openBrowser(m_authorizationUrl)) {
        finish(ProviderError::auth(tr("Tributary could not open your web browser to sign in. Set a default "
                                      "browser for your desktop and try again."),
                                   OAuthErrorCode::BrowserFailed));
    }
}

void OAuthFlow::onCallback(const LoopbackRedirectServer::Params& params) {
    if (m_finished)
        return;
    // The state comes first, also for error answers: anything on the machine can send the
    // browser to our port, and only the real authorization server knows the state.
    if (!constantTimeEquals(params.value(QStringLiteral("state")).toLatin1(), m_state)) {
        qCWarning(lcOAuth) << "sign-in callback for" << m_endpoint.accountId()
                           << "has a wrong state; ignored";
        finish(ProviderError::auth(tr("The answer that came back from the browser does not belong to this "
                                      "sign-in, so Tributary ignored it. Try signing in again."),
                                   OAuthErrorCode::StateMismatch));
        return;
    }
    const QString issuer = params.value(QStringLiteral("iss"));
    if (!m_endpoint.config().issuer.isEmpty() && !issuer.isEmpty() && issuer != m_endpoint.config().issuer) {
        qCWarning(lcOAuth) << "sign-in callback for" << m_endpoint.accountId() << "names another issuer";
        finish(ProviderError::auth(tr("The answer that came back from the browser was issued by a different "
                                      "sign-in service than the one Tributary asked. Try signing in again."),
                                   OAuthErrorCode::IssuerMismatch));
        return;
    }
    if (params.contains(QStringLiteral("error"))) {
        const ProviderError error = oauthAuthorizationError(params.value(QStringLiteral("error")));
        qCInfo(lcOAuth) << "sign-in for" << m_endpoint.accountId() << "refused:" << error.code;
        finish(error);
        return;
    }
    const QString code = params.value(QStringLiteral("code"));
    if (code.isEmpty()) {
        finish(
            ProviderError::protocol(tr("The sign-in service sent the browser back without an authorization "
                                       "code."),
                                    OAuthErrorCode::BadCallback));
        return;
    }
    exchange(code);
}

void OAuthFlow::exchange(const QString& code) {
    const QUrl redirectUri = m_server->redirectUri();
    whenDone(m_endpoint.requestTokens(codeExchangeFields(code, redirectUri, m_pkce), m_clientSecret,
                                      OAuthGrantType::AuthorizationCode, this),
             this, [this](const Result<OAuthTokenResponse>& tokens) {
                 if (m_finished)
                     return;
                 if (!tokens.ok()) {
                     finish(tokens.error());
                     return;
                 }
                 OAuthGrant grant;
                 grant.expiresAt = tokens->expiresAt;
                 grant.scopes = tokens->scopes;
                 grant.hasRefreshToken = !tokens->refreshToken.isEmpty();
                 grant.extra = tokens->extra;
                 if (!grant.hasRefreshToken)
                     qCInfo(lcOAuth) << "no refresh token issued for" << m_endpoint.accountId();
                 whenDone(storeTokens(m_endpoint.secrets(), m_endpoint.accountId(), tokens.value(), this),
                          this, [this, grant](const Result<void>& stored) {
                              if (!stored.ok()) {
                                  finish(stored.error());
                                  return;
                              }
                              qCInfo(lcOAuth) << "sign-in for" << m_endpoint.accountId() << "complete";
                              finish(grant);
                          });
             });
}

void OAuthFlow::finish(Result<OAuthGrant> result) {
    if (m_finished || !m_promise)
        return;
    m_finished = true;
    if (m_server)
        m_server->close();
    // Nothing secret outlives the flow's purpose.
    m_pkce = Pkce{};
    m_state.fill('\0');
    m_clientSecret.fill('\0');
    m_clientSecret.clear();
    m_promise->addResult(std::move(result));
    m_promise->finish();
}

} // namespace tributary
