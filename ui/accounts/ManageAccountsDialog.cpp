#include "accounts/ManageAccountsDialog.h"

#include "accounts/AccountsPage.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

namespace tributary::ui {

ManageAccountsDialog::ManageAccountsDialog(const ProviderRegistry& registry, AccountManager* accounts,
                                           TokenStore* keychain, QWidget* parent)
    : QDialog(parent)
    , m_page(new AccountsPage(registry, accounts, keychain, this)) {
    setObjectName(QStringLiteral("manageAccountsDialog"));
    setWindowTitle(tr("Accounts"));
    resize(520, 340);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_page, 1);
    layout->addWidget(buttons);
}

void ManageAccountsDialog::setReadOnly(const QString& why) {
    m_page->setReadOnly(why);
}

} // namespace tributary::ui
