#include "AccountStatusBar.h"

#include "Icons.h"
#include "StatusText.h"

#include <QHBoxLayout>
#include <QLabel>

namespace tributary::ui {

AccountStatusBar::AccountStatusBar(QWidget* parent)
    : QWidget(parent) {
    setAccessibleName(tr("Account status"));
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(4, 0, 4, 0);
    m_layout->setSpacing(18);
    m_layout->addStretch(1);
}

void AccountStatusBar::addAccount(const Account& account, const ConnectionStatus& status) {
    if (m_entries.contains(account.id)) {
        updateAccount(account);
        setStatus(account.id, status);
        return;
    }
    Entry entry;
    entry.account = account;
    entry.status = status;
    entry.box = new QWidget(this);
    auto* layout = new QHBoxLayout(entry.box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(5);
    entry.icon = new QLabel(entry.box);
    entry.label = new QLabel(entry.box);
    entry.label->setTextFormat(Qt::PlainText);
    layout->addWidget(entry.icon);
    layout->addWidget(entry.label);
    // Before the stretch, so entries line up from the left in the order accounts were added.
    m_layout->insertWidget(m_layout->count() - 1, entry.box);
    auto it = m_entries.insert(account.id, entry);
    refresh(*it);
}

void AccountStatusBar::updateAccount(const Account& account) {
    auto it = m_entries.find(account.id);
    if (it == m_entries.end())
        return;
    it->account = account;
    refresh(*it);
}

void AccountStatusBar::removeAccount(const QString& accountId) {
    auto it = m_entries.find(accountId);
    if (it == m_entries.end())
        return;
    delete it->box;
    m_entries.erase(it);
}

void AccountStatusBar::setStatus(const QString& accountId, const ConnectionStatus& status) {
    auto it = m_entries.find(accountId);
    if (it == m_entries.end())
        return;
    it->status = status;
    refresh(*it);
}

QString AccountStatusBar::text(const QString& accountId) const {
    const auto it = m_entries.constFind(accountId);
    return it == m_entries.cend() ? QString() : it->label->text();
}

void AccountStatusBar::refresh(Entry& entry) {
    const QString name = entry.account.displayName.isEmpty() ? entry.account.id : entry.account.displayName;
    const QString text = name + QStringLiteral(": ") + statusText(entry.status);
    entry.label->setText(text);
    const int size = entry.label->fontMetrics().height() - 2;
    entry.icon->setPixmap(
        icons::forStatus(entry.status.state).pixmap(QSize(size, size), devicePixelRatioF()));
    entry.box->setToolTip(text);
    entry.box->setAccessibleName(tr("Status of %1").arg(name));
    entry.box->setAccessibleDescription(text);
}

} // namespace tributary::ui
