#pragma once

#include "accounts/ConnectionTester.h"
#include "accounts/MemorySecretSource.h"
#include "accounts/ServerPresets.h"
#include "auth/OAuthFlow.h"
#include "model/Model.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QScrollArea;
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
//! "Test connection" runs a ConnectionTester (with every secret field, and in edit mode
//! the saved ones for fields left empty) and says in plain words what it found; Save
//! writes every secret field that holds something to the keychain, each under its own
//! kind, then the settings through AccountManager. When a new account cannot be saved,
//! the secrets written for it are removed again. Nothing typed is lost when either fails.
//!
//! A form that declares an OAuth sign-in (AccountForm::oauthSignIn) gets its button: the
//! dialog runs OAuthFlow through the user's browser, keeps the tokens in memory, fills the
//! token field, tests the connection, and Save stores the access token with its refresh
//! token and expiry. A declined or failed sign-in says why and changes nothing.
//! Show it with open(): nothing blocks.
//!
//! Keyboard: Alt+T tests, Ctrl+Return (the default button after a good test) or Alt+S
//! saves, Escape cancels; Alt+M opens the manual setup; the sign-in button carries the
//! form's mnemonic (Alt+I for "Sign &in with ...").
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

    //! How the sign-in shows its page; QDesktopServices::openUrl unless set (tests pass a
    //! scripted HTTP client).
    void setBrowserOpener(OAuthFlow::BrowserOpener opener);
    bool isSigningIn() const { return !m_signIn.isNull(); }

public slots:
    void testConnection();
    void save();
    void setManualSetup(bool manual);
    void reject() override;
    //! Starts the form's OAuth sign-in, or cancels the one running.
    void signIn();

signals:
    //! The account was saved (added or updated) and its secret stored.
    void accountSaved(const tributary::Account& account);
    //! A connection test ended (not when it was stopped).
    void testFinished(const tributary::ConnectionTestResult& result);
    //! An OAuth sign-in ended; `error` is empty (code and message) on success.
    void signInFinished(bool ok, const tributary::ProviderError& error);

private:
    void setProvider(const QString& providerId);
    void onFieldEdited(const QString& key);
    void applyPreset(const ServerPreset& preset);
    bool serversMatch(const std::optional<ServerPreset>& preset) const;
    void updateServerSummary();
    bool validate(bool forSave);
    void runTest(const Account& account, const QHash<QString, QByteArray>& secrets);
    //! Reads from the keychain the saved secrets of `kinds` that `have` lacks, then calls
    //! `done` with them all; a missing one is left out, any other keychain error is shown.
    void readSavedSecrets(const QString& accountId, QStringList kinds, QHash<QString, QByteArray> have,
                          std::function<void(QHash<QString, QByteArray>)> done);
    //! The secrets Save writes: the fields, plus the sign-in's refresh token and expiry
    //! while the token field still holds the token the sign-in brought.
    QHash<QString, QByteArray> secretsToSave() const;
    void writeSecrets(const Account& account, QList<QPair<QString, QByteArray>> pending, QStringList written);
    void removeSecrets(const QString& accountId, const QStringList& kinds);
    void onSignInFinished(const Result<OAuthGrant>& result);
    void onTestFinished(const ConnectionTestResult& result);
    void trustCertificate(const QString& fingerprint);
    void storeAccount(const Account& account, const QStringList& written);
    void setBusy(bool busy, bool saving);
    void fitHeight();
    bool isEmail() const;

    const ProviderRegistry& m_registry;
    AccountManager* m_accounts;
    TokenStore* m_keychain;
    ConnectionTester* m_tester;
    QNetworkAccessManager* m_network;
    OAuthFlow::BrowserOpener m_openBrowser;
    QPointer<OAuthFlow> m_signIn;
    //! Where a sign-in puts its tokens until Save: nothing reaches the keychain before.
    MemorySecretSource m_signInSecrets;
    //! The access token the last sign-in brought, and the secrets that go with it.
    QByteArray m_signedInToken;
    QHash<QString, QByteArray> m_signInCompanions;
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
    QWidget* m_content = nullptr;    //!< everything above the buttons
    QScrollArea* m_scroll = nullptr; //!< scrolls m_content when it is taller than the screen
};

} // namespace tributary::ui
