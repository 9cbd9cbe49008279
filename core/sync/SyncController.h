#pragma once

#include "model/Model.h"
#include "net/Liveness.h"
#include "provider/Provider.h"
#include "sync/AccountStatus.h"
#include "sync/BodyCache.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace tributary {

class AccountManager;
class InboxStore;
class TriageBook;
class ViewStateCache;

//! Drives every account's providers into the InboxStore (and the ViewStateCache):
//!  1. warm start: cached channels and rows go into the store before any network;
//!  2. per account: connectAccount -> listChannels (channelsChanged, cached) -> the Inbox
//!     and the open channel listed newest first: the first page at once so the visible
//!     window fills, then older pages in the background up to Options::backfillLimit,
//!     rows and cursors cached as they arrive;
//!     With Capability::IncrementalSync a channel whose sync state is known (from this
//!     session or the cache) is not listed again: syncChanges() brings new mail, flag
//!     changes and expunges, and ChannelChanged events (IMAP IDLE) ask for the same;
//!  3. on request: older history (requestBackfill), another channel (openChannel),
//!     bodies (fetchBody, kept in a bounded in-memory LRU), marking a thread read.
//! Errors stay per account and surface as its AccountStatus (statusChanged): Live,
//! Reconnecting with the time of the next try, Offline with the time it was last in sync,
//! Sign in again (SyncStatus.cpp). A lost account is retried with a growing, jittered
//! delay; a lost push connection the provider reconnects itself, and every reconnect is
//! followed by syncChanges for what the gap missed.
//! GUI thread only. Providers are not owned.
class SyncController : public QObject {
    Q_OBJECT
public:
    struct Options {
        int firstPageSize = 100;  //!< the first page of a channel: enough to fill a window
        int pageSize = 500;       //!< background and on-demand pages
        int backfillLimit = 2000; //!< messages per channel loaded without being asked
        int warmStartLimit = 20000;
        //! The newest cached rows shown first, so the list paints before the rest is read.
        int warmFirstPage = 300;
        qint64 bodyCacheBytes = 64 * 1024 * 1024;
        //! Reconnect back-off after the account's connection failed (jittered, doubling).
        int reconnectMinMs = 5000;
        int reconnectMaxMs = 5 * 60 * 1000;
        //! How long a lost connection shows as Reconnecting before it counts as Offline.
        int offlineAfterMs = 2 * 60 * 1000;
    };

    SyncController(InboxStore* store, ViewStateCache* cache, QObject* parent = nullptr);
    SyncController(InboxStore* store, ViewStateCache* cache, Options options, QObject* parent = nullptr);
    ~SyncController() override;

    //! Syncs this provider (connecting it at once if start() ran already).
    void addProvider(Provider* provider);
    //! Stops syncing the account and takes its threads out of the store.
    void removeProvider(const QString& accountId);
    //! Follows an AccountManager: its providers now and as accounts come and go. A removed
    //! account's cached rows are deleted too.
    void attach(AccountManager* accounts);

    //! Warm start from the cache, then connect every provider.
    void start();
    //! Loads this channel too (first page at once, then backfill) and keeps it live.
    //! An empty id returns to the unified views (only Inboxes are kept loaded).
    void openChannel(const QString& channelId);
    QString openChannelId() const { return m_openChannel; }
    //! Loads older history of the open channel, or of every Inbox; answers backfillFinished().
    //! Connect ThreadListModel::backfillRequested here.
    void requestBackfill();
    //! Whether an action can be taken back with undo(): a user's command (archive, a flag
    //! toggled) can, reading a conversation by opening it does not.
    enum class Record { Undoable, NotUndoable };
    //! Marks the thread's unread messages read: at once in the store and cache, then on
    //! the server (reverted if the server refuses).
    void markThreadRead(const QString& threadId, Record record = Record::NotUndoable);

    // User actions (SyncActions.cpp): shown in the store and cache at once, then done on
    // the server; if the server refuses, put back as they were and explained with
    // actionFailed().
    //! `what` names the action for undo ("Flag", "Mark as Read"); empty: from the flags.
    void setFlags(const QStringList& messageIds, MessageFlags add, MessageFlags remove,
                  Record record = Record::Undoable, const QString& what = {});
    void moveMessages(const QStringList& messageIds, const QString& targetChannelId);
    //! Moves to each account's Archive folder.
    void archiveMessages(const QStringList& messageIds);
    //! Deletes: to the Trash where there is one (the provider decides), else for good.
    void deleteMessages(const QStringList& messageIds);
    // Undo (SyncUndo.cpp): the latest user actions, newest last, each taken back at once in
    // the store and cache and then on the server (moved mail is found in its new folder by
    // Message-ID and moved back).
    bool canUndo() const;
    //! Names the newest undoable action (0: none): compare before and after a call to tell
    //! whether it can be undone.
    quint64 newestUndoable() const { return m_undo.empty() ? 0 : m_undo.back()->action; }
    //! "Archive", "Move to the Trash", "Flag" ...: what undo() would take back.
    QString undoText() const;
    //! Takes back the newest action not yet undone (all its accounts); false if there is none.
    bool undo();
    static constexpr int kUndoDepth = 20;

    // Folders (SyncFolders.cpp): done on the server first, since the server decides what a
    // name may be, then the account's channels are listed again; the futures finish after
    // that, with the provider's answer. A refusal is also said with actionFailed().
    //! A new folder in the account, under `parentChannelId` (empty: at the top).
    QFuture<Result<Channel>> createFolder(const QString& accountId, const QString& parentChannelId,
                                          const QString& name);
    //! The folder under its new name (and id): its rows leave the store, the new folder loads
    //! when it is opened.
    QFuture<Result<Channel>> renameFolder(const QString& channelId, const QString& newName);
    //! Deletes the folder, its subfolders and their messages for good.
    QFuture<Result<void>> deleteFolder(const QString& channelId);
    //! Marks every message of the channel read: the loaded ones at once (undoable, as
    //! "Mark All as Read"), and on servers that can (Capability::MarkChannelRead) also those
    //! not loaded.
    void markChannelRead(const QString& channelId);
    //! The loaded messages of a channel.
    QStringList loadedMessageIds(const QString& channelId) const;

    // Chat conversations (SyncChat.cpp, issue 13 §4). A chat conversation is its channel:
    // opening it (markThreadRead) reads the channel at the provider where it can
    // (Capability::MarkChannelRead), also what is not loaded.
    //! One more page of the channel's older history (a chat transcript scrolled to its top);
    //! starts loading the channel when it was not. Arrives in the store like any page.
    void loadOlder(const QString& channelId);
    //! False once the channel's history is loaded to its start.
    bool hasOlder(const QString& channelId) const;

    //! Whether the user may edit this message: their own, on an account that can edit.
    bool canEdit(const QString& messageId) const;
    //! Replaces the text of the user's own message: shown at once, then on the server; if the
    //! server refuses, the old text comes back and editFailed() hands back what the user wrote.
    void editMessage(const QString& messageId, const QString& text);
    //! A message was just posted into this channel (the chat box): asks its provider what
    //! changed now, where it syncs incrementally, so the posted message shows without waiting
    //! for push or polling.
    void refreshAfterSend(const QString& channelId);
    //! The full message (text, html, attachment metadata), from memory when fetched before.
    QFuture<Result<Message>> fetchBody(const QString& messageId);
    //! Reconnects an account now (after "offline" or "needs sign-in" was dealt with).
    void reconnect(const QString& accountId);
    //! Lists every loaded channel from the top again, so every envelope comes whole from the
    //! servers (after privacy mode, whose cached rows lack names and subjects).
    void reloadAll();

    // Team triage (SyncTriage.cpp, issue 13 §3). Assignee and status show at once in the
    // TriageBook (list rows, smart views) and the cache, then go to the provider; a refusal
    // puts them back and says why (actionFailed). Notes are bodies: asked for when a
    // conversation opens, never cached.
    TriageBook* triageBook() const { return m_triage; }
    //! The thread's conversation at an account that can triage (conversationIdOf), or empty.
    QString triageConversation(const QString& threadId) const;
    //! What that account can do of triage (Assign, TriageStatus, Snooze, InternalNotes).
    Capabilities triageCapabilities(const QString& threadId) const;
    //! Whether any account can triage (the smart views are offered then).
    bool anyTriage() const;
    //! The people and teams the thread's conversation can be assigned to.
    QFuture<Result<QList<Assignee>>> assignees(const QString& threadId);
    //! To a person or team, or to nobody (an empty Assignee).
    void assign(const QString& threadId, const Assignee& assignee);
    //! Open, closed, or waiting (snoozed until `snoozeUntil` when it is valid).
    void setTriageStatus(const QString& threadId, TriageStatus status, const QDateTime& snoozeUntil = {});
    QFuture<Result<QList<InternalNote>>> notes(const QString& threadId);
    //! A note only the team sees; the answer is the note as the provider stored it.
    QFuture<Result<InternalNote>> addNote(const QString& threadId, const QString& text);

    QStringList accountIds() const;
    Provider* provider(const QString& accountId) const;
    QList<Channel> channels(const QString& accountId) const;
    AccountStatus status(const QString& accountId) const;
    const Options& options() const { return m_options; }
    //! True once the cached rows are in the store (at once without a cache).
    bool isWarm() const { return m_warm; }

signals:
    //! An account's provider joined (addProvider) or left (removeProvider) the sync.
    void accountAdded(const tributary::Account& account);
    void accountRemoved(const QString& accountId);
    void channelsChanged(const QString& accountId, const QList<tributary::Channel>& channels);
    void statusChanged(const QString& accountId, const tributary::AccountStatus& status);
    //! The cached channels and rows are in the store.
    void warmStartFinished();
    //! Answers requestBackfill(): false when no loaded channel has older history left.
    //! Connect to ThreadListModel::backfillFinished.
    void backfillFinished(bool moreAvailable);
    //! Messages that reached a channel after it was first loaded (push, a refresh, or mail
    //! that came while the app was closed): for notifications.
    void messagesArrived(const QList<tributary::Message>& messages);
    //! A user action the server refused and that was undone, in a sentence for the user.
    void actionFailed(const QString& explanation);
    //! What can be undone changed (an action was done, undone or refused); empty: nothing.
    void undoChanged(const QString& undoText);
    //! An edit the server refused (and that was undone): `text` is what the user wrote, so it
    //! can be offered again instead of being lost.
    void editFailed(const QString& messageId, const QString& text, const QString& explanation);
    //! Team triage: a note was added to a conversation (by the user, or a teammate's event).
    void noteAdded(const tributary::InternalNote& note);

private:
    struct ChannelSync {
        QString cursor;       //!< where the next older page starts
        bool started = false; //!< the first page was asked for
        bool loading = false; //!< a page is in flight
        bool exhausted = false;
        //! syncChanges() is in flight; `resuming` until the first answer proves the
        //! stored cursor still valid (no paging before that).
        bool refreshing = false;
        bool resuming = false;
        bool refreshAgain = false; //!< a change was announced while busy: ask once more
        int loaded = 0;
        int goal = 0; //!< how many messages this channel should have loaded by now
        QSet<QString> seen;
    };
    //! Where a channel's incremental sync stands: the provider's opaque state from the
    //! first page or the last syncChanges(), plus the paging cursor. Survives reconnects.
    struct ChannelState {
        QVariantMap provider;
        QString nextCursor; //!< empty: everything older is loaded
        static ChannelState fromCursors(QVariantMap stored);
    };
    struct AccountSync {
        explicit AccountSync(const Options& options)
            : backoff(std::chrono::milliseconds(options.reconnectMinMs),
                      std::chrono::milliseconds(options.reconnectMaxMs)) {}
        QPointer<Provider> provider;
        QHash<QString, ChannelState> states; //!< by channel id
        AccountStatus status;
        //! When the account was last live, and when it stopped being (invalid while live).
        QDateTime lastSynced;
        QDateTime lostAt;
        //! The provider said its push connection is down (and reconnects it itself).
        bool pushDown = false;
        QList<Channel> channels;
        QHash<QString, ChannelSync> sync; //!< by channel id
        //! Rows loaded from the cache, by channel: dropped if a full listing no longer has them.
        QHash<QString, QSet<QString>> cached;
        bool connected = false;
        bool connecting = false;
        //! Bumped on reconnect and removal: answers of an earlier attempt are ignored.
        quint64 generation = 0;
        ReconnectBackoff backoff;
        QTimer reconnectTimer;
        QTimer offlineTimer; //!< Reconnecting turns Offline when it fires
    };

    static QString waitKey(const QString& accountId, const QString& channelId);
    AccountSync* account(const QString& accountId);
    const AccountSync* account(const QString& accountId) const;
    bool isCurrent(const QString& accountId, quint64 generation) const;
    void loadWarm();
    void loadWarmRows(int offset);
    void connectAccount(const QString& accountId);
    //! `listed` runs once the answer came (also after a failure or when not connected).
    void listChannels(const QString& accountId, std::function<void()> listed = {});
    void applyChannels(const QString& accountId, const QList<Channel>& channels);
    void startChannel(const QString& accountId, const QString& channelId);
    void loadPage(const QString& accountId, const QString& channelId);
    void pageArrived(const QString& accountId, const QString& channelId, const MessagePage& page,
                     bool firstPage);
    // Incremental sync (SyncChanges.cpp)
    bool canResume(const QString& accountId, const QString& channelId) const;
    void resumeChannel(const QString& accountId, const QString& channelId);
    void resumeFrom(const QString& accountId, const QString& channelId, const ChannelState& state);
    void refreshChannel(const QString& accountId, const QString& channelId);
    void requestChanges(const QString& accountId, const QString& channelId);
    void applyChanges(const QString& accountId, const QString& channelId, const ChannelChanges& changes);
    void resetChannel(const QString& accountId, const QString& channelId);
    void saveState(const QString& accountId, const QString& channelId);
    QHash<QString, MessageFlags> knownFlags(const QString& accountId, const QString& channelId) const;
    void dropVanishedRows(const QString& accountId, const QString& channelId);
    void continueBackfill(const QString& accountId, const QString& channelId);
    void subscribe(const QString& accountId);
    // Status (SyncStatus.cpp)
    void fail(const QString& accountId, const ProviderError& error);
    void setStatus(const QString& accountId, AccountStatus status);
    void markConnecting(const QString& accountId);
    void markSyncing(const QString& accountId);
    //! Live, or Syncing with progress while pages load (or still lost while push is down).
    void updateSyncStatus(const QString& accountId);
    //! The connection is lost; the next try is at `nextAttempt` (invalid: being tried now).
    void markLost(const QString& accountId, const QString& reason, const QDateTime& nextAttempt);
    void onLongLoss(const QString& accountId);
    void onProviderStatus(const QString& accountId, const ConnectionStatus& status);
    //! syncChanges for every loaded channel: what a reconnected push connection missed.
    void catchUp(const QString& accountId);
    void onEvents(const QString& accountId, const QList<Event>& events);
    void adjustUnread(const QString& accountId, const QHash<QString, int>& deltaByChannel);
    //! Fills what a stored envelope lacks (subject, names, snippet) from its fetched message.
    void completeEnvelope(const Message& full);
    // Optimistic action helpers (SyncActions.cpp)
    QHash<QString, QList<Message>> byAccount(const QStringList& messageIds) const;
    void showFlags(const QString& accountId, const QList<Message>& updated, const QList<Message>& previous);
    //! markThreadRead() of a chat conversation whose provider reads whole channels: true when
    //! it took over (the messages read at once here, the channel read at the provider).
    bool markConversationRead(const QString& threadId, const QList<Message>& unread);
    void takeOut(const QString& accountId, const QList<Message>& messages);
    //! Shows a message's new (or restored) envelope in the store and cache, and its text in
    //! the body cache (or forgets the body when there is none to show).
    void showEdit(const Message& envelope, const std::optional<Message>& body);
    void putBack(const QString& accountId, const QList<Message>& messages);
    QString roleChannel(const QString& accountId, ChannelRole role) const;
    //! One account's part of an undoable action.
    struct UndoStep {
        enum class Kind { Flags, Relocate };
        enum class Server { Pending, Done, Failed };
        Kind kind = Kind::Flags;
        quint64 action = 0; //!< steps of one user action share it
        QString accountId;
        QString what;          //!< "Archive", for undoText()
        QList<Message> before; //!< as they were (flags, or the messages that moved)
        QList<Message> after;  //!< flags: as the action left them
        QString target;        //!< relocate: where they went
        Server server = Server::Pending;
        bool undone = false;
    };
    using UndoStepPtr = std::shared_ptr<UndoStep>;
    UndoStepPtr recordStep(UndoStep step);
    void dropStep(const UndoStepPtr& step);
    void undoFlags(const UndoStepPtr& step);
    void undoRelocate(const UndoStepPtr& step);
    //! The server part of undoing a move, once the move itself is done there.
    void moveBackOnServer(const UndoStepPtr& step);
    using Relocate = std::function<QFuture<Result<void>>(Provider*, const QStringList&)>;
    void relocate(const QString& accountId, const QList<Message>& messages, const QString& targetChannelId,
                  const Relocate& onServer, const QString& what, const QString& undoWhat);
    //! A folder operation's answer, passed on once the channels were listed again.
    template <typename T>
    QFuture<Result<T>> folderChange(const QString& accountId, QFuture<Result<T>> onServer,
                                    const QString& what);
    //! Starts a new undoable user action: steps recorded until the next call share it.
    void beginAction() { ++m_actionSerial; }
    void settleBackfill();
    bool moreHistoryAvailable() const;
    //! A chat channel, DM or group of the account (one list row, paged by loadOlder()).
    static bool isChatChannel(const AccountSync& a, const QString& channelId);
    void finishWarmStart();
    QString inboxOf(const QString& accountId) const;
    //! The channels whose messages make the account's part of the unified inbox: its Inbox,
    //! or for a chat account up to kChatHomeChannels conversations, unread ones first.
    QStringList homeChannels(const QString& accountId) const;
    static constexpr int kChatHomeChannels = 12;
    QList<std::pair<QString, QString>> targetChannels() const;

    // Team triage (SyncTriage.cpp)
    void loadWarmTriage();
    //! Asks the account's provider for the triage of these messages' conversations.
    void refreshTriage(const QString& accountId, const QList<Message>& messages);
    //! Takes a triage event (true), or leaves the event to the store (false).
    bool applyTriageEvent(const QString& accountId, const Event& event);
    void showTriage(const ConversationTriage& triage);
    using TriageEdit = std::function<void(ConversationTriage&)>;
    using TriageOnServer = std::function<QFuture<Result<void>>(Provider*, const ConversationTriage&)>;
    void changeTriage(const QString& threadId, Capability needed, const TriageEdit& edit,
                      const TriageOnServer& onServer, const QString& what);
    TriageBook* m_triage;
    QSet<QString> m_triageSelfAsked; //!< accounts whose assignees were asked for who "me" is

    InboxStore* m_store;
    QPointer<ViewStateCache> m_cache;
    Options m_options;
    BodyCache m_bodies;
    std::map<QString, std::unique_ptr<AccountSync>> m_accounts;
    QStringList m_order; //!< account ids in the order added
    QString m_openChannel;
    bool m_started = false;
    bool m_warm = false;
    //! Channels ("account\nchannel") whose next page answers a pending requestBackfill().
    QSet<QString> m_backfillWaiting;
    bool m_backfillPending = false;
    bool m_inBackfillRequest = false;
    //! The model was told there is no more history; a channel starting later re-arms it.
    bool m_toldExhausted = false;
    std::vector<UndoStepPtr> m_undo; //!< oldest first, at most kUndoDepth actions
    quint64 m_actionSerial = 0;
};

} // namespace tributary
