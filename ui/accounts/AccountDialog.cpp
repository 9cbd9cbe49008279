#include "accounts/AccountDialog.h"

#include "Icons.h"
#include "accounts/AccountFormWidget.h"
#include "accounts/AccountIds.h"
#include "accounts/ConnectionResultView.h"
#include "accounts/KeychainErrorText.h"
#include "auth/OAuthTokens.h"
#include "auth/TokenStore.h"
#include "provider/AccountManager.h"
#include "provider/ProviderRegistry.h"
#include "util/Futures.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {

//! Room left on the screen for the window's title bar and frame, which the dialog's own
//! height does not include.
constexpr int kWindowFrameAllowance = 48;

//! The account id a sign-in's tokens are held under in memory until Save.
const QString kSignInAccount = QStringLiteral("pending-sign-in");

//! The secrets a sign-in brings besides the access token, kept with it.
const QStringList& signInCompanionKinds() {
    static const QStringList kinds{SecretKind::RefreshToken, OAuthSecretKind::AccessTokenExpiry};
    return kinds;
}

QLabel* mutedLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    label->setPalette(p);
    return label;
}

//! The security choice's label ("SSL/TLS") for the value the form holds.
QString securityLabel(const AccountForm& form, FormFieldRole role, const QString& value) {
    if (const FormField* f = form.fieldFor(role)) {
        for (const FormChoice& c : f->choices) {
            if (c.value == value)
                return c.label;
        }
    }
    return value;
}

} // namespace

AccountDialog::AccountDialog(const ProviderRegistry& registry, AccountManager* accounts, TokenStore* keychain,
                             QWidget* parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_accounts(accounts)
    , m_keychain(keychain)
    , m_tester(new ConnectionTester(registry, this))
    , m_network(new QNetworkAccessManager(this))
    , m_openBrowser([](const QUrl& url) { return QDesktopServices::openUrl(url); })
    , m_title(new QLabel(tr("Add an account"), this))
    , m_intro(mutedLabel(this))
    , m_type(new QComboBox(this))
    , m_typeLabel(new QLabel(tr("Account &type:"), this))
    , m_formSlot(new QVBoxLayout)
    , m_manualSlot(new QVBoxLayout)
    , m_servers(mutedLabel(this))
    , m_note(new QLabel(this))
    , m_manualToggle(new QToolButton(this))
    , m_result(new ConnectionResultView(this))
    , m_testButton(new QPushButton(tr("&Test connection"), this))
    , m_saveButton(nullptr)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("accountDialog"));
    setWindowTitle(tr("Add an account"));
    setMinimumWidth(520);

    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_title->setFont(big);
    m_intro->setText(
        tr("Tributary signs in with these details. Your password is kept in your system keyring."));

    m_typeLabel->setBuddy(m_type);
    m_type->setAccessibleName(tr("Account type"));
    m_type->setObjectName(QStringLiteral("accountType"));
    QList<ProviderInfo> types = m_registry.providers();
    // Email first: it is what most people add.
    std::stable_sort(types.begin(), types.end(), [this](const ProviderInfo& a, const ProviderInfo& b) {
        const AccountForm* fa = m_registry.form(a.id);
        const AccountForm* fb = m_registry.form(b.id);
        return (fa && fa->isEmail()) > (fb && fb->isEmail());
    });
    for (const ProviderInfo& info : types) {
        if (m_registry.form(info.id))
            m_type->addItem(icons::forProvider(info.iconName, {}), info.displayName, info.id);
    }
    auto* typeRow = new QHBoxLayout;
    typeRow->addWidget(m_typeLabel);
    typeRow->addWidget(m_type, 1);

    m_servers->setObjectName(QStringLiteral("serverSummary"));
    m_servers->setTextFormat(Qt::RichText);
    m_note->setObjectName(QStringLiteral("presetNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);

    m_manualToggle->setObjectName(QStringLiteral("manualSetup"));
    m_manualToggle->setText(tr("&Manual setup"));
    m_manualToggle->setAccessibleName(tr("Manual setup"));
    m_manualToggle->setToolTip(tr("Show every setting: servers, ports, security, certificates"));
    // Not checkable: a checked tool button draws as pressed; the arrow shows the state.
    m_manualToggle->setAutoRaise(true);
    m_manualToggle->setArrowType(Qt::RightArrow);
    m_manualToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_manualToggle, &QToolButton::clicked, this, [this] { setManualSetup(!m_manual); });

    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_testButton->setAccessibleName(tr("Test connection"));
    m_buttons->addButton(m_testButton, QDialogButtonBox::ActionRole);
    m_saveButton = m_buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("save"));
    m_saveButton->setText(tr("&Save"));
    m_saveButton->setAutoDefault(false);
    m_testButton->setDefault(true);
    connect(m_testButton, &QPushButton::clicked, this, &AccountDialog::testConnection);
    connect(m_saveButton, &QPushButton::clicked, this, &AccountDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AccountDialog::reject);

    connect(m_tester, &ConnectionTester::stepChanged, this, [this](const QString& step) {
        if (!m_saving)
            m_result->showBusy(step);
    });
    connect(m_tester, &ConnectionTester::finished, this, &AccountDialog::onTestFinished);
    connect(m_result, &ConnectionResultView::trustRequested, this, &AccountDialog::trustCertificate);
    connect(m_result, &ConnectionResultView::changed, this, &AccountDialog::fitHeight);

    // Everything but the buttons scrolls: with every manual setting and a long test result
    // the form can be taller than the screen, and Save and Cancel must stay in reach.
    m_content = new QWidget;
    auto* layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(20, 18, 20, 6);
    layout->setSpacing(10);
    layout->addWidget(m_title);
    layout->addWidget(m_intro);
    layout->addLayout(typeRow);
    layout->addLayout(m_formSlot);
    layout->addWidget(m_servers);
    layout->addWidget(m_note);
    layout->addWidget(m_manualToggle, 0, Qt::AlignLeft);
    layout->addLayout(m_manualSlot);
    layout->addWidget(m_result);
    layout->addStretch();
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("accountDialogScroll"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 14);
    outer->setSpacing(8);
    outer->addWidget(m_scroll, 1);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->setContentsMargins(20, 0, 20, 0);
    buttonRow->addWidget(m_buttons);
    outer->addLayout(buttonRow);

    const bool choice = m_type->count() > 1;
    m_type->setVisible(choice);
    m_typeLabel->setVisible(choice);
    connect(m_type, &QComboBox::activated, this, [this] { setProvider(m_type->currentData().toString()); });
    if (m_type->count() > 0)
        setProvider(m_type->currentData().toString());
}

AccountDialog::~AccountDialog() {
    // Before the members the flow uses (its memory secrets) are gone.
    delete m_signIn.data();
}

void AccountDialog::setBrowserOpener(OAuthFlow::BrowserOpener opener) {
    m_openBrowser = std::move(opener);
}

bool AccountDialog::isEmail() const {
    return m_form && m_form->form().isEmail();
}

void AccountDialog::setProvider(const QString& providerId) {
    const AccountForm* form = m_registry.form(providerId);
    if (!form)
        return;
    m_tester->cancel();
    delete m_signIn.data();
    m_signedInToken.clear();
    m_signInCompanions.clear();
    m_providerId = providerId;
    delete m_form;
    m_form = new AccountFormWidget(*form, this);
    m_form->setObjectName(QStringLiteral("accountForm"));
    m_displayName = new QLineEdit(this);
    m_displayName->setObjectName(QStringLiteral("displayName"));
    m_displayName->setAccessibleName(tr("Account name"));
    m_displayName->setToolTip(tr("How this account is named in the sidebar"));
    m_form->addManualRow(tr("Account name"), m_displayName);
    m_formSlot->addWidget(m_form);
    m_manualSlot->addWidget(m_form->manualArea());
    connect(m_form, &AccountFormWidget::edited, this, &AccountDialog::onFieldEdited);
    connect(m_form, &AccountFormWidget::signInClicked, this, &AccountDialog::signIn);
    connect(m_displayName, &QLineEdit::textEdited, this, [this] { m_result->clear(); });

    bool hasAdvanced = false;
    for (const FormField& f : form->fields)
        hasAdvanced = hasAdvanced || f.advanced;
    m_manualToggle->setVisible(hasAdvanced);
    m_form->setManual(m_manual);
    m_preset.reset();
    m_presetDomain.clear();
    m_lastEmail.clear();
    m_lastResult.reset();
    m_result->clear();
    updateServerSummary();
    m_testButton->setDefault(true);
}

bool AccountDialog::editAccount(const QString& accountId) {
    if (!m_accounts)
        return false;
    const QList<Account> all = m_accounts->accounts();
    const auto it = std::find_if(all.begin(), all.end(), [&](const Account& a) { return a.id == accountId; });
    if (it == all.end() || !m_registry.form(it->providerId))
        return false;
    const int index = m_type->findData(it->providerId);
    m_type->setCurrentIndex(index);
    setProvider(it->providerId);
    m_original = *it;
    m_type->setEnabled(false);
    m_title->setText(tr("Edit account"));
    setWindowTitle(tr("Edit %1").arg(it->displayName));
    m_intro->setText(tr("Changes apply when you save. Your password stays in the keyring unless you enter a "
                        "new one."));
    m_form->setSettings(it->settings);
    m_form->setSecretPlaceholder(m_form->form().isEmail() ? tr("Leave empty to keep the saved password")
                                                          : tr("Leave empty to keep what is saved"));
    m_displayName->setText(it->displayName);
    m_lastEmail = m_form->roleText(FormFieldRole::EmailAddress);
    m_presetDomain = ServerPresets::domainOf(m_lastEmail);
    updateServerSummary();
    return true;
}

void AccountDialog::setManualSetup(bool manual) {
    m_manual = manual;
    m_manualToggle->setArrowType(manual ? Qt::DownArrow : Qt::RightArrow);
    m_manualToggle->setAccessibleDescription(manual ? tr("expanded") : tr("collapsed"));
    if (m_form)
        m_form->setManual(manual);
    updateServerSummary();
    fitHeight();
}

void AccountDialog::fitHeight() {
    // Once the layout has taken the shown and hidden widgets into account: the dialog
    // takes the height its content needs, growing or shrinking, and keeps its width.
    QMetaObject::invokeMethod(
        this,
        [this] {
            QLayout* l = m_content->layout();
            if (!l)
                return;
            l->activate();
            // As wide as the form needs: the scroll area only scrolls up and down.
            m_scroll->setMinimumWidth(m_content->minimumSizeHint().width() +
                                      m_scroll->verticalScrollBar()->sizeHint().width());
            // Wrapped labels need more height at a narrower width: ask for this width.
            const int contentWidth =
                m_scroll->viewport()->width() > 0 ? m_scroll->viewport()->width() : width();
            const int content = l->hasHeightForWidth() ? l->totalHeightForWidth(contentWidth)
                                                       : m_content->sizeHint().height();
            const int chrome =
                layout()->contentsMargins().bottom() + layout()->spacing() + m_buttons->sizeHint().height();
            int h = content + chrome;
            // No taller than the screen it is on (its title bar included): the rest scrolls.
            if (const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen())
                h = std::min(h, s->availableGeometry().height() - kWindowFrameAllowance);
            resize(width(), std::max(h, minimumSizeHint().height()));
        },
        Qt::QueuedConnection);
}

void AccountDialog::onFieldEdited(const QString& key) {
    if (!m_tester->isRunning())
        m_result->clear();
    m_lastResult.reset();
    m_testButton->setDefault(true);
    const AccountForm& form = m_form->form();
    if (form.oauthSignIn && key == form.oauthSignIn->tokenSecretKind)
        m_form->setSignInStatus(QString()); // the token is not the signed-in one any more
    if (form.isEmail() && key == form.keyFor(FormFieldRole::EmailAddress)) {
        const QString email = m_form->roleText(FormFieldRole::EmailAddress);
        const QString user = m_form->roleText(FormFieldRole::UserName);
        if (user.isEmpty() || user == m_lastEmail)
            m_form->setRoleValue(FormFieldRole::UserName, email);
        m_lastEmail = email;
        m_displayName->setPlaceholderText(email);
        const QString domain = ServerPresets::domainOf(email);
        const auto preset = ServerPresets::forAddress(email);
        const bool untouched =
            m_form->roleText(FormFieldRole::IncomingHost).isEmpty() || serversMatch(m_preset);
        if (preset && domain != m_presetDomain && untouched) {
            applyPreset(*preset);
            m_presetDomain = domain;
        }
    }
    updateServerSummary();
}

void AccountDialog::applyPreset(const ServerPreset& preset) {
    m_form->setRoleValue(FormFieldRole::IncomingHost, preset.incoming.host);
    m_form->setRoleValue(FormFieldRole::IncomingPort, preset.incoming.port);
    m_form->setRoleValue(FormFieldRole::IncomingSecurity, toSettingValue(preset.incoming.security));
    m_form->setRoleValue(FormFieldRole::OutgoingHost, preset.outgoing.host);
    m_form->setRoleValue(FormFieldRole::OutgoingPort, preset.outgoing.port);
    m_form->setRoleValue(FormFieldRole::OutgoingSecurity, toSettingValue(preset.outgoing.security));
    m_preset = preset;
}

bool AccountDialog::serversMatch(const std::optional<ServerPreset>& preset) const {
    if (!preset || !m_form)
        return false;
    const auto same = [this](FormFieldRole host, FormFieldRole port, FormFieldRole security,
                             const ServerEndpointPreset& e) {
        return m_form->roleText(host) == e.host && m_form->roleText(port).toInt() == e.port &&
               m_form->roleText(security) == toSettingValue(e.security);
    };
    return same(FormFieldRole::IncomingHost, FormFieldRole::IncomingPort, FormFieldRole::IncomingSecurity,
                preset->incoming) &&
           same(FormFieldRole::OutgoingHost, FormFieldRole::OutgoingPort, FormFieldRole::OutgoingSecurity,
                preset->outgoing);
}

void AccountDialog::updateServerSummary() {
    const QString incomingHost = m_form ? m_form->roleText(FormFieldRole::IncomingHost) : QString();
    // The manual setup shows the servers themselves; the summary is for the simple page.
    if (!isEmail() || incomingHost.isEmpty() || m_form->isManual()) {
        m_servers->hide();
        m_note->hide();
        return;
    }
    const AccountForm& form = m_form->form();
    const auto endpoint = [&](FormFieldRole host, FormFieldRole port, FormFieldRole security) {
        return tr("%1:%2, %3")
            .arg(m_form->roleText(host).toHtmlEscaped(), m_form->roleText(port),
                 securityLabel(form, security, m_form->roleText(security)).toHtmlEscaped());
    };
    const bool preset = serversMatch(m_preset);
    QString text;
    if (preset && !m_preset->guessed)
        text = tr("Settings for <b>%1</b>.").arg(m_preset->providerName.toHtmlEscaped()) + QLatin1Char(' ');
    text += tr("Incoming %1 \u00b7 outgoing %2")
                .arg(endpoint(FormFieldRole::IncomingHost, FormFieldRole::IncomingPort,
                              FormFieldRole::IncomingSecurity),
                     endpoint(FormFieldRole::OutgoingHost, FormFieldRole::OutgoingPort,
                              FormFieldRole::OutgoingSecurity));
    if (preset && m_preset->guessed)
        text += QStringLiteral("<br>") + tr("Guessed from the domain: if the test fails, check them under "
                                            "Manual setup.");
    m_servers->setText(text);
    m_servers->show();
    const QString note = preset ? m_preset->note : QString();
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    fitHeight();
}

bool AccountDialog::validate(bool forSave) {
    if (!m_form) {
        m_result->showMessage(ConnectionResultView::Tone::Problem, tr("No account type is available."));
        return false;
    }
    const AccountForm& form = m_form->form();
    if (form.isEmail()) {
        const QString email = m_form->roleText(FormFieldRole::EmailAddress);
        if (!ServerPresets::looksLikeEmailAddress(email)) {
            m_result->showMessage(ConnectionResultView::Tone::Problem,
                                  tr("Enter your email address, like jane@example.com."));
            m_form->focusField(form.fieldFor(FormFieldRole::EmailAddress)->label);
            return false;
        }
        if (m_form->roleText(FormFieldRole::IncomingHost).isEmpty()) {
            if (const auto preset = ServerPresets::forAddress(email))
                applyPreset(*preset);
        }
        if (forSave && !isEditing() && m_accounts) {
            const QString key = form.keyFor(FormFieldRole::EmailAddress);
            for (const Account& existing : m_accounts->accounts()) {
                if (existing.providerId == m_providerId &&
                    existing.settings.value(key).toString().compare(email, Qt::CaseInsensitive) == 0) {
                    m_result->showMessage(
                        ConnectionResultView::Tone::Problem,
                        tr("%1 is set up already, as “%2”.").arg(email, existing.displayName),
                        tr("Edit that account instead, or remove it first."));
                    return false;
                }
            }
        }
    }
    // Editing keeps the saved secret when the field is left empty.
    const QString missing = m_form->missingRequired(!isEditing());
    if (!missing.isEmpty()) {
        const FormField* field = nullptr;
        for (const FormField& f : form.fields) {
            if (f.label == missing)
                field = &f;
        }
        if (field && field->advanced && !m_form->isManual())
            setManualSetup(true);
        m_result->showMessage(ConnectionResultView::Tone::Problem,
                              forSave ? tr("Fill in \u201c%1\u201d to save the account.").arg(missing)
                                      : tr("Fill in \u201c%1\u201d to test the connection.").arg(missing));
        m_form->focusField(missing);
        return false;
    }
    return true;
}

Account AccountDialog::currentAccount() const {
    Account a = m_original.value_or(Account{});
    a.providerId = m_providerId;
    if (!m_form)
        return a;
    // Settings the form does not show (the sign-in method ...) are kept as they were.
    for (const QString& key : m_form->settingKeys())
        a.settings.remove(key);
    const QVariantMap values = m_form->settings();
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        a.settings.insert(it.key(), it.value());

    const QString email = m_form->roleText(FormFieldRole::EmailAddress);
    const QString typed = m_displayName ? m_displayName->text().trimmed() : QString();
    if (!typed.isEmpty())
        a.displayName = typed;
    else if (!isEditing())
        a.displayName = email.isEmpty() ? m_type->currentText() : email;
    if (!isEditing()) {
        QStringList taken;
        int count = 0;
        if (m_accounts) {
            for (const Account& existing : m_accounts->accounts())
                taken.append(existing.id);
            count = int(taken.size());
        }
        a.id = suggestAccountId(email.isEmpty() ? m_providerId : email, taken);
        a.colour = suggestAccountColour(count);
    }
    return a;
}

void AccountDialog::setBusy(bool busy, bool saving) {
    m_saving = busy && saving;
    const bool testing = busy && !saving;
    m_testButton->setText(testing ? tr("S&top test") : tr("&Test connection"));
    m_testButton->setEnabled(!m_saving);
    m_saveButton->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!m_saving);
    if (m_form)
        m_form->setEnabled(!m_saving);
    m_type->setEnabled(!busy && !isEditing());
}

void AccountDialog::testConnection() {
    if (m_tester->isRunning()) {
        m_tester->cancel();
        setBusy(false, false);
        m_result->showMessage(ConnectionResultView::Tone::Neutral, tr("The test was stopped."));
        return;
    }
    if (m_saving || m_signIn || !validate(false))
        return;
    const Account account = currentAccount();
    const QHash<QString, QByteArray> typed = m_form->secrets();
    QStringList saved;
    for (const FormField* f : m_form->form().secretFields()) {
        if (!typed.contains(f->key))
            saved.append(f->key);
    }
    if (isEditing() && m_keychain && !saved.isEmpty()) {
        setBusy(true, false);
        m_result->showBusy(tr("Reading the saved secrets from the keyring\u2026"));
        readSavedSecrets(account.id, saved, typed,
                         [this, account](const QHash<QString, QByteArray>& all) { runTest(account, all); });
        return;
    }
    runTest(account, typed);
}

void AccountDialog::readSavedSecrets(const QString& accountId, QStringList kinds,
                                     QHash<QString, QByteArray> have,
                                     std::function<void(QHash<QString, QByteArray>)> done) {
    if (kinds.isEmpty()) {
        done(std::move(have));
        return;
    }
    const QString kind = kinds.takeFirst();
    whenDone(m_keychain->readSecret(accountId, kind), this,
             [this, accountId, kind, kinds, have, done](const Result<QByteArray>& saved) mutable {
                 if (saved) {
                     have.insert(kind, saved.value());
                 } else if (saved.error().code != KeychainErrorCode::SecretMissing) {
                     setBusy(false, false);
                     const KeychainErrorText words =
                         describeKeychainError(saved.error(), tr("test the connection again"));
                     m_result->showMessage(ConnectionResultView::Tone::Problem, words.headline, words.advice);
                     return;
                 }
                 // A secret never saved (an optional token) is simply not there.
                 readSavedSecrets(accountId, kinds, std::move(have), std::move(done));
             });
}

void AccountDialog::runTest(const Account& account, const QHash<QString, QByteArray>& secrets) {
    setBusy(true, false);
    m_result->showBusy(tr("Connecting\u2026"));
    m_tester->test(account, secrets);
}

void AccountDialog::onTestFinished(const ConnectionTestResult& result) {
    setBusy(false, false);
    m_lastResult = result;
    m_result->showResult(result, isEmail());
    if (result.ok()) {
        m_saveButton->setDefault(true);
        m_saveButton->setFocus(Qt::OtherFocusReason);
    }
    emit testFinished(result);
}

void AccountDialog::trustCertificate(const QString& fingerprint) {
    if (!m_form || fingerprint.isEmpty() ||
        m_form->form().keyFor(FormFieldRole::TrustedFingerprint).isEmpty())
        return;
    m_form->setRoleValue(FormFieldRole::TrustedFingerprint, fingerprint);
    testConnection();
}

QString AccountDialog::resultText() const {
    return m_result->isHidden() ? QString() : m_result->text();
}

QHash<QString, QByteArray> AccountDialog::secretsToSave() const {
    QHash<QString, QByteArray> out = m_form->secrets();
    const auto& signIn = m_form->form().oauthSignIn;
    if (signIn && !m_signedInToken.isEmpty() && out.value(signIn->tokenSecretKind) == m_signedInToken) {
        for (auto it = m_signInCompanions.constBegin(); it != m_signInCompanions.constEnd(); ++it)
            out.insert(it.key(), it.value());
    }
    return out;
}

void AccountDialog::save() {
    if (m_saving || m_signIn || !validate(true))
        return;
    if (!m_accounts || !m_keychain) {
        m_result->showMessage(ConnectionResultView::Tone::Problem, tr("Accounts cannot be saved here."),
                              tr("Tributary was started with an account file; edit that file instead."));
        return;
    }
    m_tester->cancel();
    const Account account = currentAccount();
    const QHash<QString, QByteArray> secrets = secretsToSave();
    // Form order, then the sign-in's companions: the main secret is written first.
    QList<QPair<QString, QByteArray>> pending;
    for (const FormField* f : m_form->form().secretFields()) {
        if (secrets.contains(f->key))
            pending.append({f->key, secrets.value(f->key)});
    }
    for (const QString& kind : signInCompanionKinds()) {
        if (secrets.contains(kind))
            pending.append({kind, secrets.value(kind)});
    }
    setBusy(true, true);
    if (pending.isEmpty()) {
        storeAccount(account, {}); // editing, and the saved secrets stay
        return;
    }
    m_result->showBusy(m_form->form().isEmail() ? tr("Saving the password in your keyring\u2026")
                                                : tr("Saving in your keyring\u2026"));
    writeSecrets(account, std::move(pending), {});
}

void AccountDialog::writeSecrets(const Account& account, QList<QPair<QString, QByteArray>> pending,
                                 QStringList written) {
    if (pending.isEmpty()) {
        storeAccount(account, written);
        return;
    }
    const QPair<QString, QByteArray> next = pending.takeFirst();
    whenDone(
        m_keychain->writeSecret(account.id, next.first, next.second), this,
        [this, account, pending, written, kind = next.first](const Result<void>& stored) mutable {
            if (!stored) {
                setBusy(false, false);
                // A new account keeps nothing half-saved in the keyring.
                if (!isEditing())
                    removeSecrets(account.id, written);
                const KeychainErrorText words = describeKeychainError(stored.error(), tr("press Save again"));
                m_result->showMessage(ConnectionResultView::Tone::Problem, words.headline,
                                      words.advice + QLatin1Char(' ') + tr("Nothing you typed is lost."));
                return;
            }
            written.append(kind);
            writeSecrets(account, std::move(pending), std::move(written));
        });
}

void AccountDialog::removeSecrets(const QString& accountId, const QStringList& kinds) {
    // Fire and forget: the keychain queues them and outlives the dialog.
    for (const QString& kind : kinds)
        m_keychain->remove(accountId, kind);
}

void AccountDialog::storeAccount(const Account& account, const QStringList& written) {
    const Result<void> stored =
        isEditing() ? m_accounts->updateAccount(account) : m_accounts->addAccount(account);
    if (!stored) {
        setBusy(false, false);
        // A new account's secrets would otherwise stay behind, orphaned, in the keyring.
        if (!isEditing())
            removeSecrets(account.id, written);
        m_result->showMessage(ConnectionResultView::Tone::Problem, tr("The account could not be saved."),
                              stored.error().message);
        return;
    }
    const auto& signIn = m_form->form().oauthSignIn;
    if (isEditing() && signIn && written.contains(signIn->tokenSecretKind)) {
        // A new token without its own refresh token or expiry: the saved ones belong to
        // the token it replaced.
        QStringList stale;
        for (const QString& kind : signInCompanionKinds()) {
            if (!written.contains(kind))
                stale.append(kind);
        }
        removeSecrets(account.id, stale);
    }
    setBusy(false, false);
    m_original = account;
    emit accountSaved(account);
    accept();
}

void AccountDialog::signIn() {
    if (m_signIn) {
        m_signIn->cancel();
        return;
    }
    if (m_saving || !m_form || !m_form->form().oauthSignIn)
        return;
    m_tester->cancel();
    const FormOAuthSignIn& declared = *m_form->form().oauthSignIn;
    const Account account = currentAccount();
    Result<OAuthConfig> config =
        declared.config ? declared.config(account.settings)
                        : Result<OAuthConfig>(ProviderError::invalid(tr("This account type cannot sign in "
                                                                        "through the browser.")));
    if (!config) {
        // What is missing (a client id ...) lives with the other settings.
        if (!m_manual)
            setManualSetup(true);
        m_result->showMessage(ConnectionResultView::Tone::Problem, tr("The sign-in cannot start."),
                              config.error().message);
        return;
    }
    m_signInSecrets = MemorySecretSource();
    auto* flow = new OAuthFlow(config.value(), kSignInAccount, account.displayName, &m_signInSecrets,
                               m_network, m_openBrowser, nullptr, this);
    m_signIn = flow;
    connect(flow, &OAuthFlow::waitingForBrowser, this,
            [this] { m_result->showBusy(tr("Waiting for you to allow access in your web browser\u2026")); });
    m_form->setSignInRunning(true);
    m_form->setSignInStatus(QString());
    m_testButton->setEnabled(false);
    m_saveButton->setEnabled(false);
    m_type->setEnabled(false);
    m_result->showBusy(tr("Opening your web browser\u2026"));
    whenDone(flow->start(), this,
             [this, guard = QPointer<OAuthFlow>(flow)](const Result<OAuthGrant>& result) {
                 if (guard)
                     guard->deleteLater();
                 onSignInFinished(result);
             });
}

void AccountDialog::onSignInFinished(const Result<OAuthGrant>& result) {
    m_signIn.clear();
    if (!m_form)
        return;
    m_form->setSignInRunning(false);
    setBusy(false, false);
    const auto& declared = m_form->form().oauthSignIn;
    if (!result || !declared) {
        const ProviderError error = result ? ProviderError::cancelled() : result.error();
        if (error.kind == ErrorKind::Cancelled)
            m_result->showMessage(ConnectionResultView::Tone::Neutral,
                                  tr("The sign-in was cancelled. Nothing was changed."));
        else
            m_result->showMessage(ConnectionResultView::Tone::Problem, tr("The sign-in did not complete."),
                                  error.message + QLatin1Char(' ') + tr("Nothing you typed was changed."));
        m_signInSecrets = MemorySecretSource();
        emit signInFinished(false, error);
        return;
    }
    // MemorySecretSource answers at once: these futures are finished already.
    const Result<QByteArray> token =
        m_signInSecrets.readSecret(kSignInAccount, SecretKind::AccessToken).result();
    m_signedInToken = token.valueOr(QByteArray());
    m_signInCompanions.clear();
    for (const QString& kind : signInCompanionKinds()) {
        const Result<QByteArray> companion = m_signInSecrets.readSecret(kSignInAccount, kind).result();
        if (companion)
            m_signInCompanions.insert(kind, companion.value());
    }
    m_signInSecrets = MemorySecretSource();
    m_form->setSecret(declared->tokenSecretKind, QString::fromUtf8(m_signedInToken));
    const QString who = declared->describeGrant ? declared->describeGrant(result->extra) : QString();
    m_form->setSignInStatus(who.isEmpty() ? tr("Signed in. Save to keep the sign-in.")
                                          : tr("Signed in as %1. Save to keep the sign-in.").arg(who));
    emit signInFinished(true, ProviderError{});
    // The new token is checked at once, as a pasted one would be by "Test connection".
    testConnection();
}

void AccountDialog::reject() {
    if (m_saving)
        return; // the keychain write ends within its timeout; then the dialog can close
    if (m_signIn)
        m_signIn->cancel();
    m_tester->cancel();
    QDialog::reject();
}

} // namespace tributary::ui
