#include "MainWindow.h"

#include "AccountStatusBar.h"
#include "ConversationView.h"
#include "Icons.h"
#include "PaneSplitter.h"
#include "Resources.h"
#include "SidebarDelegate.h"
#include "SidebarView.h"
#include "ThreadDelegate.h"
#include "ThreadListPane.h"
#include "ThreadListView.h"
#include "UndoBar.h"
#include "actions/MailActions.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "triage/TriageController.h"
#include "util/Logging.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPromise>
#include <QScopedValueRollback>
#include <QScreen>
#include <QSet>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>

namespace tributary::ui {

namespace {
const QString kGeometryKey = QStringLiteral("mainwindow/geometry");
const QString kStateKey = QStringLiteral("mainwindow/state");
const QString kSplitterKey = QStringLiteral("mainwindow/splitter");
const QString kSelectionKey = QStringLiteral("mainwindow/selection");

constexpr int kDefaultWidth = 1280;
constexpr int kDefaultHeight = 800;
} // namespace

MainWindow::MainWindow(SyncController* sync, InboxStore* store, QWidget* parent)
    : QMainWindow(parent)
    , m_sync(sync)
    , m_store(store) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(icons::application());
    setAccessibleName(tr("Tributary"));
    buildUi();
    buildMenus();

    connect(m_sync, &SyncController::accountAdded, this, &MainWindow::addAccount);
    connect(m_sync, &SyncController::accountRemoved, this, &MainWindow::removeAccount);
    connect(m_sync, &SyncController::channelsChanged, this, &MainWindow::onChannelsChanged);
    connect(m_sync, &SyncController::statusChanged, this, &MainWindow::onStatusChanged);
    connect(m_threads, &ThreadListModel::backfillRequested, m_sync, &SyncController::requestBackfill);
    connect(m_sync, &SyncController::backfillFinished, m_threads, &ThreadListModel::backfillFinished);
    connect(m_store, &InboxStore::threadsChanged, this, [this](const QStringList& ids) {
        if (ids.contains(m_currentThread))
            refreshConversation();
    });
    connect(m_store, &InboxStore::threadsMerged, this, &MainWindow::onThreadsMerged);
    connect(m_store, &InboxStore::threadsRemoved, this, &MainWindow::onThreadsRemoved);
    for (auto signal :
         {&InboxStore::threadsInserted, &InboxStore::threadsChanged, &InboxStore::threadsRemoved})
        connect(m_store, signal, this, &MainWindow::scheduleUnreadCounts);

    for (const QString& id : m_sync->accountIds()) {
        if (Provider* p = m_sync->provider(id)) {
            addAccount(p->account());
            onStatusChanged(id, m_sync->status(id));
            if (const QList<Channel> list = m_sync->channels(id); !list.isEmpty())
                onChannelsChanged(id, list);
        }
    }
    selectView(UnifiedView::All);
    updateUnreadCounts();

    resize(kDefaultWidth, kDefaultHeight);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QRect available = screen->availableGeometry();
        resize(std::min(kDefaultWidth, available.width()), std::min(kDefaultHeight, available.height()));
        move(available.center() - rect().center());
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    m_threads = new ThreadListModel(m_store, this);
    m_proxy = new ThreadFilterProxy(this);
    m_proxy->setSourceModel(m_threads);

    m_sidebarModel = new SidebarModel(this);
    m_sidebar = new SidebarView(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAccessibleName(tr("Folders"));
    m_sidebar->setModel(m_sidebarModel);
    m_sidebar->setItemDelegate(new SidebarDelegate(m_sidebar));
    m_sidebar->setHeaderHidden(true);
    m_sidebar->setRootIsDecorated(false); // accounts are section headers, not collapsible rows
    m_sidebar->setIndentation(14);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setUniformRowHeights(false);
    m_sidebar->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setExpandsOnDoubleClick(true);
    m_sidebar->setContextMenuPolicy(Qt::CustomContextMenu);
    updateSidebarPalette();

    m_listPane = new ThreadListPane(m_proxy, this);
    m_listPane->delegate()->setAccountColour([this](const QString& id) { return accountColour(id); });
    m_listPane->delegate()->setProviderIcon([this](const QString& id) { return providerIcon(id); });
    m_listPane->delegate()->setChannelLabel(
        [this](const QString& id) { return m_chatChannelLabels.value(id); });
    m_listPane->delegate()->setOutgoing([this](const QStringList& ids) { return isOutgoing(ids); });
    m_listPane->view()->setContextMenuPolicy(Qt::CustomContextMenu);

    QPointer<SyncController> sync(m_sync);
    m_conversation = new ConversationView(
        [sync](const QString& messageId) -> QFuture<Result<Message>> {
            if (!sync)
                return readyResult<Message>(ProviderError::cancelled());
            return sync->fetchBody(messageId);
        },
        this);

    m_conversation->setChannelLabel([this](const QString& id) { return m_chatChannelLabels.value(id); });
    // Team triage: the bar and notes in the reader, assignee marks on rows (issue 13 §3).
    m_triage = new TriageController(m_sync, m_conversation, this);
    m_threads->setTriageBook(m_sync->triageBook());

    m_splitter = new PaneSplitter(this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setHandleWidth(1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_listPane);
    m_splitter->addWidget(m_conversation);
    m_sidebar->setMinimumWidth(160);
    m_listPane->setMinimumWidth(280);
    m_conversation->setMinimumWidth(320);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setStretchFactor(2, 1);
    m_splitter->setSizes({230, 420, kDefaultWidth - 230 - 420});
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_splitter);
    setCentralWidget(m_pages);

    m_statusBar = new AccountStatusBar(this);
    statusBar()->addWidget(m_statusBar, 1);
    m_sendBar = new UndoBar(this);
    m_sendBar->setObjectName(QStringLiteral("sendBar"));
    m_sendBar->undoButton()->setToolTip(tr("Take the message back to go on writing it"));
    statusBar()->addPermanentWidget(m_sendBar);
    m_undoBar = new UndoBar(this);
    statusBar()->addPermanentWidget(m_undoBar);
    statusBar()->setSizeGripEnabled(true);
    connect(m_statusBar, &AccountStatusBar::signInRequested, this, &MainWindow::signInRequested);
    m_sidebar->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_sidebar, &QWidget::customContextMenuRequested, this, &MainWindow::showSidebarMenu);

    connect(m_sidebar->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onSidebarCurrentChanged(current); });
    connect(m_listPane->view()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onThreadCurrentChanged(current); });
    connect(m_listPane->view(), &ThreadListView::picked, this, [this](const QModelIndex& index) {
        m_anchorRow = -1;
        openThread(index.data(ThreadListModel::ThreadIdRole).toString());
    });
    m_markReadTimer = new QTimer(this);
    m_markReadTimer->setSingleShot(true);
    connect(m_markReadTimer, &QTimer::timeout, this, [this] {
        if (!m_currentThread.isEmpty())
            m_sync->markThreadRead(m_currentThread);
    });
    connect(m_listPane, &ThreadListPane::searchChanged, m_proxy, &ThreadFilterProxy::setTextFilter);
    connect(m_conversation, &ConversationView::linkActivated, this, &MainWindow::openLink);
}

void MainWindow::buildMenus() {
    m_actions = new MailActions(this);
    auto add = [this](QMenu* menu, MailActions::Id id) {
        menu->addAction(m_actions->action(id));
    };

    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, MailActions::Compose);
    file->addSeparator();
    QAction* accounts = file->addAction(tr("&Accounts…"), this, &MainWindow::accountsRequested);
    accounts->setObjectName(QStringLiteral("actionManageAccounts"));
    accounts->setStatusTip(tr("The accounts Tributary shows, and where they come from"));
    add(file, MailActions::Settings);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    add(edit, MailActions::Undo);

    QMenu* message = menuBar()->addMenu(tr("&Message"));
    for (MailActions::Id id : {MailActions::Reply, MailActions::ReplyAll, MailActions::Forward})
        add(message, id);
    message->addSeparator();
    for (MailActions::Id id :
         {MailActions::Archive, MailActions::Delete, MailActions::ToggleFlag, MailActions::ToggleRead})
        add(message, id);

    message->addSeparator();
    for (MailActions::Id id : {MailActions::MoveTo, MailActions::EditDraft, MailActions::CopyLink})
        add(message, id);

    QMenu* folder = menuBar()->addMenu(tr("F&older"));
    for (MailActions::Id id : {MailActions::NewFolder, MailActions::RenameFolder, MailActions::DeleteFolder})
        add(folder, id);
    folder->addSeparator();
    add(folder, MailActions::MarkFolderRead);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    for (MailActions::Id id : {MailActions::NextThread, MailActions::PreviousThread, MailActions::OpenThread})
        add(go, id);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_viewActions = new QActionGroup(this);
    m_viewActions->setExclusive(true);
    int shortcut = 1;
    for (UnifiedView v : kUnifiedViews) {
        QAction* action = view->addAction(icons::forView(v), viewTitle(v));
        action->setCheckable(true);
        action->setData(int(v));
        action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(shortcut++)));
        m_viewActions->addAction(action);
        connect(action, &QAction::triggered, this, [this, v] { selectView(v); });
    }
    view->addSeparator();
    add(view, MailActions::Search);
    add(view, MailActions::CommandPalette);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, MailActions::ShortcutSheet);
    QAction* about = help->addAction(tr("&About Tributary"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    connectMailActions();
}

QListView* MainWindow::threadView() const {
    return m_listPane->view();
}

QIcon MainWindow::providerIcon(const QString& accountId) const {
    // Only worth a mark on every row once accounts of more than one kind share the list.
    QSet<QString> kinds;
    for (const QString& id : m_sync->accountIds()) {
        if (const Provider* p = m_sync->provider(id))
            kinds.insert(p->account().providerId);
    }
    const Provider* p = kinds.size() > 1 ? m_sync->provider(accountId) : nullptr;
    return p ? icons::forProvider(m_providerIconNames.value(p->account().providerId), p->capabilities())
             : QIcon();
}

void MainWindow::setProviderIconNames(const QHash<QString, QString>& iconNameByProvider) {
    m_providerIconNames = iconNameByProvider;
    m_sidebarModel->setProviderIconNames(iconNameByProvider);
    m_listPane->view()->viewport()->update();
}

QColor MainWindow::accountColour(const QString& accountId) const {
    // One account needs no colour bar; several do, so rows tell them apart at a glance.
    if (m_sync->accountIds().size() < 2)
        return {};
    return m_sidebarModel->data(m_sidebarModel->indexForAccount(accountId), SidebarModel::AccountColourRole)
        .value<QColor>();
}

// -- accounts, channels, status --------------------------------------------------------

void MainWindow::addAccount(const Account& account) {
    m_sidebarModel->addAccount(account);
    m_sidebar->expand(m_sidebarModel->indexForAccount(account.id));
    m_statusBar->addAccount(account, m_sync->status(account.id));
    m_listPane->view()->viewport()->update(); // provider marks show once there are two kinds
    m_sidebarModel->setTriageViews(m_sync->anyTriage());
    updateWelcome();
}

void MainWindow::updateSidebarPalette() {
    // The sidebar sits on the window colour, like the source lists of native mail clients.
    QPalette sidebarPalette = QApplication::palette(m_sidebar);
    sidebarPalette.setColor(QPalette::Base, sidebarPalette.color(QPalette::Window));
    m_sidebar->setPalette(sidebarPalette);
}

void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    const bool themeChanged = event->type() == QEvent::PaletteChange ||
                              event->type() == QEvent::ApplicationPaletteChange ||
                              event->type() == QEvent::StyleChange;
    if (themeChanged && m_sidebar)
        updateSidebarPalette(); // the sidebar's own palette follows the theme
}

void MainWindow::setWelcomePage(QWidget* page) {
    if (m_welcome) {
        m_pages->removeWidget(m_welcome);
        m_welcome->deleteLater();
    }
    m_welcome = page;
    if (page)
        m_pages->addWidget(page);
    updateWelcome();
}

bool MainWindow::isShowingWelcome() const {
    return m_welcome && m_pages->currentWidget() == m_welcome;
}

void MainWindow::updateWelcome() {
    const bool welcome = m_welcome && m_sync->accountIds().isEmpty();
    m_pages->setCurrentWidget(welcome ? m_welcome : static_cast<QWidget*>(m_splitter));
    if (welcome)
        m_welcome->setFocus();
}

void MainWindow::removeAccount(const QString& accountId) {
    const bool selectedHere =
        (m_selection.kind == SidebarModel::NodeKind::Account && m_selection.id == accountId) ||
        (m_selection.kind == SidebarModel::NodeKind::Channel && accountOf(m_selection.id) == accountId);
    m_sidebarModel->removeAccount(accountId);
    m_sidebarModel->setTriageViews(m_sync->anyTriage());
    m_statusBar->removeAccount(accountId);
    m_setAsideByAccount.remove(accountId);
    updateSetAsideChannels();
    if (selectedHere)
        selectView(UnifiedView::All);
    updateWelcome();
}

void MainWindow::onChannelsChanged(const QString& accountId, const QList<Channel>& channels) {
    m_restoringSelection = true; // a rebuilt tree drops the current row for a moment
    m_sidebarModel->setChannels(accountId, channels);
    QSet<QString>& aside = m_setAsideByAccount[accountId];
    aside.clear();
    for (const Channel& c : channels) {
        if (c.role == ChannelRole::Trash || c.role == ChannelRole::Junk)
            aside.insert(c.id);
    }
    updateSetAsideChannels();
    for (const Channel& c : channels) {
        switch (c.kind) {
        case ChannelKind::ChatChannel:
            m_chatChannelLabels.insert(c.id, QLatin1Char('#') + c.name);
            break;
        case ChannelKind::DirectMessage: // named after the person, as chat apps list them
            m_chatChannelLabels.insert(c.id, c.name.isEmpty() ? tr("Direct message") : c.name);
            break;
        case ChannelKind::GroupMessage:
            m_chatChannelLabels.insert(c.id, tr("Group: %1").arg(c.name));
            break;
        default:
            break;
        }
    }
    m_sidebar->expandRecursively(m_sidebarModel->indexForAccount(accountId));
    m_restoringSelection = false;
    updateFolderActions();
    m_listPane->view()->viewport()->update(); // rows of Sent and Drafts name their recipients
    restoreSidebarSelection();
    applyPendingSelection();
    // This account's folders are here and the saved one is not among them: it is gone.
    if (m_pendingSelection) {
        const QString pendingAccount = m_pendingSelection->kind == SidebarModel::NodeKind::Account
                                           ? m_pendingSelection->id
                                           : accountOf(m_pendingSelection->id);
        if (pendingAccount == accountId)
            m_pendingSelection.reset();
    }
}

void MainWindow::updateSetAsideChannels() {
    QSet<QString> all;
    for (const QSet<QString>& ids : std::as_const(m_setAsideByAccount))
        all.unite(ids);
    m_proxy->setSetAsideChannels(all);
    updateUnreadCounts();
}

void MainWindow::scheduleUnreadCounts() {
    if (m_unreadCountsQueued)
        return;
    m_unreadCountsQueued = true;
    QMetaObject::invokeMethod(this, &MainWindow::updateUnreadCounts, Qt::QueuedConnection);
}

void MainWindow::updateUnreadCounts() {
    m_unreadCountsQueued = false;
    int conversations = 0;
    for (const Thread& t : m_store->unreadThreads())
        conversations += m_proxy->isSetAside(t.channelIds) ? 0 : 1;
    m_sidebarModel->setUnreadViewCount(conversations);
    m_sidebarModel->setLocalUnread(m_store->unreadByChannel());
}

void MainWindow::onStatusChanged(const QString& accountId, const AccountStatus& status) {
    m_sidebarModel->setAccountStatus(accountId, status);
    m_statusBar->setStatus(accountId, status);
}

void MainWindow::showSidebarMenu(const QPoint& position) {
    const QModelIndex index = m_sidebar->indexAt(position);
    if (!index.isValid() || SidebarModel::NodeKind(index.data(SidebarModel::NodeKindRole).toInt()) !=
                                SidebarModel::NodeKind::Account)
        return;
    const QString accountId = index.data(SidebarModel::AccountIdRole).toString();
    const auto state = AccountState(index.data(SidebarModel::AccountStateRole).toInt());
    QMenu menu(this);
    QAction* signIn = menu.addAction(tr("Sign in again\u2026"));
    signIn->setObjectName(QStringLiteral("actionSignInAgain"));
    signIn->setEnabled(state == AccountState::SignInRequired);
    QAction* reconnect = menu.addAction(tr("Reconnect now"));
    reconnect->setObjectName(QStringLiteral("actionReconnectNow"));
    reconnect->setEnabled(state == AccountState::Reconnecting || state == AccountState::Offline ||
                          state == AccountState::Error);
    const QAction* chosen = menu.exec(m_sidebar->viewport()->mapToGlobal(position));
    if (chosen == signIn)
        emit signInRequested(accountId);
    else if (chosen == reconnect)
        m_sync->reconnect(accountId);
}

// -- selection -------------------------------------------------------------------------

void MainWindow::selectView(UnifiedView view) {
    const QModelIndex index = m_sidebarModel->indexForView(view);
    m_sidebar->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

bool MainWindow::selectAccount(const QString& accountId) {
    const QModelIndex index = m_sidebarModel->indexForAccount(accountId);
    if (!index.isValid())
        return false;
    m_sidebar->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    return true;
}

bool MainWindow::selectChannel(const QString& channelId) {
    const QModelIndex index = m_sidebarModel->indexForChannel(channelId);
    if (!index.isValid() || !index.flags().testFlag(Qt::ItemIsSelectable))
        return false;
    m_sidebar->scrollTo(index);
    m_sidebar->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    return true;
}

bool MainWindow::selectThread(const QString& threadId) {
    const QModelIndex index = listIndexOf(threadId);
    if (!index.isValid())
        return false;
    m_listPane->view()->scrollTo(index);
    setListCurrent(index);
    openThread(threadId);
    return true;
}

QModelIndex MainWindow::listIndexOf(const QString& threadId) const {
    const int row = threadId.isEmpty() ? -1 : m_threads->rowOf(threadId);
    if (row < 0)
        return {};
    return m_proxy->mapFromSource(m_threads->index(row, 0));
}

void MainWindow::setListCurrent(const QModelIndex& index) {
    const QScopedValueRollback ours(m_settingListCurrent, true);
    QItemSelectionModel* selection = m_listPane->view()->selectionModel();
    if (index.isValid())
        selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    else
        selection->clear();
}

void MainWindow::setReadingSettings(const ReadingSettings& settings) {
    m_reading = settings;
    if (m_reading.markRead != ReadingSettings::MarkRead::AfterDelay)
        m_markReadTimer->stop();
}

void MainWindow::onSidebarCurrentChanged(const QModelIndex& current) {
    if (!current.isValid() || m_restoringSelection)
        return; // a rebuild in progress: the selection is restored by id afterwards
    Selection s;
    s.kind = SidebarModel::NodeKind(current.data(SidebarModel::NodeKindRole).toInt());
    switch (s.kind) {
    case SidebarModel::NodeKind::View:
        s.view = UnifiedView(current.data(SidebarModel::ViewRole).toInt());
        break;
    case SidebarModel::NodeKind::Account:
        s.id = current.data(SidebarModel::AccountIdRole).toString();
        break;
    case SidebarModel::NodeKind::Channel:
        s.id = current.data(SidebarModel::ChannelIdRole).toString();
        break;
    }
    applySelection(s);
}

void MainWindow::applySelection(const Selection& s) {
    m_selection = s;
    m_proxy->setUnreadOnly(s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::Unread);
    m_proxy->setFlaggedOnly(s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::Flagged);
    std::optional<ConversationKind> kind;
    if (s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::Email)
        kind = ConversationKind::Email;
    if (s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::Chats)
        kind = ConversationKind::Chat;
    m_proxy->setKindFilter(kind);
    TriageView triage = TriageView::None;
    if (s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::AssignedToMe)
        triage = TriageView::AssignedToMe;
    if (s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::Unassigned)
        triage = TriageView::Unassigned;
    if (s.kind == SidebarModel::NodeKind::View && s.view == UnifiedView::Open)
        triage = TriageView::Open;
    m_proxy->setTriageView(triage);
    m_proxy->setAccountFilter(s.kind == SidebarModel::NodeKind::Account ? QStringList{s.id} : QStringList());
    m_proxy->setChannelFilter(s.kind == SidebarModel::NodeKind::Channel ? s.id : QString());
    m_sync->openChannel(s.kind == SidebarModel::NodeKind::Channel ? s.id : QString());

    QString title;
    switch (s.kind) {
    case SidebarModel::NodeKind::View:
        title = viewTitle(s.view);
        break;
    case SidebarModel::NodeKind::Account:
    case SidebarModel::NodeKind::Channel: {
        const QModelIndex index = s.kind == SidebarModel::NodeKind::Account
                                      ? m_sidebarModel->indexForAccount(s.id)
                                      : m_sidebarModel->indexForChannel(s.id);
        title = index.data(Qt::DisplayRole).toString();
        break;
    }
    }
    m_listPane->setTitle(title);
    m_listPane->view()->scrollToTop(); // a view opens at its newest conversation
    setWindowTitle(tr("%1 — Tributary").arg(title));
    updateViewActions();
    updateFolderActions();

    // The open conversation stays only if its thread is still listed; nothing else is
    // selected (and so nothing is opened or read) by changing the view.
    const QModelIndex open = listIndexOf(m_currentThread);
    if (!m_currentThread.isEmpty() && !open.isValid()) {
        m_currentThread.clear();
        m_markReadTimer->stop();
        m_conversation->clear();
        updateMessageActions();
    }
    m_anchorRow = -1;
    setListCurrent(open);
    if (open.isValid())
        m_listPane->view()->scrollTo(open);
}

void MainWindow::restoreSidebarSelection() {
    const QModelIndex current = m_sidebar->selectionModel()->currentIndex();
    if (current.isValid())
        return;
    QModelIndex index;
    switch (m_selection.kind) {
    case SidebarModel::NodeKind::View:
        index = m_sidebarModel->indexForView(m_selection.view);
        break;
    case SidebarModel::NodeKind::Account:
        index = m_sidebarModel->indexForAccount(m_selection.id);
        break;
    case SidebarModel::NodeKind::Channel:
        index = m_sidebarModel->indexForChannel(m_selection.id);
        break;
    }
    if (!index.isValid())
        index = m_sidebarModel->indexForView(UnifiedView::All);
    m_sidebar->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

void MainWindow::updateViewActions() {
    for (QAction* action : m_viewActions->actions()) {
        action->setChecked(m_selection.kind == SidebarModel::NodeKind::View &&
                           action->data().toInt() == int(m_selection.view));
    }
    if (m_selection.kind != SidebarModel::NodeKind::View) {
        if (QAction* checked = m_viewActions->checkedAction()) {
            m_viewActions->setExclusive(false);
            checked->setChecked(false);
            m_viewActions->setExclusive(true);
        }
    }
}

void MainWindow::onThreadCurrentChanged(const QModelIndex&) {
    if (m_settingListCurrent || m_listSyncQueued)
        return;
    // Put right once the change that moved it is over (it may be inside a removal).
    m_listSyncQueued = true;
    QMetaObject::invokeMethod(this, &MainWindow::syncListSelection, Qt::QueuedConnection);
}

void MainWindow::syncListSelection() {
    m_listSyncQueued = false;
    const QModelIndex current = m_listPane->view()->currentIndex();
    const QString shown =
        current.isValid() ? current.data(ThreadListModel::ThreadIdRole).toString() : QString();
    if (shown == m_currentThread && current.isValid() == !m_currentThread.isEmpty())
        return;
    setListCurrent(listIndexOf(m_currentThread));
}

void MainWindow::openThread(const QString& threadId) {
    if (threadId.isEmpty() || threadId == m_currentThread)
        return;
    m_currentThread = threadId;
    m_chatThreadParent.clear(); // a reply in a thread is for the conversation it was chosen in
    refreshConversation();
    m_markReadTimer->stop();
    switch (m_reading.markRead) {
    case ReadingSettings::MarkRead::WhenOpened:
        m_sync->markThreadRead(threadId);
        break;
    case ReadingSettings::MarkRead::AfterDelay:
        m_markReadTimer->start(m_reading.markReadDelaySecs * 1000);
        break;
    case ReadingSettings::MarkRead::Never:
        break;
    }
    updateMessageActions();
}

void MainWindow::refreshConversation() {
    updateMessageActions();
    if (m_currentThread.isEmpty())
        return;
    const std::optional<Thread> thread = m_store->thread(m_currentThread);
    if (!thread) {
        m_conversation->clear();
        return;
    }
    m_conversation->showThread(*thread, m_store->messagesInThread(m_currentThread));
    updateChatBox();
}

void MainWindow::onThreadsMerged(const QHash<QString, QString>& oldToNew) {
    const auto it = oldToNew.constFind(m_currentThread);
    if (it == oldToNew.cend())
        return;
    // A missing parent arrived and joined the open thread to another: follow it.
    m_currentThread = it.value();
    refreshConversation();
    QMetaObject::invokeMethod(this, &MainWindow::syncListSelection, Qt::QueuedConnection);
}

void MainWindow::onThreadsRemoved(const QStringList& threadIds) {
    if (!threadIds.contains(m_currentThread) || m_store->thread(m_currentThread))
        return;
    m_currentThread.clear();
    m_markReadTimer->stop();
    m_conversation->clear();
    updateMessageActions();
}

// -- layout ----------------------------------------------------------------------------

QStringList MainWindow::layoutKeys() {
    return {kGeometryKey, kStateKey, kSplitterKey, kSelectionKey};
}

QHash<QString, QByteArray> MainWindow::layoutState() const {
    // The selected view, account or folder, so the next start opens where the user left.
    const QByteArray selection = QByteArray::number(int(m_selection.kind)) + '\n' +
                                 QByteArray::number(int(m_selection.view)) + '\n' + m_selection.id.toUtf8();
    return {{kGeometryKey, saveGeometry()},
            {kStateKey, saveState()},
            {kSplitterKey, m_splitter->saveState()},
            {kSelectionKey, selection}};
}

void MainWindow::restoreLayout(const QHash<QString, QByteArray>& state) {
    if (const QByteArray g = state.value(kGeometryKey); !g.isEmpty())
        restoreGeometry(g);
    if (const QByteArray s = state.value(kStateKey); !s.isEmpty())
        restoreState(s);
    if (const QByteArray s = state.value(kSplitterKey); !s.isEmpty())
        m_splitter->restoreState(s);
    const QList<QByteArray> selection = state.value(kSelectionKey).split('\n');
    if (selection.size() == 3) {
        Selection saved;
        saved.kind = SidebarModel::NodeKind(selection[0].toInt());
        saved.view = UnifiedView(selection[1].toInt());
        saved.id = QString::fromUtf8(selection[2]);
        // Folders may arrive later (cache, then network): select when they are there.
        m_pendingSelection = saved;
        applyPendingSelection();
    }
}

void MainWindow::applyPendingSelection() {
    if (!m_pendingSelection)
        return;
    const Selection& s = *m_pendingSelection;
    bool done = false;
    switch (s.kind) {
    case SidebarModel::NodeKind::View:
        selectView(s.view);
        done = true;
        break;
    case SidebarModel::NodeKind::Account:
        done = selectAccount(s.id);
        break;
    case SidebarModel::NodeKind::Channel:
        done = selectChannel(s.id);
        break;
    }
    if (done)
        m_pendingSelection.reset();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!allowCloseWithChatText()) {
        event->ignore();
        return;
    }
    if (m_closeGuard && !m_closeGuard()) {
        event->ignore();
        return;
    }
    emit closing(layoutState());
    QMainWindow::closeEvent(event);
}

// -- actions ---------------------------------------------------------------------------

void MainWindow::openLink(const QUrl& url) {
    // Only links a browser or mail client should handle; never file: or custom schemes from mail.
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
        scheme == QLatin1String("mailto"))
        QDesktopServices::openUrl(url);
    else
        qCInfo(lcUi) << "ignored a link with the scheme" << scheme;
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Tributary"),
                       tr("<h3>Tributary %1</h3><p>Every email and chat message in one threaded inbox, on "
                          "your own machine.</p><p>Only view state is kept on disk: never bodies, "
                          "attachments, passwords or tokens.</p>")
                           .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
}

} // namespace tributary::ui
