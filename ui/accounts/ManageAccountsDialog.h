#pragma once

#include <QDialog>

namespace tributary {
class AccountManager;
class ProviderRegistry;
class TokenStore;
} // namespace tributary

namespace tributary::ui {

class AccountsPage;

//! "Manage accounts": the AccountsPage in a dialog with a Close button. Without a keychain
//! (accounts from a file) it only lists them and says where they come from.
class ManageAccountsDialog : public QDialog {
    Q_OBJECT
public:
    ManageAccountsDialog(const ProviderRegistry& registry, AccountManager* accounts, TokenStore* keychain,
                         QWidget* parent = nullptr);

    AccountsPage* page() const { return m_page; }
    //! Accounts that cannot be changed here; `why` says where to change them.
    void setReadOnly(const QString& why);

private:
    AccountsPage* m_page;
};

} // namespace tributary::ui
