#include "accounts/AccountsPage.h"

#include "accounts/AccountDialog.h"
#include "accounts/KeychainErrorText.h"
#include "auth/TokenStore.h"
#include "provider/AccountManager.h"
#include "provider/ProviderRegistry.h"
#include "util/Futures.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {

//! A round swatch of the account's colour, as the sidebar marks accounts.
QIcon colourDot(const QColor& colour) {
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour.isValid() ? colour : QColor(Qt::gray));
    p.drawEllipse(QRectF(6, 6, 20, 20));
    return QIcon(pixmap);
}

} // namespace

AccountsPage::AccountsPage(const ProviderRegistry& registry, AccountManager* accounts, TokenStore* keychain,
                           QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_accounts(accounts)
    , m_keychain(keychain)
    , m_stack(new QStackedWidget(this))
    , m_list(new QListWidget(this))
    , m_empty(new QLabel(this))
    , m_status(new QLabel(this))
    , m_add(new QPushButton(tr("&Add\u2026"), this))
    , m_edit(new QPushButton(tr("&Edit\u2026"), this))
    , m_remove(new QPushButton(tr("&Remove"), this)) {
    setObjectName(QStringLiteral("accountsPage"));
    m_list->setObjectName(QStringLiteral("accountList"));
    m_list->setAccessibleName(tr("Accounts"));
    m_list->setIconSize(QSize(16, 16));
    m_list->setSpacing(2);
    m_list->setAlternatingRowColors(false);
    m_empty->setObjectName(QStringLiteral("noAccounts"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No accounts yet.\nAdd one to bring its mail into Tributary."));
    m_stack->addWidget(m_list);
    m_stack->addWidget(m_empty);
    m_status->setObjectName(QStringLiteral("accountsStatus"));
    m_status->setWordWrap(true);
    m_status->hide();

    m_add->setObjectName(QStringLiteral("addAccount"));
    m_edit->setObjectName(QStringLiteral("editAccount"));
    m_remove->setObjectName(QStringLiteral("removeAccount"));
    m_add->setAccessibleName(tr("Add account"));
    m_edit->setAccessibleName(tr("Edit account"));
    m_remove->setAccessibleName(tr("Remove account"));
    connect(m_add, &QPushButton::clicked, this, &AccountsPage::addAccount);
    connect(m_edit, &QPushButton::clicked, this, &AccountsPage::editAccount);
    connect(m_remove, &QPushButton::clicked, this, &AccountsPage::removeAccount);
    connect(m_list, &QListWidget::itemActivated, this, &AccountsPage::editAccount);
    connect(m_list, &QListWidget::currentRowChanged, this, &AccountsPage::updateButtons);

    auto* insert = new QAction(this);
    insert->setShortcut(QKeySequence(Qt::Key_Insert));
    insert->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(insert, &QAction::triggered, this, &AccountsPage::addAccount);
    addAction(insert);
    auto* remove = new QAction(this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(remove, &QAction::triggered, this, &AccountsPage::removeAccount);
    m_list->addAction(remove);

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto* row = new QHBoxLayout;
    row->addWidget(m_stack, 1);
    row->addLayout(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row, 1);
    layout->addWidget(m_status);

    if (m_accounts) {
        connect(m_accounts, &AccountManager::accountAdded, this, &AccountsPage::refresh);
        connect(m_accounts, &AccountManager::accountUpdated, this, &AccountsPage::refresh);
        connect(m_accounts, &AccountManager::accountRemoved, this, &AccountsPage::refresh);
    }
    refresh();
}

void AccountsPage::refresh() {
    const QString current = currentAccountId();
    m_list->clear();
    const QList<ProviderInfo> types = m_registry.providers();
    for (const Account& a : m_accounts ? m_accounts->accounts() : QList<Account>()) {
        QString type = a.providerId;
        for (const ProviderInfo& info : types) {
            if (info.id == a.providerId)
                type = info.displayName;
        }
        auto* item =
            new QListWidgetItem(colourDot(a.colour), a.displayName + QLatin1Char('\n') + type, m_list);
        item->setData(Qt::UserRole, a.id);
        item->setData(Qt::AccessibleTextRole, tr("%1, %2").arg(a.displayName, type));
        item->setSizeHint(QSize(0, m_list->fontMetrics().height() * 2 + 12));
    }
    m_stack->setCurrentWidget(m_list->count() > 0 ? static_cast<QWidget*>(m_list) : m_empty);
    if (!current.isEmpty())
        selectAccount(current);
    if (m_list->currentRow() < 0 && m_list->count() > 0)
        m_list->setCurrentRow(0);
    updateButtons();
}

void AccountsPage::setReadOnly(const QString& why) {
    m_readOnly = true;
    for (QPushButton* b : {m_add, m_edit, m_remove})
        b->hide();
    m_empty->setText(tr("No accounts in this file."));
    m_status->setText(why);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse); // the file's path can be copied
    m_status->show();
}

void AccountsPage::updateButtons() {
    const bool selected = !currentAccountId().isEmpty();
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
}

QString AccountsPage::currentAccountId() const {
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void AccountsPage::selectAccount(const QString& accountId) {
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toString() == accountId) {
            m_list->setCurrentRow(i);
            return;
        }
    }
}

void AccountsPage::openDialog(AccountDialog* dialog) {
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AccountDialog::accountSaved, this, [this](const Account& account) {
        m_status->hide();
        selectAccount(account.id);
    });
    emit dialogOpened(dialog);
    dialog->open();
}

void AccountsPage::addAccount() {
    if (m_readOnly)
        return;
    openDialog(new AccountDialog(m_registry, m_accounts, m_keychain, this));
}

void AccountsPage::editAccount() {
    if (m_readOnly)
        return;
    const QString id = currentAccountId();
    if (id.isEmpty())
        return;
    auto* dialog = new AccountDialog(m_registry, m_accounts, m_keychain, this);
    if (!dialog->editAccount(id)) {
        delete dialog;
        m_status->setText(tr("This account's type cannot be edited here."));
        m_status->show();
        return;
    }
    openDialog(dialog);
}

void AccountsPage::removeAccount() {
    if (m_readOnly)
        return;
    const QString id = currentAccountId();
    if (id.isEmpty() || !m_accounts)
        return;
    const QString name = m_list->currentItem()->text().section(QLatin1Char('\n'), 0, 0);
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Remove account"),
                        tr("Remove \u201c%1\u201d from Tributary?").arg(name), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmRemove"));
    box->setInformativeText(tr("Its settings and saved password are deleted from this computer. The mail on "
                               "the server is not touched."));
    QPushButton* yes = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmRemoveButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, id, name](QAbstractButton* clicked) {
        if (clicked == yes)
            removeConfirmed(id, name);
    });
    box->open();
}

void AccountsPage::removeConfirmed(const QString& accountId, const QString& name) {
    // Its secrets go with it: every kind it may have stored, also those its settings name.
    QStringList kinds = TokenStore::knownKinds();
    for (const Account& a : m_accounts->accounts()) {
        if (a.id == accountId)
            kinds = TokenStore::kindsFor(a);
    }
    if (const Result<void> removed = m_accounts->removeAccount(accountId); !removed) {
        m_status->setText(tr("\u201c%1\u201d could not be removed: %2").arg(name, removed.error().message));
        m_status->show();
        return;
    }
    m_status->hide();
    if (!m_keychain)
        return;
    whenDone(m_keychain->removeAccount(accountId, kinds), this, [this, name](const Result<void>& deleted) {
        if (deleted)
            return;
        const KeychainErrorText words =
            describeKeychainError(deleted.error(), tr("remove it with your keyring's own tool"));
        m_status->setText(tr("\u201c%1\u201d was removed, but its password is still in the keyring. %2 %3")
                              .arg(name, words.headline, words.advice));
        m_status->show();
    });
}

} // namespace tributary::ui
