#include "accounts/SignInAgain.h"

#include "auth/OAuthErrors.h"
#include "provider/ProviderRegistry.h"
#include "sync/SyncController.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <utility>

namespace tributary {

SignInAgain::SignInAgain(const ProviderRegistry& registry, SyncController* sync, SecretSource* keychain,
                         QNetworkAccessManager* network, OAuthFlow::BrowserOpener openBrowser,
                         QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_sync(sync)
    , m_keychain(keychain)
    , m_network(network)
    , m_openBrowser(std::move(openBrowser)) {}

SignInAgain::~SignInAgain() {
    // Abandoned: nothing is stored, and whoever waits sees the sign-in cancelled.
    const QHash<QString, Running> flows = std::exchange(m_flows, {});
    for (const Running& running : flows)
        delete running.flow.data();
}

std::optional<Result<OAuthConfig>> SignInAgain::configFor(const Account& account, const AccountForm* form) {
    if (account.settings.contains(OAuthSettingsKey::TokenUrl)) {
        OAuthConfig config = OAuthConfig::fromSettings(account.settings);
        if (Result<void> valid = config.validate(); !valid)
            return Result<OAuthConfig>(valid.error());
        return Result<OAuthConfig>(config);
    }
    if (form && form->oauthSignIn && form->oauthSignIn->config)
        return form->oauthSignIn->config(account.settings);
    return std::nullopt;
}

std::optional<Account> SignInAgain::account(const QString& accountId) const {
    const Provider* provider = m_sync ? m_sync->provider(accountId) : nullptr;
    if (!provider)
        return std::nullopt;
    return provider->account();
}

bool SignInAgain::hasBrowserSignIn(const QString& accountId) const {
    const std::optional<Account> a = account(accountId);
    if (!a)
        return false;
    // A form's sign-in that lacks a setting (a Slack account with a pasted token has no
    // client id) is no sign-in: the account's settings are where to fix it.
    const std::optional<Result<OAuthConfig>> config = configFor(*a, m_registry.form(a->providerId));
    return config && config->ok();
}

QFuture<Result<OAuthGrant>> SignInAgain::start(const QString& accountId) {
    auto waiter = std::make_shared<QPromise<Result<OAuthGrant>>>();
    waiter->start();
    QFuture<Result<OAuthGrant>> future = waiter->future();
    if (const auto running = m_flows.find(accountId); running != m_flows.end()) {
        running->waiters.push_back(waiter);
        return future;
    }
    const std::optional<Account> a = account(accountId);
    if (!a)
        return readyResult<OAuthGrant>(ProviderError::notFound(tr("This account is not set up any more."),
                                                               QStringLiteral("no_account")));
    const std::optional<Result<OAuthConfig>> config = configFor(*a, m_registry.form(a->providerId));
    if (!config)
        return readyResult<OAuthGrant>(ProviderError::invalid(
            tr("%1 signs in with a password: enter it in the account's settings.").arg(a->displayName),
            QStringLiteral("no_browser_sign_in")));
    if (!config->ok())
        return readyResult<OAuthGrant>(config->error());
    qCInfo(lcOAuth) << "signing" << accountId << "in again";
    // The tokens go straight to the keychain: the account's credentials read them from
    // there at its next request (a refused grant is never asked again until they change).
    auto* flow = new OAuthFlow(config->value(), accountId, a->displayName, m_keychain, m_network,
                               m_openBrowser, nullptr, this);
    m_flows.insert(accountId, Running{flow, {waiter}});
    flow->start().then(this, [this, accountId, flow](const Result<OAuthGrant>& result) {
        const Running running = m_flows.take(accountId);
        flow->deleteLater();
        if (result.ok() && m_sync)
            m_sync->reconnect(accountId);
        else if (!result.ok())
            qCInfo(lcOAuth) << "signing" << accountId << "in again failed:" << result.error().code;
        for (const auto& w : running.waiters) {
            w->addResult(result);
            w->finish();
        }
    });
    return future;
}

} // namespace tributary
