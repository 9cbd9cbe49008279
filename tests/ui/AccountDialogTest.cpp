// The account dialog, the accounts page and the welcome screen, offscreen, against the
// local Dovecot/Postfix and the private gnome-keyring that tools/test starts. Set
// TRIBUTARY_UI_SHOTS_DIR to also write what the dialog looks like at each step as PNGs.

#include "accounts/AccountDialog.h"

#include "Await.h"
#include "Providers.h"
#include "ScriptedBrowser.h"
#include "TestEnv.h"
#include "accounts/AccountsPage.h"
#include "accounts/ManageAccountsDialog.h"
#include "accounts/WelcomeWidget.h"
#include "auth/OAuthTokens.h"
#include "auth/TokenStore.h"
#include "provider/AccountManager.h"
#include "provider/ProviderRegistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <gtest/gtest.h>

namespace tributary::test {

namespace {

class MemoryStorage : public AccountStorage {
public:
    QList<Account> loadAccounts() override { return saved; }
    Result<void> saveAccounts(const QList<Account>& accounts) override {
        saved = accounts;
        return Done{};
    }
    QList<Account> saved;
};

//! Writes the widget as a PNG into $TRIBUTARY_UI_SHOTS_DIR, when set.
void snapshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_UI_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    widget->grab().save(dir + QStringLiteral("/") + name + QStringLiteral(".png"));
}

template <typename T>
T* child(QWidget* parent, const QString& name) {
    T* w = parent->findChild<T*>(name);
    EXPECT_NE(w, nullptr) << "no child named " << name.toStdString();
    return w;
}

//! Types like a person (so the dialog sees textEdited), replacing what was there.
void type(QWidget* parent, const QString& key, const QString& text) {
    auto* line = child<QLineEdit>(parent, QStringLiteral("field:") + key);
    if (!line)
        return;
    line->selectAll();
    QTest::keyClick(line, Qt::Key_Backspace);
    QTest::keyClicks(line, text);
}

void choose(QWidget* parent, const QString& key, const QString& value) {
    auto* combo = child<QComboBox>(parent, QStringLiteral("field:") + key);
    if (combo)
        combo->setCurrentIndex(combo->findData(value));
}

void setNumber(QWidget* parent, const QString& key, int value) {
    auto* spin = child<QSpinBox>(parent, QStringLiteral("field:") + key);
    if (spin)
        spin->setValue(value);
}

class AccountDialogTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        TRIBUTARY_REQUIRE_KEYRING();
        registerBuiltInProviders(m_registry);
        TokenStore::Options options;
        options.service = QStringLiteral("TributaryUiTest");
        m_keychain = std::make_unique<TokenStore>(options, nullptr);
        m_accounts =
            std::make_unique<AccountManager>(m_registry, ProviderContext{m_keychain.get()}, &m_storage);
    }

    void TearDown() override {
        if (!m_accounts)
            return;
        for (const Account& a : m_accounts->accounts())
            await(m_keychain->removeAccount(a.id), 20000);
    }

    std::unique_ptr<ui::AccountDialog> dialog() {
        auto d = std::make_unique<ui::AccountDialog>(m_registry, m_accounts.get(), m_keychain.get());
        d->show();
        return d;
    }

    //! alice as someone would set her up by hand: the local servers, the test CA (or
    //! none), STARTTLS on the plain port or TLS on the IMAPS port.
    void fillAlice(ui::AccountDialog* d, const QString& password, bool implicitTls, bool withCa) {
        const TestEnv& env = TestEnv::get();
        type(d, QStringLiteral("fullName"), QStringLiteral("Alice Example"));
        type(d, QStringLiteral("emailAddress"), env.address(QStringLiteral("alice")));
        type(d, QStringLiteral("password"), password);
        d->setManualSetup(true);
        type(d, QStringLiteral("imapHost"), env.host);
        setNumber(d, QStringLiteral("imapPort"), implicitTls ? env.imapsPort : env.imapPort);
        choose(d, QStringLiteral("imapSecurity"),
               implicitTls ? QStringLiteral("tls") : QStringLiteral("starttls"));
        type(d, QStringLiteral("smtpHost"), env.host);
        setNumber(d, QStringLiteral("smtpPort"), env.smtpPort);
        choose(d, QStringLiteral("smtpSecurity"), QStringLiteral("starttls"));
        type(d, QStringLiteral("caCertificate"), withCa ? env.caCertPath : QString());
    }

    //! Presses Test connection and waits for the result.
    static std::optional<ConnectionTestResult> test(ui::AccountDialog* d) {
        QSignalSpy finished(d, &ui::AccountDialog::testFinished);
        QTest::mouseClick(child<QPushButton>(d, QStringLiteral("testConnection")), Qt::LeftButton);
        if (!waitUntil([&] { return finished.count() > 0; }, 60000))
            return std::nullopt;
        return d->lastResult();
    }

    ProviderRegistry m_registry;
    MemoryStorage m_storage;
    std::unique_ptr<TokenStore> m_keychain;
    std::unique_ptr<AccountManager> m_accounts;
};

} // namespace

TEST_F(AccountDialogTest, FillsServersFromTheAddress) {
    auto d = dialog();
    snapshot(d.get(), QStringLiteral("account-empty"));
    type(d.get(), QStringLiteral("emailAddress"), QStringLiteral("jane@gmail.com"));
    auto* host = child<QLineEdit>(d.get(), QStringLiteral("field:imapHost"));
    ASSERT_NE(host, nullptr);
    EXPECT_EQ(host->text(), QStringLiteral("imap.gmail.com"));
    EXPECT_EQ(child<QSpinBox>(d.get(), QStringLiteral("field:imapPort"))->value(), 993);
    EXPECT_EQ(child<QSpinBox>(d.get(), QStringLiteral("field:smtpPort"))->value(), 465);
    EXPECT_EQ(child<QLineEdit>(d.get(), QStringLiteral("field:username"))->text(),
              QStringLiteral("jane@gmail.com"));
    auto* summary = child<QLabel>(d.get(), QStringLiteral("serverSummary"));
    EXPECT_TRUE(summary->isVisible());
    EXPECT_TRUE(summary->text().contains(QStringLiteral("Gmail")));
    auto* note = child<QLabel>(d.get(), QStringLiteral("presetNote"));
    EXPECT_TRUE(note->isVisible());
    EXPECT_TRUE(note->text().contains(QStringLiteral("app password")));
    snapshot(d.get(), QStringLiteral("account-gmail"));

    // Another domain: its guess replaces the untouched Gmail servers.
    type(d.get(), QStringLiteral("emailAddress"), QStringLiteral("jane@example.org"));
    EXPECT_EQ(host->text(), QStringLiteral("imap.example.org"));
    EXPECT_TRUE(summary->text().contains(QStringLiteral("Guessed")));
    EXPECT_FALSE(note->isVisible());

    // Servers the user typed stay when the address changes again.
    d->setManualSetup(true);
    type(d.get(), QStringLiteral("imapHost"), QStringLiteral("mail.example.org"));
    type(d.get(), QStringLiteral("emailAddress"), QStringLiteral("jane@fastmail.com"));
    EXPECT_EQ(host->text(), QStringLiteral("mail.example.org"));
    EXPECT_NE(child<QLineEdit>(d.get(), QStringLiteral("field:caCertificate")), nullptr);
}

TEST_F(AccountDialogTest, AsksForWhatIsMissing) {
    auto d = dialog();
    QTest::mouseClick(child<QPushButton>(d.get(), QStringLiteral("testConnection")), Qt::LeftButton);
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("email address"))) << d->resultText().toStdString();
    type(d.get(), QStringLiteral("emailAddress"), QStringLiteral("jane@example.org"));
    QTest::mouseClick(child<QPushButton>(d.get(), QStringLiteral("save")), Qt::LeftButton);
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("Password"))) << d->resultText().toStdString();
    EXPECT_TRUE(m_accounts->accounts().isEmpty());
}

TEST_F(AccountDialogTest, TestsAndSavesAlice) {
    auto d = dialog();
    fillAlice(d.get(), TestEnv::get().password, false, true);
    auto result = test(d.get());
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->outcome, ConnectionOutcome::Success) << d->resultText().toStdString();
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("Connection works")))
        << d->resultText().toStdString();
    snapshot(d.get(), QStringLiteral("account-success"));

    QSignalSpy saved(d.get(), &ui::AccountDialog::accountSaved);
    QTest::mouseClick(child<QPushButton>(d.get(), QStringLiteral("save")), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return saved.count() > 0; }, 20000)) << d->resultText().toStdString();
    ASSERT_EQ(m_accounts->accounts().size(), 1);
    const Account account = m_accounts->accounts().first();
    EXPECT_EQ(account.providerId, QStringLiteral("imap"));
    EXPECT_EQ(account.settings.value(QStringLiteral("emailAddress")).toString(),
              TestEnv::get().address(QStringLiteral("alice")));
    EXPECT_EQ(account.settings.value(QStringLiteral("fullName")).toString(), QStringLiteral("Alice Example"));
    EXPECT_EQ(account.settings.value(QStringLiteral("imapPort")).toInt(), TestEnv::get().imapPort);
    EXPECT_EQ(account.settings.value(QStringLiteral("caCertificate")).toString(), TestEnv::get().caCertPath);
    EXPECT_FALSE(account.settings.contains(QStringLiteral("password")));
    EXPECT_EQ(m_storage.saved.size(), 1);
    EXPECT_FALSE(d->isVisible());

    const auto secret = await(m_keychain->readSecret(account.id, SecretKind::Password), 20000);
    ASSERT_TRUE(secret.has_value());
    ASSERT_TRUE(secret->ok()) << secret->error().describe().toStdString();
    EXPECT_EQ(secret->value(), TestEnv::get().password.toUtf8());

    // The same address again is refused, not duplicated.
    auto again = dialog();
    fillAlice(again.get(), TestEnv::get().password, false, true);
    QTest::mouseClick(child<QPushButton>(again.get(), QStringLiteral("save")), Qt::LeftButton);
    EXPECT_TRUE(again->resultText().contains(QStringLiteral("set up already")))
        << again->resultText().toStdString();
    EXPECT_EQ(m_accounts->accounts().size(), 1);
}

TEST_F(AccountDialogTest, WrongPasswordSaysAuthenticationFailed) {
    auto d = dialog();
    fillAlice(d.get(), QStringLiteral("not-her-password"), false, true);
    auto result = test(d.get());
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->outcome, ConnectionOutcome::AuthFailed);
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("authentication failed"), Qt::CaseInsensitive))
        << d->resultText().toStdString();
    EXPECT_FALSE(d->resultText().contains(QStringLiteral("not-her-password")));
    d->setManualSetup(false);
    snapshot(d.get(), QStringLiteral("account-auth-failed"));
    EXPECT_TRUE(m_accounts->accounts().isEmpty());
}

TEST_F(AccountDialogTest, UntrustedCertificateCanBeTrusted) {
    auto d = dialog();
    fillAlice(d.get(), TestEnv::get().password, true, false);
    auto result = test(d.get());
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->outcome, ConnectionOutcome::TlsUntrusted) << d->resultText().toStdString();
    const QString shown = result->formattedFingerprint();
    EXPECT_EQ(shown.size(), 95);
    EXPECT_TRUE(d->resultText().contains(shown)) << d->resultText().toStdString();
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("not trusted")));
    auto* trust = child<QPushButton>(d.get(), QStringLiteral("trustCertificate"));
    ASSERT_TRUE(trust && trust->isVisible());
    d->setManualSetup(false);
    snapshot(d.get(), QStringLiteral("account-untrusted"));

    QSignalSpy finished(d.get(), &ui::AccountDialog::testFinished);
    QTest::mouseClick(trust, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return finished.count() > 0; }, 60000));
    EXPECT_EQ(d->lastResult()->outcome, ConnectionOutcome::Success) << d->resultText().toStdString();
    EXPECT_EQ(child<QLineEdit>(d.get(), QStringLiteral("field:trustedCertSha256"))->text(),
              result->fingerprint);
    EXPECT_TRUE(d->currentAccount().settings.value(QStringLiteral("trustedCertSha256")).toString() ==
                result->fingerprint);
    snapshot(d.get(), QStringLiteral("account-trusted"));
}

TEST_F(AccountDialogTest, AccountsPageEditsAndRemoves) {
    ui::ManageAccountsDialog manage(m_registry, m_accounts.get(), m_keychain.get());
    manage.show();
    ui::AccountsPage* page = manage.page();
    EXPECT_TRUE(child<QLabel>(page, QStringLiteral("noAccounts"))->isVisible());
    snapshot(&manage, QStringLiteral("accounts-empty"));

    // Add through the page.
    ui::AccountDialog* added = nullptr;
    QObject::connect(page, &ui::AccountsPage::dialogOpened, page, [&](ui::AccountDialog* d) { added = d; });
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("addAccount")), Qt::LeftButton);
    ASSERT_NE(added, nullptr);
    fillAlice(added, TestEnv::get().password, false, true);
    QSignalSpy saved(added, &ui::AccountDialog::accountSaved);
    QTest::mouseClick(child<QPushButton>(added, QStringLiteral("save")), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return saved.count() > 0; }, 20000));
    ASSERT_EQ(m_accounts->accounts().size(), 1);
    const QString id = m_accounts->accounts().first().id;
    auto* list = child<QListWidget>(page, QStringLiteral("accountList"));
    ASSERT_EQ(list->count(), 1);
    EXPECT_EQ(page->currentAccountId(), id);
    snapshot(&manage, QStringLiteral("accounts-one"));

    // Edit: the secret is not shown; left empty, the saved one is used for the test and kept.
    ui::AccountDialog* edited = nullptr;
    QObject::connect(page, &ui::AccountsPage::dialogOpened, page, [&](ui::AccountDialog* d) { edited = d; });
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("editAccount")), Qt::LeftButton);
    ASSERT_NE(edited, nullptr);
    EXPECT_TRUE(edited->isEditing());
    EXPECT_TRUE(child<QLineEdit>(edited, QStringLiteral("field:password"))->text().isEmpty());
    EXPECT_EQ(child<QLineEdit>(edited, QStringLiteral("field:emailAddress"))->text(),
              TestEnv::get().address(QStringLiteral("alice")));
    auto result = test(edited);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->outcome, ConnectionOutcome::Success) << edited->resultText().toStdString();
    edited->setManualSetup(true);
    auto* name = child<QLineEdit>(edited, QStringLiteral("displayName"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Work"));
    QSignalSpy savedEdit(edited, &ui::AccountDialog::accountSaved);
    QTest::mouseClick(child<QPushButton>(edited, QStringLiteral("save")), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return savedEdit.count() > 0; }, 20000));
    ASSERT_EQ(m_accounts->accounts().size(), 1);
    EXPECT_EQ(m_accounts->accounts().first().displayName, QStringLiteral("Work"));
    EXPECT_EQ(m_accounts->accounts().first().id, id);
    EXPECT_TRUE(list->item(0)->text().startsWith(QStringLiteral("Work")));
    const auto kept = await(m_keychain->readSecret(id, SecretKind::Password), 20000);
    ASSERT_TRUE(kept && kept->ok());
    EXPECT_EQ(kept->value(), TestEnv::get().password.toUtf8());

    // Remove: asks first; Cancel keeps it, Remove deletes settings and secret.
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("removeAccount")), Qt::LeftButton);
    auto* box = page->findChild<QMessageBox*>(QStringLiteral("confirmRemove"));
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->text().contains(QStringLiteral("Work")));
    box->button(QMessageBox::Cancel)->click();
    QCoreApplication::processEvents();
    EXPECT_EQ(m_accounts->accounts().size(), 1);
    ASSERT_TRUE(waitUntil([&] { return !page->findChild<QMessageBox*>(QStringLiteral("confirmRemove")); }));

    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("removeAccount")), Qt::LeftButton);
    box = page->findChild<QMessageBox*>(QStringLiteral("confirmRemove"));
    ASSERT_NE(box, nullptr);
    child<QPushButton>(box, QStringLiteral("confirmRemoveButton"))->click();
    EXPECT_TRUE(m_accounts->accounts().isEmpty());
    EXPECT_EQ(list->count(), 0);
    ASSERT_TRUE(waitUntil(
        [&] {
            const auto gone = await(m_keychain->readSecret(id, SecretKind::Password), 20000);
            return gone && !gone->ok() && gone->error().code == KeychainErrorCode::SecretMissing;
        },
        20000));
}

TEST(WelcomeWidgetTest, AsksAndReports) {
    ui::WelcomeWidget welcome;
    welcome.resize(720, 520);
    welcome.show();
    QSignalSpy add(&welcome, &ui::WelcomeWidget::addAccountRequested);
    QSignalSpy sandbox(&welcome, &ui::WelcomeWidget::sandboxRequested);
    snapshot(&welcome, QStringLiteral("welcome"));
    QTest::mouseClick(welcome.findChild<QPushButton*>(QStringLiteral("welcomeAddAccount")), Qt::LeftButton);
    QTest::mouseClick(welcome.findChild<QPushButton*>(QStringLiteral("welcomeOpenSandbox")), Qt::LeftButton);
    EXPECT_EQ(add.count(), 1);
    EXPECT_EQ(sandbox.count(), 1);

    welcome.setSandboxAvailable(false, QStringLiteral("Start it with tools/sandbox start."));
    auto* open = welcome.findChild<QPushButton*>(QStringLiteral("welcomeOpenSandbox"));
    EXPECT_FALSE(open->isEnabled());
    EXPECT_TRUE(welcome.findChild<QLabel*>(QStringLiteral("welcomeSandboxHint"))->isVisible());
    snapshot(&welcome, QStringLiteral("welcome-no-sandbox"));
    welcome.setSandboxAvailable(true);
    EXPECT_TRUE(open->isEnabled());
}

// --- Slack: several secrets, and "Sign in with Slack" through the emulator ----------------

namespace {

QString slackEmulator() {
    return qEnvironmentVariable("TRIBUTARY_TEST_SLACK_EMULATOR");
}

//! POST /_emulator/oauth on the Slack emulator (deny, client_id, reset).
void slackOAuthControl(const QJsonObject& body) {
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(slackEmulator() + QStringLiteral("/_emulator/oauth")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    ASSERT_TRUE(waitUntil([reply] { return reply->isFinished(); }, 20000));
    EXPECT_EQ(reply->error(), QNetworkReply::NoError);
    delete reply;
}

void chooseType(ui::AccountDialog* d, const QString& providerId) {
    auto* combo = child<QComboBox>(d, QStringLiteral("accountType"));
    ASSERT_NE(combo, nullptr);
    const int index = combo->findData(providerId);
    ASSERT_GE(index, 0) << providerId.toStdString();
    combo->setCurrentIndex(index);
    emit combo->activated(index);
}

//! Slack, pointed at the emulator (API and sign-in), as the manual setup would hold it.
void fillSlackServers(ui::AccountDialog* d, const QString& clientId) {
    chooseType(d, QStringLiteral("slack"));
    d->setManualSetup(true);
    type(d, QStringLiteral("workspace"), QStringLiteral("Emulated"));
    type(d, QStringLiteral("apiBaseUrl"), slackEmulator());
    type(d, QStringLiteral("oauthBaseUrl"), slackEmulator());
    type(d, QStringLiteral("clientId"), clientId);
}

QByteArray savedSecret(TokenStore* keychain, const QString& account, const QString& kind) {
    const auto r = await(keychain->readSecret(account, kind), 20000);
    return r && r->ok() ? r->value() : QByteArray("<missing>");
}

} // namespace

class SlackAccountDialogTest : public AccountDialogTest {
protected:
    void SetUp() override {
        AccountDialogTest::SetUp();
        if (HasFatalFailure())
            return;
        TRIBUTARY_REQUIRE_SLACK_EMULATOR();
        slackOAuthControl({{QStringLiteral("reset"), true}, {QStringLiteral("client_id"), kClientId}});
    }
    void TearDown() override {
        if (!IsSkipped() && !slackEmulator().isEmpty())
            slackOAuthControl({{QStringLiteral("reset"), true}});
        AccountDialogTest::TearDown();
    }

    //! Presses Save and waits until the account is stored; its id.
    QString saveAndWait(ui::AccountDialog* d) {
        QSignalSpy saved(d, &ui::AccountDialog::accountSaved);
        QTest::mouseClick(child<QPushButton>(d, QStringLiteral("save")), Qt::LeftButton);
        if (!waitUntil([&] { return saved.count() > 0; }, 30000)) {
            ADD_FAILURE() << "not saved: " << d->resultText().toStdString();
            return {};
        }
        return d->currentAccount().id; // editing the saved account now
    }

    const QString kClientId = QStringLiteral("1000000001.2000000002");
    const QByteArray m_userToken = qgetenv("TRIBUTARY_TEST_SLACK_USER_TOKEN");
    const QByteArray m_appToken = qgetenv("TRIBUTARY_TEST_SLACK_APP_TOKEN");
};

TEST_F(SlackAccountDialogTest, StoresEverySecretAndEditKeepsTheOnesLeftEmpty) {
    auto d = dialog();
    fillSlackServers(d.get(), QString());
    type(d.get(), SecretKind::AccessToken, QString::fromUtf8(m_userToken));
    type(d.get(), SecretKind::AppToken, QString::fromUtf8(m_appToken));
    auto result = test(d.get());
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->outcome, ConnectionOutcome::Success) << d->resultText().toStdString();
    const QString id = saveAndWait(d.get());
    ASSERT_FALSE(id.isEmpty());
    EXPECT_EQ(savedSecret(m_keychain.get(), id, SecretKind::AccessToken), m_userToken);
    EXPECT_EQ(savedSecret(m_keychain.get(), id, SecretKind::AppToken), m_appToken);

    // Editing: only the app token is typed; the test reads the saved user token.
    auto edit = dialog();
    ASSERT_TRUE(edit->editAccount(id));
    type(edit.get(), SecretKind::AppToken, QStringLiteral("xapp-1-A0TRIBAPP1-replaced"));
    result = test(edit.get());
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->outcome, ConnectionOutcome::Success) << edit->resultText().toStdString();
    ASSERT_EQ(saveAndWait(edit.get()), id);
    EXPECT_EQ(savedSecret(m_keychain.get(), id, SecretKind::AccessToken), m_userToken);
    EXPECT_EQ(savedSecret(m_keychain.get(), id, SecretKind::AppToken),
              QByteArray("xapp-1-A0TRIBAPP1-replaced"));
}

TEST_F(SlackAccountDialogTest, NewAccountThatCannotBeStoredLeavesNoSecretBehind) {
    // The account list cannot be written: both tokens written first must go again.
    class Refusing : public AccountStorage {
    public:
        QList<Account> loadAccounts() override { return {}; }
        Result<void> saveAccounts(const QList<Account>&) override {
            return ProviderError::storage(QStringLiteral("disk full"), QStringLiteral("disk_full"));
        }
    } refusing;
    AccountManager refusingManager(m_registry, ProviderContext{m_keychain.get()}, &refusing);
    ui::AccountDialog refused(m_registry, &refusingManager, m_keychain.get());
    refused.show();
    chooseType(&refused, QStringLiteral("slack"));
    type(&refused, SecretKind::AccessToken, QString::fromUtf8(m_userToken));
    type(&refused, SecretKind::AppToken, QString::fromUtf8(m_appToken));
    const QString refusedId = refused.currentAccount().id;
    QTest::mouseClick(child<QPushButton>(&refused, QStringLiteral("save")), Qt::LeftButton);
    ASSERT_TRUE(
        waitUntil([&] { return refused.resultText().contains(QStringLiteral("could not be saved")); }, 30000))
        << refused.resultText().toStdString();
    // Removal is queued behind the writes: wait for it.
    EXPECT_TRUE(waitUntil(
        [&] {
            return savedSecret(m_keychain.get(), refusedId, SecretKind::AccessToken) == "<missing>" &&
                   savedSecret(m_keychain.get(), refusedId, SecretKind::AppToken) == "<missing>";
        },
        30000));
    // What was typed is still there for another try.
    EXPECT_EQ(child<QLineEdit>(&refused, QStringLiteral("field:") + SecretKind::AppToken)->text().toUtf8(),
              m_appToken);
}

TEST_F(SlackAccountDialogTest, SignInWithSlackFillsTheTokenTestsAndSaves) {
    auto d = dialog();
    fillSlackServers(d.get(), kClientId);
    auto* button = child<QPushButton>(d.get(), QStringLiteral("oauthSignIn"));
    ASSERT_NE(button, nullptr);
    EXPECT_TRUE(button->text().contains(QStringLiteral("Slack")));
    snapshot(d.get(), QStringLiteral("slack-sign-in-before"));

    ScriptedBrowser browser;
    d->setBrowserOpener(browser.opener());
    QSignalSpy signedIn(d.get(), &ui::AccountDialog::signInFinished);
    QSignalSpy tested(d.get(), &ui::AccountDialog::testFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_TRUE(d->isSigningIn());
    ASSERT_TRUE(waitUntil([&] { return signedIn.count() > 0; }, 60000)) << d->resultText().toStdString();
    ASSERT_TRUE(signedIn.first().first().toBool()) << d->resultText().toStdString();
    EXPECT_EQ(child<QLineEdit>(d.get(), QStringLiteral("field:") + SecretKind::AccessToken)->text().toUtf8(),
              m_userToken);
    auto* status = child<QLabel>(d.get(), QStringLiteral("oauthStatus"));
    EXPECT_TRUE(status->isVisible());
    EXPECT_TRUE(status->text().contains(QStringLiteral("U0ALICE001 in Tributary Test")))
        << status->text().toStdString();

    // auth.test right away, with the token the sign-in brought.
    ASSERT_TRUE(waitUntil([&] { return tested.count() > 0; }, 60000));
    ASSERT_TRUE(d->lastResult().has_value());
    EXPECT_EQ(d->lastResult()->outcome, ConnectionOutcome::Success) << d->resultText().toStdString();
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("channels and conversations")))
        << "chat accounts have no folders: " << d->resultText().toStdString();
    snapshot(d.get(), QStringLiteral("slack-signed-in"));

    const QString id = saveAndWait(d.get());
    ASSERT_FALSE(id.isEmpty());
    EXPECT_EQ(savedSecret(m_keychain.get(), id, SecretKind::AccessToken), m_userToken);
    EXPECT_EQ(savedSecret(m_keychain.get(), id, OAuthSecretKind::AccessTokenExpiry), QByteArray("unknown"));
    EXPECT_EQ(savedSecret(m_keychain.get(), id, SecretKind::AppToken), QByteArray("<missing>"));
}

TEST_F(SlackAccountDialogTest, DeclinedOrUnconfiguredSignInChangesNothing) {
    auto d = dialog();
    chooseType(d.get(), QStringLiteral("slack"));
    type(d.get(), SecretKind::AccessToken, QStringLiteral("xoxp-typed-by-hand"));
    ScriptedBrowser browser;
    d->setBrowserOpener(browser.opener());

    // No client id: says what to fill, opens the manual setup, starts nothing.
    QTest::mouseClick(child<QPushButton>(d.get(), QStringLiteral("oauthSignIn")), Qt::LeftButton);
    EXPECT_FALSE(d->isSigningIn());
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("client id"))) << d->resultText().toStdString();
    EXPECT_TRUE(child<QLineEdit>(d.get(), QStringLiteral("field:clientId"))->isVisible());

    // Consent declined in the browser.
    slackOAuthControl({{QStringLiteral("deny"), true}});
    type(d.get(), QStringLiteral("clientId"), kClientId);
    type(d.get(), QStringLiteral("oauthBaseUrl"), slackEmulator());
    QSignalSpy signedIn(d.get(), &ui::AccountDialog::signInFinished);
    QTest::mouseClick(child<QPushButton>(d.get(), QStringLiteral("oauthSignIn")), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return signedIn.count() > 0; }, 60000));
    EXPECT_FALSE(signedIn.first().first().toBool());
    EXPECT_TRUE(d->resultText().contains(QStringLiteral("declined"))) << d->resultText().toStdString();
    EXPECT_EQ(child<QLineEdit>(d.get(), QStringLiteral("field:") + SecretKind::AccessToken)->text(),
              QStringLiteral("xoxp-typed-by-hand"));
    EXPECT_FALSE(child<QLabel>(d.get(), QStringLiteral("oauthStatus"))->isVisible());
    EXPECT_TRUE(child<QPushButton>(d.get(), QStringLiteral("save"))->isEnabled());
    snapshot(d.get(), QStringLiteral("slack-sign-in-declined"));
}

} // namespace tributary::test
