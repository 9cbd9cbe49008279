#pragma once

#include "provider/ProviderRegistry.h"

#include <QObject>
#include <map>
#include <memory>

namespace tributary {

//! Where account settings are persisted (the ViewStateCache in the app, a JSON file in the CLI).
class AccountStorage {
public:
    virtual ~AccountStorage() = default;
    virtual QList<Account> loadAccounts() = 0;
    virtual Result<void> saveAccounts(const QList<Account>& accounts) = 0;
};

//! Owns the configured accounts and their live providers. It persists only
//! non-secret settings: an account whose settings name a secret is refused.
class AccountManager : public QObject {
    Q_OBJECT
public:
    AccountManager(const ProviderRegistry& registry, ProviderContext context, AccountStorage* storage,
                   QObject* parent = nullptr);
    ~AccountManager() override;

    //! Loads persisted accounts and creates their providers.
    void load();
    Result<void> addAccount(const Account& account);
    Result<void> updateAccount(const Account& account);
    Result<void> removeAccount(const QString& accountId);

    QList<Account> accounts() const;
    Provider* provider(const QString& accountId) const;
    QList<Provider*> providers() const;

    //! True for settings keys that look like they hold a secret ("password", "token" ...).
    static bool isSecretKey(const QString& key);

signals:
    void accountAdded(const tributary::Account& account);
    void accountRemoved(const QString& accountId);
    void accountUpdated(const tributary::Account& account);

private:
    Result<void> validate(const Account& account) const;
    Result<void> persist();

    const ProviderRegistry& m_registry;
    ProviderContext m_context;
    AccountStorage* m_storage;
    QList<Account> m_accounts;
    std::map<QString, std::unique_ptr<Provider>> m_providers;
};

} // namespace tributary
