#pragma once

#include "model/Model.h"
#include "sync/AccountStatus.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace tributary::ui {

//! One entry per account in the status bar: a state icon and "Work: Live", "Work:
//! Reconnecting (next try in 8 s)" (counting down), "Work: Offline — last synced 14:05".
//! An account that must sign in again shows "Work:" and a "Sign in again…" button.
class AccountStatusBar : public QWidget {
    Q_OBJECT
public:
    explicit AccountStatusBar(QWidget* parent = nullptr);

    void addAccount(const Account& account, const AccountStatus& status = {});
    void updateAccount(const Account& account);
    void removeAccount(const QString& accountId);
    void setStatus(const QString& accountId, const AccountStatus& status);
    //! The text shown for an account ("Work: Live"), empty if unknown.
    QString text(const QString& accountId) const;
    //! The account's "Sign in again…" button (hidden unless it must), or null.
    QPushButton* signInButton(const QString& accountId) const;

signals:
    //! The user asked to sign in to this account again.
    void signInRequested(const QString& accountId);

private:
    struct Entry {
        Account account;
        AccountStatus status;
        QString text; //!< "Work: Live"
        QWidget* box = nullptr;
        QLabel* icon = nullptr;
        QLabel* label = nullptr;
        QPushButton* signIn = nullptr;
    };
    void refresh(Entry& entry);
    void tick();

    QHBoxLayout* m_layout = nullptr;
    QHash<QString, Entry> m_entries;
    //! Counts "next try in N s" down while an account is reconnecting.
    QTimer m_countdown;
};

} // namespace tributary::ui
