#pragma once

#include "imap/ImapFetchParser.h"
#include "imap/ImapFolders.h"
#include "imap/ImapIds.h"
#include "imap/ImapSession.h"
#include "provider/Provider.h"
#include "util/Logging.h"

#include <QSet>
#include <functional>
#include <memory>
#include <mutex>

namespace tributary::mail {
struct OutgoingMime;
}

namespace tributary::imap {

//! Every provider operation as a blocking call on one IMAP session (plus SMTP for
//! sending). Lives on the account's worker thread; the facade never calls it directly.
//! Connects lazily, and reconnects once when a reused connection turns out to be dead.
class ImapClient {
public:
    ImapClient(ImapSettings settings, AbortFlag abort);
    ~ImapClient();

    //! The password or access token to sign in with. A connection opened with another
    //! one (an access token that was renewed) is closed, so the next operation signs in
    //! anew: a session must not outlive the token it was opened with.
    void setSecret(const QByteArray& secret);
    //! Closes the connection; the next operation opens a new one.
    void dropConnection();
    //! Thread-safe: gives up the current connection even while a command waits on it (the
    //! command fails as a lost connection and is retried once on a new one). For when the
    //! network came back while this connection was stuck on the dead one: without this it
    //! would wait out its full read timeout.
    void abandonConnection();
    //! Receives connection status changes (called on the worker thread).
    void setStatusCallback(std::function<void(const ConnectionStatus&)> callback) {
        m_onStatus = std::move(callback);
    }

    Result<void> connect();
    Result<QList<Channel>> listChannels();
    Result<MessagePage> listMessages(const QString& channelId, const PageRequest& page);
    Result<Message> fetchBody(const QString& messageId);
    Result<QByteArray> fetchAttachment(const QString& messageId, const QString& attachmentId);
    //! Keeps a record in Sent while it sends (ImapClientSend.cpp): the copy is APPENDed
    //! first with the keyword $TributaryUnsent, which becomes $TributaryMaybeSent just
    //! before the end-of-data mark goes to the SMTP server and is cleared after its 250.
    Result<SendReceipt> send(const OutgoingMessage& message);
    Result<void> saveDraft(const OutgoingMessage& message);
    //! Records left by a run that stopped mid-send: $TributaryUnsent ones are moved to
    //! Drafts (never sent), $TributaryMaybeSent ones are listed for the user.
    Result<QList<UnfinishedSend>> recoverUnfinishedSends();
    Result<SendReceipt> resolveUnfinishedSend(const QString& recordId, UncertainSend decision);
    //! Signs in to the SMTP server and leaves (connection test).
    Result<void> checkSending();
    Result<void> setFlags(const QStringList& messageIds, MessageFlags add, MessageFlags remove);
    Result<void> move(const QStringList& messageIds, const QString& targetChannelId);
    Result<void> remove(const QStringList& messageIds);
    //! Provider::findMessages: a UID SEARCH HEADER Message-ID per header.
    Result<QStringList> findMessages(const QString& channelId, const QStringList& messageIdHeaders);
    Result<QList<Message>> search(const SearchQuery& query);
    //! New mail past the state's UIDNEXT, flag changes (CONDSTORE CHANGEDSINCE where the
    //! state has a HIGHESTMODSEQ, else a chunked FLAGS diff of `known`) and expunges among
    //! `known`; `reset` when the folder's UIDVALIDITY changed. (ImapClientSync.cpp)
    Result<ChannelChanges> syncChanges(const QString& channelId, const QVariantMap& state,
                                       const QHash<QString, MessageFlags>& known);
    // Folders themselves (ImapClientFolders.cpp): special-use and shared folders are refused.
    Result<Channel> createFolder(const QString& parentChannelId, const QString& name);
    Result<Channel> renameFolder(const QString& channelId, const QString& newName);
    //! Subfolders first (servers refuse to delete a folder with children).
    Result<void> deleteFolder(const QString& channelId);
    //! UID STORE 1:* +FLAGS.SILENT (\Seen) on the folder.
    Result<void> markChannelRead(const QString& channelId);
    //! Closes the connection (the worker is stopping).
    void shutdown();

    //! Messages at or below this size are fetched whole and parsed with vmime; larger
    //! ones get their text parts only, attachments listed from BODYSTRUCTURE.
    static constexpr qint64 kFullFetchLimit = 2 * 1024 * 1024;

private:
    //! Runs an operation on a connected session; reconnects once if a reused connection
    //! was dead. Reports connection trouble as status changes.
    template <typename T>
    Result<T> run(const std::function<Result<T>(ImapSession&)>& operation);
    static bool isConnectionLoss(const ProviderError& error);
    Result<void> ensureSession();
    void reportError(const ProviderError& error);
    void setStatus(ConnectionState state, const QString& detail = {});

    Result<QList<FolderInfo>> folders(ImapSession& session, bool refresh);
    Result<std::optional<QString>> roleFolder(ImapSession& session, ChannelRole role);
    Result<MessageRef> resolve(const QString& messageId) const;
    Result<QHash<QString, QList<MessageRef>>> groupByFolder(const QStringList& messageIds) const;
    //! Selects the message's folder and checks its UIDVALIDITY still matches.
    Result<void> selectFor(ImapSession& session, const MessageRef& ref);
    Result<ImapFetchItem> fetchStructure(ImapSession& session, const MessageRef& ref);
    Result<QList<quint32>> findByMessageId(ImapSession& session, const QString& folder,
                                           const QString& messageId);
    Result<std::optional<quint32>> append(ImapSession& session, const QString& folder,
                                          const QByteArray& flags, const QByteArray& data);
    Result<void> expungeUids(ImapSession& session, const QList<quint32>& ascendingUids);
    Result<void> moveUids(ImapSession& session, const QList<quint32>& ascendingUids, const QString& target);
    Result<void> completeThreading(OutgoingMessage& message);
    //! Expunges the draft a resumed message replaces (OutgoingMessage::replacesDraftId), if
    //! it is still in the Drafts folder.
    Result<void> removeReplacedDraft(ImapSession& session, const OutgoingMessage& message);
    //! Selects INBOX when `path` or one of its subfolders is selected (before RENAME/DELETE).
    Result<void> leaveFolder(ImapSession& session, const QString& path, char delimiter);
    Result<Channel> channelOf(const QList<FolderInfo>& folders, const QString& path) const;

    // ImapClientSend.cpp: the record a send keeps in Sent.
    struct SendRecord {
        enum class State { None, Unsent, MaybeSent, Delivered };
        State state = State::None;
        MessageRef ref; //!< folder empty: no record (no Sent folder, or keywords refused)
    };
    //! The copies of `messageId` in `folder`, judged by their keywords.
    Result<SendRecord> findRecord(ImapSession& session, const QString& folder, const QString& messageId);
    //! The record of this message, APPENDed as $TributaryUnsent when there is none yet.
    Result<SendRecord> ensureRecord(const mail::OutgoingMime& mime);
    //! UID STORE FLAGS: replaces the record's flags and keywords.
    Result<void> setRecordFlags(const MessageRef& ref, const QByteArray& flags);
    //! SMTP with the record turned MaybeSent at the point of no return, then finished.
    Result<SendReceipt> submitWithRecord(const OutgoingMessage& message, const mail::OutgoingMime& mime,
                                         const SendRecord& record);
    //! After the 250: the record becomes the plain Sent copy (or goes, if the server
    //! saved a copy itself). Returns the Sent copy's id, if known.
    QString finishRecord(const MessageRef& ref, const QString& messageId);
    //! Answered/Forwarded on the original, the draft of this message removed.
    void afterSent(const OutgoingMessage& message, const QString& messageId);
    //! Moves a record to Drafts as a draft; returns its id there (or where it stays).
    Result<MessageRef> recordToDraft(ImapSession& session, const MessageRef& ref, const QString& messageId);

    ImapSettings m_settings;
    AbortFlag m_abort;
    QByteArray m_secret;
    std::unique_ptr<ImapSession> m_session;
    std::mutex m_abandonMutex;
    AbortFlag m_abandonSession; //!< m_session's abandon flag, for other threads
    std::optional<QList<FolderInfo>> m_folders;
    //! Client ids this worker has submitted: a retry after a failed Sent copy must not resend.
    QSet<QString> m_sentClientIds;
    std::function<void(const ConnectionStatus&)> m_onStatus;
    ConnectionState m_state = ConnectionState::Offline;
};

template <typename T>
Result<T> ImapClient::run(const std::function<Result<T>(ImapSession&)>& operation) {
    if (m_abort->load())
        return ProviderError::cancelled();
    const bool reused = m_session && m_session->isOpen();
    if (auto ready = ensureSession(); !ready)
        return ready.error();
    Result<T> result = operation(*m_session);
    if (!result && reused && isConnectionLoss(result.error()) && !m_abort->load()) {
        // Servers drop idle connections; one fresh attempt hides that from the user.
        qCInfo(lcImap) << "Reconnecting after:" << result.error().describe();
        m_session.reset();
        if (auto ready = ensureSession(); !ready)
            return ready.error();
        result = operation(*m_session);
    }
    if (!result)
        reportError(result.error());
    else if (m_state != ConnectionState::Online)
        setStatus(ConnectionState::Online);
    return result;
}

} // namespace tributary::imap
