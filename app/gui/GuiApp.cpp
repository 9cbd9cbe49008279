#include "GuiApp.h"

#include "ConversationView.h"
#include "MainWindow.h"
#include "Providers.h"
#include "SaveAttachmentDialog.h"
#include "Screenshot.h"
#include "ThreadListPane.h"
#include "accounts/AccountDialog.h"
#include "accounts/ManageAccountsDialog.h"
#include "accounts/SignInAgain.h"
#include "accounts/WelcomeWidget.h"
#include "auth/TokenStore.h"
#include "cache/ExpandedMessages.h"
#include "cache/ViewStateCache.h"
#include "cli/AccountFile.h"
#include "compose/ComposerWindow.h"
#include "compose/Outbox.h"
#include "files/SaveToFile.h"
#include "html/RemoteContentPolicy.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "notify/Notifier.h"
#include "provider/AccountManager.h"
#include "provider/EnvSecretSource.h"
#include "sandbox/LocalSandbox.h"
#include "settings/SettingsDialog.h"
#include "settings/Theme.h"
#include "sync/SyncController.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"
#include "util/WhenDone.h"

#include <QAction>
#include <QCryptographicHash>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QStandardPaths>
#include <QStatusBar>

namespace tributary::gui {

GuiApp::GuiApp(GuiOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options)) {
    registerBuiltInProviders(m_registry);
}

GuiApp::~GuiApp() {
    // Views first, then what they observe; the cache last so every write reaches it.
    m_screenshot.reset();
    m_notifier.reset();
    m_signInAgain.reset(); // a sign-in still running is abandoned: nothing is stored
    m_window.reset();
    m_outbox.reset();
    m_sync.reset();
    m_store.reset();
    m_accounts.reset();
    m_cache.reset();
    m_secrets.reset();
}

QString GuiApp::cachePath() const {
    if (!m_options.cacheFile.isEmpty())
        return m_options.cacheFile;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (m_options.accountsFile.isEmpty())
        return dir + QStringLiteral("/viewstate.sqlite3");
    // One cache per account file: sandbox accounts never land in the real cache.
    const QByteArray key = QFileInfo(m_options.accountsFile).absoluteFilePath().toUtf8();
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(12));
    return dir + QStringLiteral("/viewstate-%1.sqlite3").arg(hash);
}

bool GuiApp::start(QString* error) {
    QList<Account> fileAccounts;
    if (!m_options.accountsFile.isEmpty()) {
        const cli::AccountFileResult file = cli::loadAccountFile(m_options.accountsFile);
        if (!file.ok()) {
            *error = file.error;
            return false;
        }
        fileAccounts = file.accounts;
        m_secrets = std::make_unique<EnvSecretSource>(fileAccounts);
        m_accounts = std::make_unique<AccountManager>(m_registry, ProviderContext{m_secrets.get()}, nullptr);
        for (const Account& account : std::as_const(fileAccounts)) {
            if (const Result<void> added = m_accounts->addAccount(account); !added.ok())
                qCWarning(lcUi) << "skipping account" << account.id << added.error().describe();
        }
    } else {
        m_secrets = std::make_unique<TokenStore>();
    }

    if (m_options.noCache) {
        if (m_options.accountsFile.isEmpty())
            m_notice = tr("Without the cache there are no saved accounts: start with --accounts FILE.");
        continueStartup(false);
        return true;
    }

    m_cache = std::make_unique<ViewStateCache>(cachePath());
    connect(m_cache.get(), &ViewStateCache::error, this,
            [](const ProviderError& e) { qCWarning(lcCache) << "view-state cache:" << e.describe(); });
    m_cache->open().then(this, [this](const Result<void>& opened) {
        if (!opened.ok())
            qCWarning(lcCache) << "running without the view-state cache:" << opened.error().describe();
        continueStartup(opened.ok());
    });
    return true;
}

void GuiApp::continueStartup(bool cacheUsable) {
    m_cacheUsable = cacheUsable;
    if (!m_accounts) {
        // Keychain mode: the accounts the user set up live in the cache, secrets in the keychain.
        m_accounts = std::make_unique<AccountManager>(m_registry, ProviderContext{m_secrets.get()},
                                                      cacheUsable ? m_cache.get() : nullptr);
        m_accounts->load();
        if (m_accounts->accounts().isEmpty() && m_notice.isEmpty())
            m_notice = tr("No accounts yet: File > Accounts… adds one.");
    }
    m_store = std::make_unique<InboxStore>();
    m_sync = std::make_unique<SyncController>(m_store.get(), cacheUsable ? m_cache.get() : nullptr);
    m_sync->attach(m_accounts.get());
    m_window = std::make_unique<ui::MainWindow>(m_sync.get(), m_store.get());
    if (!m_notice.isEmpty())
        m_window->statusBar()->showMessage(m_notice);
    wireDesktop(cacheUsable);

    if (!cacheUsable) {
        showWindow();
        return;
    }
    connect(m_window.get(), &ui::MainWindow::closing, this, [this](const QHash<QString, QByteArray>& layout) {
        for (auto it = layout.cbegin(); it != layout.cend(); ++it)
            m_cache->setLayout(it.key(), it.value());
    });
    // The window appears with the layout it had last time, not a default that then jumps.
    const QStringList keys = ui::MainWindow::layoutKeys();
    auto state = std::make_shared<QHash<QString, QByteArray>>();
    auto remaining = std::make_shared<int>(int(keys.size()));
    for (const QString& key : keys) {
        m_cache->layout(key).then(this, [this, key, state, remaining](const QByteArray& value) {
            if (!value.isEmpty())
                state->insert(key, value);
            if (--*remaining > 0)
                return;
            m_window->restoreLayout(*state);
            showWindow();
        });
    }
}

void GuiApp::wireDesktop(bool cacheUsable) {
    ViewStateCache* cache = cacheUsable ? m_cache.get() : nullptr;
    m_notifier = std::make_unique<ui::Notifier>(m_sync.get(), cache);
    connect(m_notifier.get(), &ui::Notifier::openThreadRequested, this, [this](const QString& threadId) {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
        if (!m_window->selectThread(threadId)) {
            m_window->selectView(ui::UnifiedView::All);
            m_window->selectThread(threadId);
        }
    });
    connect(m_notifier.get(), &ui::Notifier::showWindowRequested, this, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    if (m_options.screenshotFile.isEmpty())
        m_notifier->showTrayIcon();
    connect(m_window.get(), &ui::MainWindow::settingsRequested, this, &GuiApp::openSettings);
    m_signInAgain = std::make_unique<SignInAgain>(
        m_registry, m_sync.get(), m_secrets.get(), new QNetworkAccessManager(this),
        [](const QUrl& url) { return QDesktopServices::openUrl(url); });
    connect(m_window.get(), &ui::MainWindow::signInRequested, this, &GuiApp::signInAgain);
    // Accounts are managed here only in keychain mode: an --accounts file is edited as a file.
    if (auto* keychain = dynamic_cast<TokenStore*>(m_secrets.get())) {
        QMenu* file = m_window->menuBar()->actions().constFirst()->menu();
        auto* manage = new QAction(tr("&Accounts…"), m_window.get());
        manage->setObjectName(QStringLiteral("actionManageAccounts"));
        manage->setStatusTip(tr("Add, edit or remove accounts"));
        file->insertAction(file->actions().value(1), manage);
        connect(manage, &QAction::triggered, this, [this, keychain] {
            auto* dialog =
                new ui::ManageAccountsDialog(m_registry, m_accounts.get(), keychain, m_window.get());
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
        });
        wireWelcome(keychain);
    }
    // Composers are top-level windows; the outbox outlives them, so a send finishes (or keeps
    // the text after a failure) even when its window was closed.
    m_outbox = std::make_unique<Outbox>(m_sync.get());
    wireReader(cache);
    m_window->setComposeHandler([this, cache](SendKind kind, const QString& messageId) {
        ui::ComposerServices services;
        services.sync = m_sync.get();
        services.store = m_store.get();
        services.outbox = m_outbox.get();
        services.cache = cache;
        if (kind == SendKind::New)
            ui::ComposerWindow::newMessage(services);
        else if (kind == SendKind::ThreadReply)
            ui::ComposerWindow::chatReply(
                services, m_store->message(messageId) ? m_store->message(messageId)->threadId : QString());
        else
            ui::ComposerWindow::reply(services, messageId, kind);
    });
    if (!m_options.theme.isEmpty())
        ui::applyTheme(ui::themeFromName(m_options.theme)); // this run only: not stored
    if (!cache)
        return;
    // The saved look applies before the window shows (both answers arrive before the layout's).
    const bool themeGiven = !m_options.theme.isEmpty();
    whenDone(cache->setting(ui::SettingsDialog::themeKey()), this, [themeGiven](const QVariant& v) {
        if (v.isValid() && !themeGiven)
            ui::applyTheme(ui::themeFromName(v.toString()));
    });
    whenDone(cache->setting(ui::SettingsDialog::densityKey()), this, [this](const QVariant& v) {
        m_window->threadListPane()->setCompact(v.toString() == QLatin1String("compact"));
    });
    using ui::ReadingSettings;
    whenDone(cache->setting(ReadingSettings::markReadKey()), this, [this](const QVariant& v) {
        ReadingSettings r = m_window->readingSettings();
        r.markRead = ReadingSettings::markReadFromName(v.toString());
        m_window->setReadingSettings(r);
    });
    whenDone(cache->setting(ReadingSettings::markReadDelayKey()), this, [this](const QVariant& v) {
        ReadingSettings r = m_window->readingSettings();
        r.markReadDelaySecs = ReadingSettings::delayFromValue(v);
        m_window->setReadingSettings(r);
    });
    whenDone(cache->setting(ReadingSettings::afterMoveKey()), this, [this](const QVariant& v) {
        ReadingSettings r = m_window->readingSettings();
        r.afterMove = ReadingSettings::afterMoveFromName(v.toString());
        m_window->setReadingSettings(r);
    });
}

void GuiApp::signInAgain(const QString& accountId) {
    if (!m_signInAgain->hasBrowserSignIn(accountId)) {
        // A password (or pasted token) account: its settings ask for it and keep it in the keychain.
        auto* keychain = dynamic_cast<TokenStore*>(m_secrets.get());
        if (!keychain) {
            QMessageBox::information(m_window.get(), tr("Sign in again"),
                                     tr("This account's password comes from the environment variable its "
                                        "account file names: set it there and start Tributary again."));
            return;
        }
        auto* dialog = new ui::AccountDialog(m_registry, m_accounts.get(), keychain, m_window.get());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (!dialog->editAccount(accountId)) {
            delete dialog;
            return;
        }
        dialog->open();
        return;
    }
    m_window->statusBar()->showMessage(
        tr("Sign in in your web browser; Tributary continues when you are done."));
    QPointer<ui::MainWindow> window(m_window.get());
    m_signInAgain->start(accountId).then(this, [window](const Result<OAuthGrant>& result) {
        if (!window)
            return;
        if (result.ok()) {
            window->statusBar()->showMessage(tr("Signed in again."), 5000);
        } else if (result.error().kind != ErrorKind::Cancelled) {
            window->statusBar()->clearMessage();
            QMessageBox::warning(window, tr("Sign in again"), result.error().message);
        }
    });
}

void GuiApp::wireWelcome(TokenStore* keychain) {
    auto* welcome = new ui::WelcomeWidget;
    m_sandbox =
        new LocalSandbox(QStringLiteral(TRIBUTARY_SOURCE_DIR), QStringLiteral(TRIBUTARY_BUILD_DIR), welcome);
    welcome->setSandboxAvailable(m_sandbox->isAvailable(), m_sandbox->unavailableReason());
    connect(welcome, &ui::WelcomeWidget::addAccountRequested, this, [this, keychain] {
        auto* dialog = new ui::AccountDialog(m_registry, m_accounts.get(), keychain, m_window.get());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    QPointer<ui::WelcomeWidget> page(welcome);
    connect(welcome, &ui::WelcomeWidget::sandboxRequested, this, [this, page] {
        page->setSandboxAvailable(false, tr("Starting the local sandbox… The first start writes 5,000 sample "
                                            "messages and takes about a minute."));
        m_sandbox->start();
    });
    connect(m_sandbox, &LocalSandbox::failed, this, [page](const QString& message) {
        if (page)
            page->setSandboxAvailable(true, message);
    });
    // The sandbox opens in a window of its own (its own profile and keyring): this one,
    // with no account in it, has done its job.
    connect(m_sandbox, &LocalSandbox::launched, m_window.get(), &QWidget::close);
    m_window->setWelcomePage(welcome);
}

void GuiApp::wireReader(ViewStateCache* cache) {
    ui::ConversationView* view = m_window->conversationView();
    QPointer<SyncController> sync(m_sync.get());
    view->setAttachmentFetcher([sync](const QString& messageId, const QString& attachmentId) {
        Provider* p = sync ? sync->provider(accountOf(messageId)) : nullptr;
        if (!p)
            return readyResult<QByteArray>(
                ProviderError::notFound(tr("The account of this message is not set up.")));
        return p->fetchAttachment(messageId, attachmentId);
    });
    m_remotePolicy = new RemoteContentPolicy(cache, m_window.get());
    view->setRemoteContentPolicy(m_remotePolicy);
    view->setExpandedMessages(new ExpandedMessages(cache, m_window.get()));
    connect(view, &ui::ConversationView::saveAttachmentRequested, this, &GuiApp::saveAttachment);
}

void GuiApp::saveAttachment(const QString& messageId, const QString& attachmentId, const QString& fileName) {
    QFileDialog* dialog = ui::createSaveAttachmentDialog(
        m_window.get(), fileName, QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    connect(dialog, &QFileDialog::fileSelected, this, [this, messageId, attachmentId](const QString& path) {
        if (path.isEmpty())
            return;
        Provider* p = m_sync->provider(accountOf(messageId));
        if (!p)
            return;
        QPointer<ui::MainWindow> window(m_window.get());
        whenDone(p->fetchAttachment(messageId, attachmentId), this,
                 [window, path](const Result<QByteArray>& bytes) {
                     if (!window)
                         return;
                     if (!bytes) {
                         window->statusBar()->showMessage(
                             tr("Could not download the attachment: %1").arg(bytes.error().message), 12000);
                         return;
                     }
                     // The dialog asked before replacing an existing file.
                     const Result<void> saved = saveToFile(path, bytes.value());
                     window->statusBar()->showMessage(
                         saved ? tr("Saved %1").arg(QDir::toNativeSeparators(path)) : saved.error().message,
                         12000);
                 });
    });
    dialog->open();
}

void GuiApp::openSettings() {
    auto* dialog = new ui::SettingsDialog(m_sync.get(), m_cacheUsable ? m_cache.get() : nullptr,
                                          m_notifier.get(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ui::SettingsDialog::compactChanged, m_window->threadListPane(),
            &ui::ThreadListPane::setCompact);
    connect(dialog, &ui::SettingsDialog::remoteContentAlwaysChanged, m_remotePolicy.data(),
            &RemoteContentPolicy::setLoadsAlways);
    connect(dialog, &ui::SettingsDialog::readingSettingsChanged, m_window.get(),
            &ui::MainWindow::setReadingSettings);
    dialog->show();
}

void GuiApp::showWindow() {
    m_window->show();
    m_sync->start();
    if (!m_options.screenshotFile.isEmpty()) {
        m_screenshot = std::make_unique<Screenshot>(m_window.get(), m_sync.get(), m_options.screenshotFile,
                                                    m_options.screenshotTimeoutSeconds,
                                                    Screenshot::sceneFromName(m_options.screenshotScene));
        m_screenshot->start();
    }
}

} // namespace tributary::gui
