#pragma once

#include "imap/ImapCommand.h"
#include "imap/ImapResponseErrors.h"
#include "imap/ImapResponseParser.h"
#include "imap/ImapSettings.h"
#include "imap/VmimeSupport.h"

#include <QSet>
#include <QVariantMap>
#include <functional>
#include <optional>

namespace tributary::imap {

//! The mailbox a session has selected, from the SELECT response.
struct SelectedMailbox {
    QString name;
    quint32 uidValidity = 0;
    quint32 uidNext = 0;
    quint64 highestModSeq = 0;
    quint32 exists = 0;

    //! What a MessagePage/ChannelChanges hands back as the folder's sync state.
    QVariantMap syncState() const;
};

//! The tagged completion of a command.
struct TaggedResult {
    ImapResponse::Status status = ImapResponse::Status::Bad;
    QByteArray code; //!< resp-text-code, e.g. "APPENDUID 38505 3955"
    QByteArray text;

    bool ok() const { return status == ImapResponse::Status::Ok; }
};

//! How ImapSession::idle() ended.
enum class IdleEnd {
    Changed, //!< the server reported new, changed or expunged messages
    Refresh, //!< the wait was over: IDLE again before the server's inactivity limit
    Stopped, //!< the caller asked to stop
};

//! One authenticated IMAP connection, used from one (worker) thread only. vmime
//! connects, negotiates TLS and authenticates; after that this class speaks IMAP itself
//! over vmime's socket, because vmime's own FETCH path is quadratic (TESTBED) and it
//! lacks MOVE, ESEARCH and LIST-STATUS. Blocking: every call waits for the server.
class ImapSession {
public:
    //! `readTimeoutMs`: how long the server may stay silent while an answer is due (not
    //! while idling) before the connection counts as lost.
    ImapSession(ImapSettings settings, AbortFlag abort, int readTimeoutMs = kDefaultReadTimeoutMs);
    static constexpr int kDefaultReadTimeoutMs = 60'000;
    ~ImapSession();
    ImapSession(const ImapSession&) = delete;
    ImapSession& operator=(const ImapSession&) = delete;

    //! Connects and signs in with the password or access token.
    Result<void> open(const QByteArray& secret);
    //! Drops the connection without a LOGOUT round trip.
    void close();
    bool isOpen() const;

    //! Called with every untagged response while a command runs. The response's views
    //! are valid only during the call.
    using UntaggedHandler = std::function<void(const ImapResponse&)>;
    //! Sends a command and reads until its tagged completion. Network and protocol
    //! failures are errors (and close the session); NO/BAD come back as a TaggedResult.
    //! Responses larger than the command's byte budget (ImapCommand::expect) close the
    //! connection with an "oversized response" error. `what` names the operation in the
    //! error a refused response (refuse()) gives.
    Result<TaggedResult> execute(const ImapCommand& command, const UntaggedHandler& onUntagged = {},
                                 const QString& what = {});
    //! execute() that also turns NO/BAD into an error describing `what` failed.
    Result<TaggedResult> executeOk(const ImapCommand& command, const QString& what,
                                   const UntaggedHandler& onUntagged = {});
    //! Refuses the response an UntaggedHandler is looking at: it is framed but must not be
    //! used (nested too deeply, unreadable where a wrong reading would lose data). The
    //! command still reads to its completion (the connection stays in step), then fails with
    //! a clear error; later responses of the command are not handed to the handler.
    void refuse(ImapReader::Failure why);

    //! IDLE (RFC 2177) on the selected mailbox until the server reports a change, `maxWaitMs`
    //! passes or `stopRequested` returns true (checked every few hundred ms); then DONE.
    //! The read timeout does not apply while idling (the connection is meant to be quiet),
    //! but it does to the answer to DONE: a server that does not complete the IDLE within
    //! it is gone, which is how a short `maxWaitMs` probes a quiet connection.
    Result<IdleEnd> idle(int maxWaitMs, const std::function<bool()>& stopRequested);
    //! An untagged response that means the selected mailbox changed (EXISTS, EXPUNGE,
    //! FETCH, VANISHED).
    static bool isMailboxChange(const ImapResponse& response);

    bool hasCapability(QByteArrayView capability) const;
    char delimiter() const { return m_delimiter; }

    //! SELECTs the mailbox (again, for fresh UIDNEXT/EXISTS). NotFound if it does not exist.
    Result<SelectedMailbox> select(const QString& mailbox);
    //! The selected mailbox, if it is `mailbox`, else selects it.
    Result<SelectedMailbox> ensureSelected(const QString& mailbox);
    const std::optional<SelectedMailbox>& selected() const { return m_selected; }

    const ImapSettings& settings() const { return m_settings; }

private:
    struct Vmime;
    Result<void> readCapabilities();
    void send(const QByteArray& bytes);
    //! The next complete response (its views valid until the next call).
    ImapResponse readResponse();
    //! Reads what has arrived, or waits up to `waitMs` for more. Throws when the
    //! connection is closed or the operation aborted.
    void receive(int waitMs);
    ImapResponse classify(QByteArrayView raw) const;
    void throwIfBye(const ImapResponse& response) const;
    //! Throws when the parser stopped on a response that broke its byte budget.
    void throwIfOverflow() const;
    void fail();
    ProviderError lostConnection(const std::exception& e);

    ImapSettings m_settings;
    AbortFlag m_abort;
    int m_readTimeoutMs;
    std::unique_ptr<Vmime> m_vmime;
    ImapResponseParser m_parser;
    QSet<QByteArray> m_capabilities;
    char m_delimiter = '/';
    quint64 m_nextTag = 1;
    std::optional<SelectedMailbox> m_selected;
    std::optional<ImapReader::Failure> m_refused; //!< set by refuse() during a command
};

//! A NO/BAD completion as an error: NotFound for missing mailboxes/messages, Auth for
//! authentication codes, Network for UNAVAILABLE, Invalid otherwise.
ProviderError errorFromTagged(const TaggedResult& result, const QString& what);

} // namespace tributary::imap
