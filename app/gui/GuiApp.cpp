#include "GuiApp.h"

#include "ConversationView.h"
#include "MainWindow.h"
#include "Providers.h"
#include "SaveAttachmentDialog.h"
#include "Screenshot.h"
#include "ThreadListPane.h"
#include "accounts/AccountDialog.h"
#include "accounts/AccountsFile.h"
#include "accounts/ManageAccountsDialog.h"
#include "accounts/SignInAgain.h"
#include "accounts/WelcomeWidget.h"
#include "auth/TokenStore.h"
#include "cache/ExpandedMessages.h"
#include "cache/ViewStateCache.h"
#include "cli/AccountFile.h"
#include "compose/ComposerWindow.h"
#include "compose/Outbox.h"
#include "compose/OutboxQuitGuard.h"
#include "compose/UnfinishedSendsDialog.h"
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
#include "util/Futures.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QAction>
#include <QApplication>
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
#ifndef QT_NO_SESSIONMANAGER
#include <QSessionManager>
#endif
#include <QStatusBar>

namespace tributary::gui {

namespace {
//! How long a sent message stays in the outbox, undoable, before it goes (as Gmail's default).
constexpr std::chrono::seconds kOutboxHold{5};
} // namespace

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
    m_accountsFile.reset();
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

QString GuiApp::accountsFilePath() const {
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/accounts.json");
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
        continueStartup(false);
        return true;
    }

    m_cache = std::make_unique<ViewStateCache>(cachePath());
    connect(m_cache.get(), &ViewStateCache::error, this, [this](const ProviderError& e) {
        qCWarning(lcCache) << "view-state cache:" << e.describe();
        if (e.code == QLatin1String("cache_corrupt") || e.code == QLatin1String("cache_version"))
            m_cacheNotice = e.message;
    });
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
        // Keychain mode: the accounts the user set up live in their own file, secrets in the
        // keychain; a cache set aside or unopenable costs view state only.
        m_accountsFile = std::make_unique<AccountsFile>(accountsFilePath());
        if (cacheUsable) {
            if (const Result<int> moved = migrateAccounts(*m_cache, *m_accountsFile); !moved)
                qCWarning(lcUi) << "Could not move the accounts out of the cache:"
                                << moved.error().describe();
        }
        m_accounts = std::make_unique<AccountManager>(m_registry, ProviderContext{m_secrets.get()},
                                                      m_accountsFile.get());
        m_accounts->load();
        if (m_accounts->accounts().isEmpty() && m_notice.isEmpty())
            m_notice = tr("No accounts yet: File > Accounts… adds one.");
    }
    if (!m_cacheNotice.isEmpty())
        m_notice = m_cacheNotice;
    m_store = std::make_unique<InboxStore>();
    m_sync = std::make_unique<SyncController>(m_store.get(), cacheUsable ? m_cache.get() : nullptr);
    m_sync->attach(m_accounts.get());
    m_window = std::make_unique<ui::MainWindow>(m_sync.get(), m_store.get());
    QHash<QString, QString> icons;
    for (const ProviderInfo& info : m_registry.providers())
        icons.insert(info.id, info.iconName);
    m_window->setProviderIconNames(icons);
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
    // Accounts are managed here in keychain mode; an --accounts file is edited as a file, and
    // the dialog lists its accounts and says so.
    auto* keychain = dynamic_cast<TokenStore*>(m_secrets.get());
    connect(m_window.get(), &ui::MainWindow::accountsRequested, this, [this, keychain] {
        auto* dialog = new ui::ManageAccountsDialog(m_registry, m_accounts.get(), keychain, m_window.get());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (!keychain)
            dialog->setReadOnly(
                tr("These accounts come from %1, the file given with --accounts. To change them, edit that "
                   "file (passwords come from the environment variables it names) and start Tributary again.")
                    .arg(QDir::toNativeSeparators(QFileInfo(m_options.accountsFile).absoluteFilePath())));
        dialog->show();
    });
    if (keychain)
        wireWelcome(keychain);
    // Composers are top-level windows; the outbox outlives them, so a send finishes (or keeps
    // the text after a failure) even when its window was closed.
    // A sent message waits kOutboxHold in the outbox, so the status bar's Undo can take it back.
    Outbox::Options outboxOptions;
    outboxOptions.holdFor = kOutboxHold;
    m_outbox = std::make_unique<Outbox>(
        [sync = QPointer<SyncController>(m_sync.get())](const QString& accountId) -> Provider* {
            return sync ? sync->provider(accountId) : nullptr;
        },
        nullptr, outboxOptions);
    m_window->setOutbox(m_outbox.get());
    wireOutbox();
    wireReader(cache);
    auto services = [this, cache] {
        ui::ComposerServices s;
        s.sync = m_sync.get();
        s.store = m_store.get();
        s.outbox = m_outbox.get();
        s.cache = cache;
        return s;
    };
    // Each composer's Send is noted in the main window, with Undo while the outbox holds it.
    auto track = [this](ui::ComposerWindow* composer) {
        if (!composer)
            return;
        QPointer<ui::ComposerWindow> guard(composer);
        connect(composer, &ui::ComposerWindow::queued, m_window.get(),
                [this, guard](const QString&, const QString& clientId) {
                    if (!guard)
                        return;
                    m_window->noteSending(clientId, guard->message().subject,
                                          [guard] { return guard && guard->undoSend(); });
                });
    };
    // Mail only: a chat is written to in its own message box (the window's ChatInput).
    m_window->setComposeHandler([services, track](SendKind kind, const QString& messageId) {
        if (kind == SendKind::New)
            track(ui::ComposerWindow::newMessage(services(), accountOf(messageId)));
        else
            track(ui::ComposerWindow::reply(services(), messageId, kind));
    });
    m_window->setDraftHandler([services, track](const QString& draftId) {
        track(ui::ComposerWindow::fromDraft(services(), draftId));
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

void GuiApp::wireOutbox() {
    m_quitGuard = new ui::OutboxQuitGuard(m_outbox.get(), m_window.get(), this);
    m_window->setCloseGuard([guard = m_quitGuard] { return !guard || guard->allowClose(); });
#ifndef QT_NO_SESSIONMANAGER
    // The session ends (log out, shutdown): no one to ask, so queued messages become drafts.
    connect(qApp, &QGuiApplication::commitDataRequest, this, [this](QSessionManager&) {
        if (m_quitGuard)
            m_quitGuard->keepForSessionEnd(std::chrono::seconds(10));
    });
#endif
    // A message whose composer was closed and that failed or may have been sent: the user
    // decides in its composer, reopened, rather than nowhere (not while quitting, when the
    // quit question covers them).
    connect(m_outbox.get(), &Outbox::stateChanged, this,
            [this](const QString& clientId, OutboxState state, const QString&) {
                if (state != OutboxState::Uncertain && state != OutboxState::Failed)
                    return;
                if (m_quitGuard && m_quitGuard->isQuitting())
                    return;
                if (m_window->sentFromChatBox(clientId))
                    return; // its chat transcript shows it, with Retry

                for (QWidget* w : QApplication::topLevelWidgets()) {
                    if (auto* composer = qobject_cast<ui::ComposerWindow*>(w);
                        composer && composer->clientId() == clientId && composer->isVisible())
                        return;
                }
                ui::ComposerServices services;
                services.sync = m_sync.get();
                services.store = m_store.get();
                services.outbox = m_outbox.get();
                services.cache = m_cacheUsable ? m_cache.get() : nullptr;
                ui::ComposerWindow::fromOutbox(services, clientId);
            });
}

void GuiApp::recoverUnfinishedSends() {
    for (const Account& account : m_accounts->accounts()) {
        Provider* provider = m_accounts->provider(account.id);
        if (!provider || !provider->capabilities().testFlag(Capability::SendRecords))
            continue;
        const QString id = account.id;
        const QString name = account.displayName.isEmpty() ? account.id : account.displayName;
        whenDone(provider->recoverUnfinishedSends(), this,
                 [this, id, name](const Result<QList<UnfinishedSend>>& found) {
                     if (!found) {
                         qCWarning(lcUi) << "Could not look for unfinished sends of" << id << ":"
                                         << found.error().describe();
                         return;
                     }
                     if (found.value().isEmpty())
                         return;
                     if (!m_unfinished) {
                         QPointer<SyncController> sync(m_sync.get());
                         m_unfinished = new ui::UnfinishedSendsDialog(
                             [sync](const QString& accountId) {
                                 return sync ? sync->provider(accountId) : nullptr;
                             },
                             m_window.get());
                         m_unfinished->setAttribute(Qt::WA_DeleteOnClose);
                     }
                     m_unfinished->add(id, name, found.value());
                     m_unfinished->show();
                     m_unfinished->raise();
                 });
    }
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

void GuiApp::reportAccountsFile() {
    if (!m_accountsFile || m_accountsFile->report().status == AccountsFile::Status::Ok)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Your Accounts"), m_accountsFile->report().message,
                                QMessageBox::Ok, m_window.get());
    box->setObjectName(QStringLiteral("accountsFileProblem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void GuiApp::showWindow() {
    m_window->show();
    if (m_options.screenshotFile.isEmpty())
        reportAccountsFile();
    m_sync->start();
    // Before anything is sent in this run (each account's operations run in order).
    if (m_options.screenshotFile.isEmpty())
        recoverUnfinishedSends();
    if (!m_options.screenshotFile.isEmpty()) {
        Screenshot::Setup setup;
        setup.file = m_options.screenshotFile;
        setup.timeoutSeconds = m_options.screenshotTimeoutSeconds;
        setup.scene = Screenshot::sceneFromName(m_options.screenshotScene);
        setup.view = m_options.screenshotView;
        setup.openText = m_options.screenshotOpen;
        if (m_options.screenshotWidth > 0)
            setup.size = QSize(m_options.screenshotWidth, m_options.screenshotHeight);
        m_screenshot = std::make_unique<Screenshot>(m_window.get(), m_sync.get(), setup);
        m_screenshot->start();
    }
}

} // namespace tributary::gui
