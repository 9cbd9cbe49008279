#include "provider/AccountManager.h"

#include <QRegularExpression>

namespace tributary {

AccountManager::AccountManager(const ProviderRegistry& registry, ProviderContext context,
                               AccountStorage* storage, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_context(context)
    , m_storage(storage) {}

AccountManager::~AccountManager() = default;

bool AccountManager::isSecretKey(const QString& key) {
    // "passwordEnv"/"tokenEnv" name an environment variable, and "oauthClientSecretKind" the
    // keychain entry that holds a secret, not the secret itself: they are allowed.
    if (key.endsWith(QStringLiteral("Env")) || key.endsWith(QStringLiteral("SecretKind")))
        return false;
    static const QRegularExpression secretish(QStringLiteral("pass(word)?|secret|token|api_?key|credential"),
                                              QRegularExpression::CaseInsensitiveOption);
    return secretish.match(key).hasMatch();
}

Result<void> AccountManager::validate(const Account& account) const {
    if (account.id.isEmpty() || account.id.contains(QLatin1Char(':')))
        return ProviderError::invalid(tr("An account needs an id without ':'."));
    if (!m_registry.contains(account.providerId))
        return ProviderError::invalid(tr("Unknown account type \"%1\".").arg(account.providerId));
    for (auto it = account.settings.constBegin(); it != account.settings.constEnd(); ++it) {
        if (isSecretKey(it.key()))
            return ProviderError::invalid(
                tr("The setting \"%1\" looks like a secret; secrets belong in the keychain.").arg(it.key()));
    }
    return Done{};
}

void AccountManager::load() {
    if (!m_storage)
        return;
    for (const Account& account : m_storage->loadAccounts()) {
        if (!validate(account))
            continue;
        m_accounts.append(account);
        m_providers[account.id] = m_registry.create(account, m_context);
        emit accountAdded(account);
    }
}

Result<void> AccountManager::addAccount(const Account& account) {
    if (auto ok = validate(account); !ok)
        return ok;
    if (m_providers.count(account.id))
        return ProviderError::invalid(tr("An account with the id \"%1\" exists already.").arg(account.id));
    m_accounts.append(account);
    m_providers[account.id] = m_registry.create(account, m_context);
    if (auto saved = persist(); !saved) {
        m_accounts.removeLast();
        m_providers.erase(account.id);
        return saved;
    }
    emit accountAdded(account);
    return Done{};
}

Result<void> AccountManager::updateAccount(const Account& account) {
    if (auto ok = validate(account); !ok)
        return ok;
    for (Account& existing : m_accounts) {
        if (existing.id != account.id)
            continue;
        const Account before = existing;
        existing = account;
        if (auto saved = persist(); !saved) {
            existing = before;
            return saved;
        }
        // Settings changed: the provider is recreated so it reconnects with them.
        m_providers[account.id] = m_registry.create(account, m_context);
        emit accountUpdated(account);
        return Done{};
    }
    return ProviderError::notFound(tr("No account with the id \"%1\".").arg(account.id));
}

Result<void> AccountManager::removeAccount(const QString& accountId) {
    const auto it = std::find_if(m_accounts.begin(), m_accounts.end(),
                                 [&](const Account& a) { return a.id == accountId; });
    if (it == m_accounts.end())
        return ProviderError::notFound(tr("No account with the id \"%1\".").arg(accountId));
    const Account removed = *it;
    m_accounts.erase(it);
    if (auto saved = persist(); !saved) {
        m_accounts.append(removed);
        return saved;
    }
    m_providers.erase(accountId);
    emit accountRemoved(accountId);
    return Done{};
}

QList<Account> AccountManager::accounts() const {
    return m_accounts;
}

Provider* AccountManager::provider(const QString& accountId) const {
    const auto it = m_providers.find(accountId);
    return it == m_providers.end() ? nullptr : it->second.get();
}

QList<Provider*> AccountManager::providers() const {
    QList<Provider*> list;
    for (const Account& a : m_accounts) {
        if (Provider* p = provider(a.id))
            list.append(p);
    }
    return list;
}

Result<void> AccountManager::persist() {
    return m_storage ? m_storage->saveAccounts(m_accounts) : Result<void>{};
}

} // namespace tributary
