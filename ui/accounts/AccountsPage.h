#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace tributary {
class AccountManager;
class ProviderRegistry;
class TokenStore;
} // namespace tributary

namespace tributary::ui {

class AccountDialog;

//! The configured accounts with Add, Edit and Remove. Add and Edit open an AccountDialog
//! (window-modal, never blocking); Remove asks first, then deletes the account's settings
//! and its keychain secrets. Keyboard: Insert adds, Return edits, Delete removes.
class AccountsPage : public QWidget {
    Q_OBJECT
public:
    //! The registry, manager and keychain must outlive the page.
    AccountsPage(const ProviderRegistry& registry, AccountManager* accounts, TokenStore* keychain,
                 QWidget* parent = nullptr);

    //! The selected account's id, or empty.
    QString currentAccountId() const;
    //! Lists the accounts without Add, Edit and Remove, saying why (`why`): accounts that
    //! come from a file (--accounts) are changed in that file, not here.
    void setReadOnly(const QString& why);
    bool isReadOnly() const { return m_readOnly; }
    void selectAccount(const QString& accountId);

public slots:
    //! Opens the dialog to add an account.
    void addAccount();
    //! Opens the dialog to edit the selected account.
    void editAccount();
    //! Asks, then removes the selected account and deletes its secrets.
    void removeAccount();

signals:
    //! An add or edit dialog opened (for wiring and tests).
    void dialogOpened(tributary::ui::AccountDialog* dialog);

private:
    void refresh();
    void updateButtons();
    void removeConfirmed(const QString& accountId, const QString& name);
    void openDialog(AccountDialog* dialog);

    const ProviderRegistry& m_registry;
    AccountManager* m_accounts;
    TokenStore* m_keychain;
    QStackedWidget* m_stack;
    QListWidget* m_list;
    QLabel* m_empty;
    QLabel* m_status;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_remove;
    bool m_readOnly = false;
};

} // namespace tributary::ui
