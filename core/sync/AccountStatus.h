#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace tributary {

//! Where an account stands, as the user should understand it. SyncController derives it
//! from what it and the provider know; the status bar and the sidebar only show it.
enum class AccountState {
    Connecting,     //!< signing in (the first time, or after the user asked)
    Syncing,        //!< connected, loading what changed (progress in AccountStatus)
    Live,           //!< connected and in sync; new messages arrive as they come
    Reconnecting,   //!< the connection was lost; the next try is at AccountStatus::nextAttempt
    Offline,        //!< lost for longer than SyncController::Options::offlineAfterMs: what shows
                    //!< is as of AccountStatus::lastSynced; tries go on at nextAttempt
    SignInRequired, //!< the server refused the password or the sign-in expired: "Sign in again"
    Error,          //!< something retrying cannot fix (settings, a protocol failure): see reason
};

//! The account's status: a state, and the facts its description needs.
struct AccountStatus {
    AccountState state = AccountState::Connecting;
    //! Why it is not live, in a sentence for the user (the server's or network's answer).
    QString reason = {};
    //! Reconnecting, Offline: when the next attempt starts (UTC); invalid if none is planned.
    QDateTime nextAttempt = {};
    //! When the account was last known to be in sync (UTC); invalid if never this session.
    QDateTime lastSynced = {};
    //! Syncing: messages loaded of the total (0 / 0 when unknown).
    int progressDone = 0;
    int progressTotal = 0;

    bool operator==(const AccountStatus&) const = default;
};

//! "live", "reconnecting" ... (logs and test messages).
QString toString(AccountState state);

} // namespace tributary

Q_DECLARE_METATYPE(tributary::AccountStatus)
