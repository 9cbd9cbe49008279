#include "provider/ProviderRegistry.h"

#include <algorithm>

namespace tributary {

void ProviderRegistry::registerProvider(ProviderInfo info, ProviderFactory factory) {
    const QString id = info.id;
    m_entries.insert(id, Entry{std::move(info), std::move(factory), std::nullopt});
}

void ProviderRegistry::registerProvider(ProviderInfo info, ProviderFactory factory, AccountForm form) {
    const QString id = info.id;
    m_entries.insert(id, Entry{std::move(info), std::move(factory), std::move(form)});
}

const AccountForm* ProviderRegistry::form(const QString& providerId) const {
    const auto it = m_entries.constFind(providerId);
    if (it == m_entries.constEnd() || !it->form)
        return nullptr;
    return &*it->form;
}

QList<ProviderInfo> ProviderRegistry::providers() const {
    QList<ProviderInfo> list;
    for (const Entry& e : m_entries)
        list.append(e.info);
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.displayName < b.displayName; });
    return list;
}

std::unique_ptr<Provider> ProviderRegistry::create(const Account& account,
                                                   const ProviderContext& context) const {
    const auto it = m_entries.constFind(account.providerId);
    if (it == m_entries.constEnd())
        return nullptr;
    return it->factory(account, context);
}

} // namespace tributary
