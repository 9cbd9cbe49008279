#pragma once

#include "SidebarModel.h"
#include "SidebarView.h"
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
class QInputDialog;
class QListView;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTimer;
class QTreeView;

namespace tributary {
class ChatSender;
struct ChatTarget;
class InboxStore;
class Outbox;
class ServerSearch;
class SyncController;
class ThreadFilterProxy;
class ThreadListModel;
} // namespace tributary

namespace tributary::ui {

class AccountStatusBar;
class ChatInput;
class ChatPendingList;
class ConversationView;
class FolderPicker;
class MailActions;
class SearchResultsModel;
class ThreadListPane;
class TriageController;
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
    //! Each provider's ProviderInfo::iconName, by provider id, for the account and row marks
    //! (without them, a mail or chat icon by what the provider does).
    void setProviderIconNames(const QHash<QString, QString>& iconNameByProvider);

    SidebarView* sidebarView() const { return m_sidebar; }
    SidebarModel* sidebarModel() const { return m_sidebarModel; }
    QListView* threadView() const;
    ThreadListPane* threadListPane() const { return m_listPane; }
    ThreadFilterProxy* threadProxy() const { return m_proxy; }
    ConversationView* conversationView() const { return m_conversation; }
    //! Team triage in the reader (the bar and the notes).
    TriageController* triage() const { return m_triage; }
    AccountStatusBar* accountStatusBar() const { return m_statusBar; }
    MailActions* mailActions() const { return m_actions; }
    ServerSearch* serverSearch() const { return m_serverSearch; }
    QString currentThreadId() const { return m_currentThread; }
    //! The "Archived … Undo" note in the status bar.
    UndoBar* undoBar() const { return m_undoBar; }

    //! Opens a composer: a reply/forward of `messageId`, or a new message (`messageId` is then
    //! the open conversation's newest message, if any, whose account may send it). Until one
    //! is set, the compose actions stay disabled.
    using ComposeHandler = std::function<void(SendKind kind, const QString& messageId)>;
    void setComposeHandler(ComposeHandler handler);
    //! Opens a composer on a draft (its global message id) to go on writing it. Until one is
    //! set, Edit Draft stays disabled and drafts open read-only like any message.
    using DraftHandler = std::function<void(const QString& draftMessageId)>;
    void setDraftHandler(DraftHandler handler);
    //! The draft a conversation holds (its newest message in a Drafts folder), or empty.
    QString draftOf(const QString& threadId) const;

    //! Where composers send, for the status bar's "Sending… Undo" and "Sent" notes.
    void setOutbox(Outbox* outbox);
    //! A message a composer handed to the outbox: "Sending “subject”… Undo" while the outbox
    //! still holds it (`undo` takes it back, false when too late), then "Sent “subject”.".
    void noteSending(const QString& clientId, const QString& subject, std::function<bool()> undo);
    //! The status bar's note about messages being sent (with its Undo).
    UndoBar* sendBar() const { return m_sendBar; }
    //! The message box under chat conversations and the messages it is sending (both exist
    //! once setOutbox() gave them a way out; null before).
    ChatInput* chatInput() const { return m_chatInput; }
    ChatPendingList* chatPending() const { return m_chatPending; }
    //! Whether a chat box sent this outbox message (its transcript shows how it stands, so
    //! no composer opens for it).
    bool sentFromChatBox(const QString& clientId) const;

    // Context menus (MainWindowMenus.cpp), built for what they point at; the caller owns them.
    //! For a row of the list: reply, forward, archive, delete, move, mark, flag, copy link.
    QMenu* threadMenu(const QString& threadId);
    //! For a sidebar node: mark all read, new folder, rename, delete, where the account can.
    QMenu* folderMenu(const QModelIndex& sidebarIndex);
    //! "Move to…" for a conversation (the open one when empty); nullptr when it cannot move.
    FolderPicker* showMoveToPicker(const QString& threadId = {});
    //! Moves conversations into a folder (Move To…, drag and drop): their messages in that
    //! folder's account leave at once; undoable.
    void moveThreads(const QStringList& threadIds, const QString& channelId);
    //! Why these conversations cannot move into the folder, or empty when they can.
    QString whyNotMove(const QStringList& threadIds, const QString& channelId) const;

    //! Asked before the window closes: false keeps it open (the guard asks the user and
    //! closes the window itself once the answer is carried out). Quitting with unsent
    //! messages goes through the outbox's guard this way.
    using CloseGuard = std::function<bool()>;
    void setCloseGuard(CloseGuard guard) { m_closeGuard = std::move(guard); }

    //! A first-run page (the window takes it) shown instead of the inbox while there is no
    //! account, and again when the last one is removed.
    void setWelcomePage(QWidget* page);
    bool isShowingWelcome() const;

signals:
    //! The window is closing; `layout` is layoutState(), for the app to persist.
    void closing(const QHash<QString, QByteArray>& layout);
    //! File > Settings was chosen; the app opens the settings (it owns what they change).
    void settingsRequested();
    //! File > Accounts… was chosen; the app shows the accounts (it knows where they come from).
    void accountsRequested();
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
    // The chat message box (MainWindowChat.cpp).
    void connectChatBox();
    //! Points the box at the open chat conversation (its channel, or the thread being
    //! answered), or hides it for mail.
    void updateChatBox();
    //! Focuses the box; with `threadParentId`, to reply in that message's thread.
    void focusChatBox(const QString& threadParentId);
    void editLastChatMessage(const ChatTarget& target);
    //! Unsent text in a chat box: asks before it is lost; false keeps the window open.
    bool allowCloseWithChatText();
    //! What can be done with a conversation, for the Message menu and a row's context menu.
    struct ThreadAbilities {
        bool exists = false;
        bool reply = false;
        bool replyAll = false;
        bool forward = false;
        bool archive = false;
        bool remove = false;
        bool flag = false;
        bool move = false;
        bool flagged = false;
        bool unread = false;
        QString draftId; //!< the draft it holds, when drafts can be resumed
        QString link;    //!< of its newest message, when there is one
    };
    ThreadAbilities abilitiesOf(const QString& threadId) const;
    void updateMessageActions();
    void moveSelection(int delta);
    //! A thread's messages an action applies to: not those in the given roles.
    QList<Message> threadMessagesExcept(const QString& threadId,
                                        std::initializer_list<ChannelRole> roles) const;
    ChannelRole roleOf(const Message& m) const;
    ChannelRole roleOfChannel(const QString& channelId) const;
    //! Every message in Sent or Drafts: the row names the recipients.
    bool isOutgoing(const QStringList& channelIds) const;
    // Each acts on `threadId` (a copy: acting may close the open conversation, which clears
    // m_currentThread); the open conversation's follow-up only when it is the open one.
    void archiveOrDelete(bool archive, QString threadId);
    void toggleFlag(QString threadId);
    void toggleRead(QString threadId);
    void editDraft(QString threadId);
    void copyLink(QString threadId);
    //! Acting on the open conversation closed it: back to the list as the settings say.
    void leaveClosedThread(int row);
    // Folders (MainWindowMenus.cpp): the sidebar's current folder, or a context menu's node.
    void showThreadMenu(const QPoint& pos);
    void showFolderMenu(const QPoint& pos);
    void markFolderRead(const QString& channelId);
    //! Asks for the name (the dialog returned, open); nullptr when the account cannot.
    QInputDialog* newFolder(const QString& accountId, const QString& parentChannelId);
    void renameFolder(const QString& channelId);
    void deleteFolder(const QString& channelId);
    void updateFolderActions();
    //! The channel the sidebar has selected, or empty.
    QString selectedChannel() const;
    //! Why the account's folders cannot be created, renamed or deleted here, or empty.
    QString whyNoFolderChanges(const QString& accountId) const;
    //! Why this folder cannot be renamed or deleted, or empty.
    QString whyFolderFixed(const QString& channelId) const;
    void onOutboxState(const QString& clientId, int state, const QString& detail);
    //! A note in the status bar with an Undo button (the action is on the undo stack).
    //! `undoableBefore`: SyncController::newestUndoable() before the action.
    void showUndoableMessage(const QString& text, quint64 undoableBefore);
    void undo();
    void compose(SendKind kind, QString threadId);
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
    SidebarView* m_sidebar = nullptr;
    ThreadListPane* m_listPane = nullptr;
    ConversationView* m_conversation = nullptr;
    TriageController* m_triage = nullptr;
    AccountStatusBar* m_statusBar = nullptr;
    UndoBar* m_undoBar = nullptr;
    QString m_undoThread; //!< the conversation the newest undoable action was done on
    QSplitter* m_splitter = nullptr;
    QStackedWidget* m_pages = nullptr; //!< the inbox (splitter), or the welcome page
    QWidget* m_welcome = nullptr;
    QActionGroup* m_viewActions = nullptr;
    MailActions* m_actions = nullptr;
    ComposeHandler m_compose;
    CloseGuard m_closeGuard;
    DraftHandler m_draftHandler;
    Outbox* m_outbox = nullptr;
    UndoBar* m_sendBar = nullptr;
    struct Sending {
        QString subject;
        std::function<bool()> undo;
    };
    QHash<QString, Sending> m_sending; //!< by clientId, until sent or failed
    QString m_sendBarClient;           //!< the message the send bar is about
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
    QHash<QString, QString> m_chatChannelLabels; //!< chat channel id -> "#name", "Bob", "Group: bob, carol"
    QHash<QString, QString> m_providerIconNames; //!< provider id -> ProviderInfo::iconName
    bool m_restoringSelection = false;
    ChatSender* m_chatSender = nullptr;
    ChatInput* m_chatInput = nullptr;
    ChatPendingList* m_chatPending = nullptr;
    QString m_chatThreadParent;       //!< the open chat's box answers this message's thread
    bool m_chatTextDiscarded = false; //!< the user chose to quit without their unsent chat text
};

} // namespace tributary::ui
