#pragma once

#include "accounts/AccountForm.h"
#include "auth/OAuthFlow.h"
#include "model/Model.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QPromise>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;

namespace tributary {

class ProviderRegistry;
class SyncController;

//! "Sign in again" for an account whose sign-in expired or was revoked (AccountState::
//! SignInRequired): one click runs the account's OAuth sign-in through the user's browser,
//! stores the new tokens in the keychain (OAuthFlow), and reconnects the account. Accounts
//! that sign in with a password have no browser sign-in: the app asks for the password
//! instead (its account dialog).
class SignInAgain : public QObject {
    Q_OBJECT
public:
    //! `registry`, `sync`, `keychain` and `network` must outlive it.
    SignInAgain(const ProviderRegistry& registry, SyncController* sync, SecretSource* keychain,
                QNetworkAccessManager* network, OAuthFlow::BrowserOpener openBrowser,
                QObject* parent = nullptr);
    ~SignInAgain() override;

    //! The account's browser sign-in: its own OAuth settings (OAuthSettingsKey, as an
    //! XOAUTH2 mail account has them), else the one its provider's form declares (Sign in
    //! with Slack); none for an account that signs in with a password. An Invalid error
    //! says which setting is missing.
    static std::optional<Result<OAuthConfig>> configFor(const Account& account, const AccountForm* form);
    //! Whether the account signs in through the browser with what its settings say (else
    //! the app opens its settings: a password, a pasted token, a missing client id).
    bool hasBrowserSignIn(const QString& accountId) const;

    //! Signs the account in; on success its tokens are in the keychain and it reconnects.
    //! A second call while one runs for the same account waits for the running one.
    QFuture<Result<OAuthGrant>> start(const QString& accountId);
    bool isRunning(const QString& accountId) const { return m_flows.contains(accountId); }

private:
    std::optional<Account> account(const QString& accountId) const;

    const ProviderRegistry& m_registry;
    QPointer<SyncController> m_sync;
    SecretSource* m_keychain;
    QNetworkAccessManager* m_network;
    OAuthFlow::BrowserOpener m_openBrowser;
    struct Running {
        QPointer<OAuthFlow> flow;
        //! One promise per caller (a QFuture takes one continuation).
        std::vector<std::shared_ptr<QPromise<Result<OAuthGrant>>>> waiters;
    };
    QHash<QString, Running> m_flows;
};

} // namespace tributary
