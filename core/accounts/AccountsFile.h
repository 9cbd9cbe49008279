#pragma once

#include "provider/AccountManager.h"

#include <QString>

namespace tributary {

//! The user's account definitions (non-secret settings only; secrets stay in the keychain)
//! in a small versioned file of their own, apart from the view-state cache, so that a
//! cache set aside (damaged, newer, unopenable) loses only view state:
//!
//!     {"format": "tributary-accounts", "version": 1, "accounts": [<json::toJson(Account)>...]}
//!
//! The app keeps it as QStandardPaths::AppConfigLocation/accounts.json. Written whole and
//! atomically (QSaveFile: a temporary file renamed over the old one), so a crash leaves
//! either the old list or the new one. Read once, at load; a file that cannot be used is
//! never overwritten in place: a damaged one or one from a newer version is renamed to a
//! backup beside it ("accounts.json.corrupt-<time>", ".newer-<time>") and the app starts
//! with no accounts and says so; one that cannot be read (permissions, I/O) is left alone
//! and nothing is saved over it.
class AccountsFile : public AccountStorage {
public:
    static constexpr int kVersion = 1;

    //! How loading went.
    enum class Status {
        Ok,         //!< read (or there is no file yet: no accounts)
        SetAside,   //!< damaged or newer: kept as `backupPath`, starting with none
        Unreadable, //!< could not be read: left as it is, saving refused
    };
    struct LoadReport {
        Status status = Status::Ok;
        bool existed = false;
        QString backupPath;
        //! For the user, when status is not Ok: what happened and what to do.
        QString message;
    };

    explicit AccountsFile(QString path);

    //! Reads the file (once; later calls return what was read).
    QList<Account> loadAccounts() override;
    //! Replaces the file with these accounts. Settings that look like secrets are dropped.
    Result<void> saveAccounts(const QList<Account>& accounts) override;

    //! Whether a file is there (before loading: whether a migration is due).
    bool exists() const;
    //! What loadAccounts() found.
    const LoadReport& report() const { return m_report; }
    QString path() const { return m_path; }

    //! The file's bytes for these accounts (what saveAccounts writes).
    static QByteArray serialize(const QList<Account>& accounts);

private:
    void setAside(const QString& suffix, const QString& message);

    QString m_path;
    bool m_loaded = false;
    QList<Account> m_accounts;
    LoadReport m_report;
};

//! Moves the accounts an older version kept in `cache` into `file`, once: only while the
//! file does not exist yet. The cache's copy is cleared after the file is written, so the
//! file is the one place accounts live from then on. Returns how many moved.
Result<int> migrateAccounts(AccountStorage& cache, AccountsFile& file);

} // namespace tributary
