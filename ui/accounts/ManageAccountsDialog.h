#pragma once

#include <QDialog>

namespace tributary {
class AccountManager;
class ProviderRegistry;
class TokenStore;
} // namespace tributary

namespace tributary::ui {

class AccountsPage;

//! "Manage accounts": the AccountsPage in a dialog with a Close button.
class ManageAccountsDialog : public QDialog {
    Q_OBJECT
public:
    ManageAccountsDialog(const ProviderRegistry& registry, AccountManager* accounts, TokenStore* keychain,
                         QWidget* parent = nullptr);

    AccountsPage* page() const { return m_page; }

private:
    AccountsPage* m_page;
};

} // namespace tributary::ui
