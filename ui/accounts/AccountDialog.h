#pragma once

#include "accounts/ConnectionTester.h"
#include "accounts/ServerPresets.h"
#include "model/Model.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace tributary {
class AccountManager;
class ProviderRegistry;
class TokenStore;
} // namespace tributary

namespace tributary::ui {

class AccountFormWidget;
class ConnectionResultView;

//! Adds or edits an account. The first page asks for what a person knows (name, email
//! address, password; other account types show their own simple fields); the servers
//! come from ServerPresets, and "Manual setup" shows every field of the provider's form.
//! "Test connection" runs a ConnectionTester and says in plain words what it found;
//! Save writes the secret to the keychain, then the settings through AccountManager.
//! Nothing typed is lost when either fails. Show it with open(): nothing blocks.
//!
//! Keyboard: Alt+T tests, Ctrl+Return (the default button after a good test) or Alt+S
//! saves, Escape cancels; Alt+M opens the manual setup.
class AccountDialog : public QDialog {
    Q_OBJECT
public:
    //! Add mode. The registry, manager and keychain must outlive the dialog; the manager
    //! must read secrets from this same keychain.
    AccountDialog(const ProviderRegistry& registry, AccountManager* accounts, TokenStore* keychain,
                  QWidget* parent = nullptr);
    ~AccountDialog() override;

    //! Switches to editing this existing account (its secret is not shown: leaving the
    //! field empty keeps it). False if there is no such account.
    bool editAccount(const QString& accountId);
    bool isEditing() const { return m_original.has_value(); }

    //! The account as the fields describe it now (a new one gets a fresh id on save).
    Account currentAccount() const;
    //! The result of the last finished connection test.
    std::optional<ConnectionTestResult> lastResult() const { return m_lastResult; }
    //! What the result area says now, for tests and screen readers.
    QString resultText() const;

public slots:
    void testConnection();
    void save();
    void setManualSetup(bool manual);
    void reject() override;

signals:
    //! The account was saved (added or updated) and its secret stored.
    void accountSaved(const tributary::Account& account);
    //! A connection test ended (not when it was stopped).
    void testFinished(const tributary::ConnectionTestResult& result);

private:
    void setProvider(const QString& providerId);
    void onFieldEdited(const QString& key);
    void applyPreset(const ServerPreset& preset);
    bool serversMatch(const std::optional<ServerPreset>& preset) const;
    void updateServerSummary();
    bool validate(bool forSave);
    void runTest(const Account& account, const QByteArray& secret);
    void onTestFinished(const ConnectionTestResult& result);
    void trustCertificate(const QString& fingerprint);
    void storeAccount(const Account& account);
    void setBusy(bool busy, bool saving);
    void fitHeight();
    bool isEmail() const;
    QString secretKind() const;

    const ProviderRegistry& m_registry;
    AccountManager* m_accounts;
    TokenStore* m_keychain;
    ConnectionTester* m_tester;
    std::optional<Account> m_original;
    std::optional<ConnectionTestResult> m_lastResult;
    std::optional<ServerPreset> m_preset; //!< the preset the servers were last filled from
    QString m_presetDomain;
    QString m_lastEmail; //!< the address as it was, to tell a user name that followed it
    QString m_providerId;
    bool m_saving = false;
    bool m_manual = false;

    QLabel* m_title;
    QLabel* m_intro;
    QComboBox* m_type;
    QLabel* m_typeLabel;
    QVBoxLayout* m_formSlot;
    QVBoxLayout* m_manualSlot;
    AccountFormWidget* m_form = nullptr;
    QLineEdit* m_displayName = nullptr;
    QLabel* m_servers;
    QLabel* m_note;
    QToolButton* m_manualToggle;
    ConnectionResultView* m_result;
    QPushButton* m_testButton;
    QPushButton* m_saveButton;
    QDialogButtonBox* m_buttons;
};

} // namespace tributary::ui
