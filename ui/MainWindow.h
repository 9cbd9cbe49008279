#pragma once

#include "SidebarModel.h"
#include "UnifiedView.h"
#include "model/Model.h"
#include "provider/Provider.h"
#include "settings/ReadingSettings.h"

#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <functional>
#include <optional>

class QActionGroup;
class QIcon;
class QListView;
class QSplitter;
class QStackedWidget;
class QTimer;
class QTreeView;

namespace tributary {
class InboxStore;
class ServerSearch;
class SyncController;
class ThreadFilterProxy;
class ThreadListModel;
} // namespace tributary

namespace tributary::ui {

class AccountStatusBar;
class ConversationView;
class MailActions;
class SearchResultsModel;
class ThreadListPane;
class UndoBar;

//! The main window: sidebar (unified views, accounts and their folders), the thread
//! list of the selected view, the selected conversation, and each account's state in
//! the status bar. It follows the SyncController for accounts, channels and status,
//! and asks it to open channels, load older history, fetch bodies and mark threads read.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(SyncController* sync, InboxStore* store, QWidget* parent = nullptr);
    ~MainWindow() override;

    //! Window geometry, state and splitter sizes, by key, for the view-state cache.
    QHash<QString, QByteArray> layoutState() const;
    void restoreLayout(const QHash<QString, QByteArray>& state);
    static QStringList layoutKeys();

    void selectView(UnifiedView view);
    bool selectAccount(const QString& accountId);
    bool selectChannel(const QString& channelId);
    //! Selects a thread shown in the list and opens it; false if it is not shown.
    bool selectThread(const QString& threadId);
    //! Marking read on open and what follows an archive or delete (File > Settings).
    void setReadingSettings(const ReadingSettings& settings);
    const ReadingSettings& readingSettings() const { return m_reading; }

    QTreeView* sidebarView() const { return m_sidebar; }
    SidebarModel* sidebarModel() const { return m_sidebarModel; }
    QListView* threadView() const;
    ThreadListPane* threadListPane() const { return m_listPane; }
    ThreadFilterProxy* threadProxy() const { return m_proxy; }
    ConversationView* conversationView() const { return m_conversation; }
    AccountStatusBar* accountStatusBar() const { return m_statusBar; }
    MailActions* mailActions() const { return m_actions; }
    ServerSearch* serverSearch() const { return m_serverSearch; }
    QString currentThreadId() const { return m_currentThread; }
    //! The "Archived … Undo" note in the status bar.
    UndoBar* undoBar() const { return m_undoBar; }

    //! Opens a composer: a new message (empty id) or a reply/forward of `messageId`. Until
    //! one is set, the compose actions stay disabled.
    using ComposeHandler = std::function<void(SendKind kind, const QString& messageId)>;
    void setComposeHandler(ComposeHandler handler);

    //! A first-run page (the window takes it) shown instead of the inbox while there is no
    //! account, and again when the last one is removed.
    void setWelcomePage(QWidget* page);
    bool isShowingWelcome() const;

signals:
    //! The window is closing; `layout` is layoutState(), for the app to persist.
    void closing(const QHash<QString, QByteArray>& layout);
    //! File > Settings was chosen; the app opens the settings (it owns what they change).
    void settingsRequested();
    //! The user asked to sign in to this account again ("Sign in again…" in the status
    //! bar or the account's menu in the sidebar); the app runs the sign-in.
    void signInRequested(const QString& accountId);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    //! What the sidebar has selected, kept by id so it survives channel list rebuilds.
    struct Selection {
        SidebarModel::NodeKind kind = SidebarModel::NodeKind::View;
        UnifiedView view = UnifiedView::All;
        QString id; //!< account or channel id
    };

    void buildUi();
    void buildMenus();
    void addAccount(const Account& account);
    void removeAccount(const QString& accountId);
    void updateWelcome();
    void updateSidebarPalette();
    void onChannelsChanged(const QString& accountId, const QList<Channel>& channels);
    void onStatusChanged(const QString& accountId, const AccountStatus& status);
    //! Trash and Junk of every account: the cross-folder views leave their threads out.
    void updateSetAsideChannels();
    //! The sidebar's badges from what the store holds: each channel's unread messages, and
    //! the Unread view's conversations (as many as it lists). Batched per event loop turn.
    void updateUnreadCounts();
    void scheduleUnreadCounts();
    void showSidebarMenu(const QPoint& position);
    void onSidebarCurrentChanged(const QModelIndex& current);
    void applySelection(const Selection& selection);
    void restoreSidebarSelection();
    void applyPendingSelection();
    //! Opens a conversation the user (or the app on the user's behalf) chose, and marks it
    //! read as the reading settings say.
    void openThread(const QString& threadId);
    //! Makes `index` the list's current row without opening anything (the caller does).
    void setListCurrent(const QModelIndex& index);
    //! The proxy index of a thread, or an invalid one when the view does not list it.
    QModelIndex listIndexOf(const QString& threadId) const;
    //! The list's current row moved on its own (a filter, a removal): nobody picked that row,
    //! so the open conversation's row is selected again, or none.
    void onThreadCurrentChanged(const QModelIndex& current);
    void syncListSelection();
    void refreshConversation();
    void onThreadsMerged(const QHash<QString, QString>& oldToNew);
    void onThreadsRemoved(const QStringList& threadIds);
    void openLink(const QUrl& url);
    void showAbout();
    void updateViewActions();
    // Message actions (MainWindowActions.cpp)
    void connectMailActions();
    // Editing and deleting the user's own chat messages (MainWindowChat.cpp).
    void connectChatEdits();
    void editChatMessage(const QString& messageId, const QString& currentText);
    void deleteChatMessage(const QString& messageId);
    void updateMessageActions();
    void moveSelection(int delta);
    //! The open thread's messages an action applies to: not those in the given roles.
    QList<Message> threadMessagesExcept(std::initializer_list<ChannelRole> roles) const;
    ChannelRole roleOf(const Message& m) const;
    void archiveOrDelete(bool archive);
    void toggleFlag();
    void toggleRead();
    //! A note in the status bar with an Undo button (the action is on the undo stack).
    //! `undoableBefore`: SyncController::newestUndoable() before the action.
    void showUndoableMessage(const QString& text, quint64 undoableBefore);
    void undo();
    void compose(SendKind kind);
    void showCommandPalette();
    void showShortcutSheet();
    // Server search (MainWindowActions.cpp)
    void startServerSearch(const QString& text);
    void updateSearchNote();
    void openSearchResult(const QModelIndex& index);
    //! Selects the row at `row` (clamped) after the list changed under it.
    void selectRowSoon(int row);
    QColor accountColour(const QString& accountId) const;
    QIcon providerIcon(const QString& accountId) const;

    SyncController* m_sync;
    InboxStore* m_store;
    ThreadListModel* m_threads = nullptr;
    ThreadFilterProxy* m_proxy = nullptr;
    SidebarModel* m_sidebarModel = nullptr;
    QTreeView* m_sidebar = nullptr;
    ThreadListPane* m_listPane = nullptr;
    ConversationView* m_conversation = nullptr;
    AccountStatusBar* m_statusBar = nullptr;
    UndoBar* m_undoBar = nullptr;
    QString m_undoThread; //!< the conversation the newest undoable action was done on
    QSplitter* m_splitter = nullptr;
    QStackedWidget* m_pages = nullptr; //!< the inbox (splitter), or the welcome page
    QWidget* m_welcome = nullptr;
    QActionGroup* m_viewActions = nullptr;
    MailActions* m_actions = nullptr;
    ComposeHandler m_compose;
    ServerSearch* m_serverSearch = nullptr;
    SearchResultsModel* m_searchResults = nullptr;
    QStringList m_searchFailures;
    Selection m_selection;
    std::optional<Selection> m_pendingSelection; //!< restored from the last run, not shown yet
    QString m_currentThread;
    ReadingSettings m_reading;
    QTimer* m_markReadTimer = nullptr;
    bool m_settingListCurrent = false; //!< our own setCurrentIndex: not a move of the list's
    bool m_listSyncQueued = false;
    int m_anchorRow = -1; //!< where the last archived or deleted row was, for j and k
    QHash<QString, QSet<QString>> m_setAsideByAccount; //!< Trash and Junk, by account
    bool m_unreadCountsQueued = false;
    QHash<QString, QString> m_chatChannelLabels; //!< chat channel id -> "#name", "Direct message"
    bool m_restoringSelection = false;
};

} // namespace tributary::ui
