#include "AccountStatusBar.h"

#include "Icons.h"
#include "StatusText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace tributary::ui {

AccountStatusBar::AccountStatusBar(QWidget* parent)
    : QWidget(parent) {
    setAccessibleName(tr("Account status"));
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(4, 0, 4, 0);
    m_layout->setSpacing(18);
    m_layout->addStretch(1);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &AccountStatusBar::tick);
}

void AccountStatusBar::addAccount(const Account& account, const AccountStatus& status) {
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
    entry.signIn = new QPushButton(tr("Sign in again\u2026"), entry.box);
    entry.signIn->setObjectName(QStringLiteral("signInAgain"));
    entry.signIn->setCursor(Qt::PointingHandCursor);
    entry.signIn->hide();
    const QString id = account.id;
    connect(entry.signIn, &QPushButton::clicked, this, [this, id] { emit signInRequested(id); });
    layout->addWidget(entry.icon);
    layout->addWidget(entry.label);
    layout->addWidget(entry.signIn);
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

void AccountStatusBar::setStatus(const QString& accountId, const AccountStatus& status) {
    auto it = m_entries.find(accountId);
    if (it == m_entries.end())
        return;
    it->status = status;
    refresh(*it);
}

QString AccountStatusBar::text(const QString& accountId) const {
    const auto it = m_entries.constFind(accountId);
    return it == m_entries.cend() ? QString() : it->text;
}

QPushButton* AccountStatusBar::signInButton(const QString& accountId) const {
    const auto it = m_entries.constFind(accountId);
    return it == m_entries.cend() ? nullptr : it->signIn;
}

void AccountStatusBar::refresh(Entry& entry) {
    const QString name = entry.account.displayName.isEmpty() ? entry.account.id : entry.account.displayName;
    entry.text = name + QStringLiteral(": ") + statusText(entry.status);
    const bool mustSignIn = entry.status.state == AccountState::SignInRequired;
    // The button says it all ("Work: [Sign in again…]"), so the words are not repeated.
    entry.label->setText(mustSignIn ? name + QLatin1Char(':') : entry.text);
    const int size = entry.label->fontMetrics().height() - 2;
    entry.icon->setPixmap(
        icons::forStatus(entry.status.state).pixmap(QSize(size, size), devicePixelRatioF()));
    entry.signIn->setVisible(mustSignIn);
    entry.signIn->setToolTip(tr("Sign in to %1 again and keep the new sign-in in the keyring").arg(name));
    const QString detail = name + QStringLiteral(": ") + statusDetail(entry.status);
    entry.box->setToolTip(detail);
    entry.box->setAccessibleName(tr("Status of %1").arg(name));
    entry.box->setAccessibleDescription(detail);
    if (entry.status.state == AccountState::Reconnecting && entry.status.nextAttempt.isValid())
        m_countdown.start();
}

void AccountStatusBar::tick() {
    bool counting = false;
    for (Entry& entry : m_entries) {
        if (entry.status.state != AccountState::Reconnecting || !entry.status.nextAttempt.isValid())
            continue;
        refresh(entry);
        counting = counting || entry.status.nextAttempt > QDateTime::currentDateTimeUtc();
    }
    if (!counting)
        m_countdown.stop();
}

} // namespace tributary::ui
