#pragma once

#include "model/Model.h"
#include "provider/Provider.h"

#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace tributary::ui {

//! One entry per account in the status bar: a state icon and "Work: syncing 200 / 5,000".
class AccountStatusBar : public QWidget {
    Q_OBJECT
public:
    explicit AccountStatusBar(QWidget* parent = nullptr);

    void addAccount(const Account& account, const ConnectionStatus& status = {});
    void updateAccount(const Account& account);
    void removeAccount(const QString& accountId);
    void setStatus(const QString& accountId, const ConnectionStatus& status);
    //! The text shown for an account ("Work: up to date"), empty if unknown.
    QString text(const QString& accountId) const;

private:
    struct Entry {
        Account account;
        ConnectionStatus status;
        QWidget* box = nullptr;
        QLabel* icon = nullptr;
        QLabel* label = nullptr;
    };
    void refresh(Entry& entry);

    QHBoxLayout* m_layout = nullptr;
    QHash<QString, Entry> m_entries;
};

} // namespace tributary::ui
