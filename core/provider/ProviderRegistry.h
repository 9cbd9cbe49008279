#pragma once

#include "accounts/AccountForm.h"
#include "net/Liveness.h"
#include "provider/Provider.h"

#include <QHash>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

namespace tributary {

class SecretSource;

//! What a provider needs from the outside world, injected so tests can fake it.
struct ProviderContext {
    SecretSource* secrets = nullptr;
    //! How the provider's push connections watch their peer and reconnect (the defaults
    //! notice a dead peer within 45 s; tests shorten them).
    LivenessOptions liveness = {};
};

//! Describes a provider type for the UI's "add account" list.
struct ProviderInfo {
    QString id;          //!< "imap"
    QString displayName; //!< "Email (IMAP/SMTP)"
    //! Its icon among the app's bundled ones (":/icons/<iconName>.svg"), e.g. "providers/imap":
    //! the account list, the sidebar and the rows of a mixed list show it.
    QString iconName;
    //! Settings keys the account dialog asks for.
    QStringList settingKeys;
};

using ProviderFactory = std::function<std::unique_ptr<Provider>(const Account&, const ProviderContext&)>;

//! Providers register a factory here; app/ is the only place that registers them all.
class ProviderRegistry {
public:
    void registerProvider(ProviderInfo info, ProviderFactory factory);
    //! Registers a provider with the form the account dialog shows for it.
    void registerProvider(ProviderInfo info, ProviderFactory factory, AccountForm form);
    bool contains(const QString& providerId) const { return m_entries.contains(providerId); }
    QList<ProviderInfo> providers() const;
    //! The provider's settings form; null if it registered none (or the id is unknown).
    //! Valid until the next registerProvider() call.
    const AccountForm* form(const QString& providerId) const;
    //! Null if the account's provider id is unknown.
    std::unique_ptr<Provider> create(const Account& account, const ProviderContext& context) const;

private:
    struct Entry {
        ProviderInfo info;
        ProviderFactory factory;
        std::optional<AccountForm> form;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace tributary
