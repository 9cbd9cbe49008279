#include "imap/ImapClient.h"

#include "html/HtmlToText.h"
#include "imap/ImapDataParser.h"
#include "imap/ImapEnvelopes.h"
#include "imap/ImapIdentities.h"
#include "imap/SmtpSender.h"
#include "mail/MimeBodyParser.h"
#include "mail/MimeDepth.h"
#include "mail/MimeText.h"
#include "mail/OutgoingMime.h"
#include "model/Ids.h"
#include "util/Logging.h"

#include <QObject>
#include <algorithm>

namespace tributary::imap {

namespace {

constexpr int kDefaultPageSize = 200;
constexpr qint64 kPartialTextLimit = 1024 * 1024;

//! A message whose multiparts nest deeper than anything real: not handed to vmime at all.
ProviderError mimeTooDeep() {
    return ProviderError::protocol(
        QObject::tr("This message nests its parts more than %1 levels deep, so it was not opened: no mail "
                    "program writes such a message, and reading it could stop the app.")
            .arg(mail::kMaxMimeDepth),
        QStringLiteral("mime_too_deep"));
}

ProviderError unknownMessage() {
    return ProviderError::notFound(QObject::tr("This message is no longer on the server."),
                                   QStringLiteral("unknown_message"));
}

QString cursorFor(quint32 uidValidity, quint32 beforeUid) {
    return QStringLiteral("v1:%1:%2").arg(uidValidity).arg(beforeUid);
}

bool parseCursor(const QString& cursor, quint32& uidValidity, quint32& beforeUid) {
    const QStringList parts = cursor.split(QLatin1Char(':'));
    if (parts.size() != 3 || parts[0] != QLatin1String("v1"))
        return false;
    bool ok1 = false;
    bool ok2 = false;
    uidValidity = parts[1].toUInt(&ok1);
    beforeUid = parts[2].toUInt(&ok2);
    return ok1 && ok2 && uidValidity != 0;
}

bool isAsciiText(const QString& s) {
    for (const QChar c : s) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

QString bodySnippet(const Message& m) {
    if (!m.text.trimmed().isEmpty())
        return makeSnippet(m.text);
    if (!m.html.isEmpty())
        return makeSnippet(htmlToText(m.html));
    return QString();
}

//! What fetching an attachment may bring: the whole message (at most 2 MB by the server's own
//! count, doubled for servers that count line ends differently), or the part's encoded size as
//! BODYSTRUCTURE gave it (doubled likewise), never more than the global literal cap.
ImapByteBudget attachmentBudget(bool whole, const ImapBodyPart* part) {
    if (whole)
        return ImapByteBudget::forLiterals(2 * ImapClient::kFullFetchLimit);
    if (part && part->size >= 0)
        return ImapByteBudget::forLiterals(2 * part->size + 64 * 1024);
    return ImapByteBudget::forLiterals(ImapByteBudget::kMaxLiteral);
}

//! Text and attachments of a large message from its BODYSTRUCTURE and partial fetches
//! of the text parts only (the attachments stay on the server until asked for).
Result<void> loadLargeBody(ImapSession& session, const ImapFetchItem& structure, Message& m) {
    QList<const ImapBodyPart*> textParts;
    for (const ImapBodyPart& part : structure.parts) {
        if (mail::isShownAsText(part.type, part.subtype, part.disposition, part.attachment) &&
            (part.subtype == "plain" || part.subtype == "html"))
            textParts.append(&part);
        if (part.attachment) {
            Attachment a;
            a.id = QString::fromLatin1(part.path);
            a.fileName = part.fileName;
            a.mimeType = QString::fromLatin1(part.mimeType());
            a.size = part.encoding == "base64" ? part.size * 3 / 4 : part.size;
            a.contentId = QString::fromUtf8(part.contentId);
            a.isInline = part.disposition == "inline";
            m.attachments.append(a);
        }
    }
    if (textParts.isEmpty())
        return Done{};
    QByteArray items = "(";
    for (const ImapBodyPart* part : textParts) {
        if (items.size() > 1)
            items += ' ';
        items += "BODY.PEEK[" + part->path + "]<0." + QByteArray::number(kPartialTextLimit) + ">";
    }
    items += ')';
    const quint32 uid = MessageRef::fromNativeId(m.nativeId)->uid;
    ImapCommand command("UID FETCH");
    // A partial fetch returns at most what it asked for (RFC 3501 6.4.5).
    command.raw(QByteArray::number(uid))
        .raw(items)
        .expect(ImapByteBudget::forLiterals(kPartialTextLimit, textParts.size()));
    QHash<QByteArray, QByteArray> sections;
    auto r = session.executeOk(command, QObject::tr("Reading the message text"),
                               [&](const ImapResponse& response) {
                                   ImapFetchItem item;
                                   if (readFetch(session, response, item) && item.uid == uid) {
                                       for (const ImapSection& s : item.sections)
                                           sections.insert(s.spec, s.data);
                                   }
                               });
    if (!r)
        return r.error();
    for (const ImapBodyPart* part : textParts) {
        const QByteArray data = mail::decodeTransferEncoding(sections.value(part->path), part->encoding);
        QString content = mail::decodeCharset(data, part->charset);
        if (part->subtype == "html") {
            if (!part->inAlternative || m.html.isEmpty())
                m.html += content;
        } else {
            if (part->formatFlowed)
                content = mail::unwrapFlowed(content, part->delSp);
            if (!part->inAlternative || m.text.isEmpty())
                m.text += content;
        }
    }
    return Done{};
}

} // namespace

ImapClient::ImapClient(ImapSettings settings, AbortFlag abort)
    : m_settings(std::move(settings))
    , m_abort(std::move(abort)) {}

ImapClient::~ImapClient() {
    shutdown();
}

void ImapClient::shutdown() {
    m_session.reset();
    m_folders.reset();
}

void ImapClient::setSecret(const QByteArray& secret) {
    if (secret == m_secret)
        return;
    if (m_session && !m_secret.isEmpty())
        qCInfo(lcImap) << "Signing in anew with the renewed token";
    m_secret = secret;
    m_session.reset();
}

void ImapClient::dropConnection() {
    m_session.reset();
}

void ImapClient::abandonConnection() {
    const std::lock_guard lock(m_abandonMutex);
    if (m_abandonSession)
        m_abandonSession->store(true);
}

bool ImapClient::isConnectionLoss(const ProviderError& e) {
    return e.kind == ErrorKind::Network &&
           (e.code == QLatin1String("connection_lost") || e.code == QLatin1String("not_connected") ||
            e.code == QLatin1String("timeout") || e.code == QLatin1String("bad_response"));
}

void ImapClient::setStatus(ConnectionState state, const QString& detail) {
    if (state == m_state && detail.isEmpty())
        return;
    m_state = state;
    if (m_onStatus) {
        ConnectionStatus status;
        status.state = state;
        status.detail = detail;
        m_onStatus(status);
    }
}

void ImapClient::reportError(const ProviderError& error) {
    switch (error.kind) {
    case ErrorKind::Auth:
        // Not yet "needs sign-in": the facade renews an OAuth token once and retries, and
        // reports it if that fails too.
        break;
    case ErrorKind::Network:
        setStatus(ConnectionState::Offline, error.message);
        break;
    default:
        break; // the connection itself is fine
    }
}

Result<void> ImapClient::ensureSession() {
    if (m_session && m_session->isOpen())
        return Done{};
    if (m_abort->load())
        return ProviderError::cancelled();
    if (m_secret.isEmpty()) {
        return ProviderError::auth(QObject::tr("No password or token is stored for this account."),
                                   QStringLiteral("secret_missing"));
    }
    m_session = std::make_unique<ImapSession>(m_settings, m_abort, m_settings.imapTimeoutMs());
    {
        const std::lock_guard lock(m_abandonMutex);
        m_abandonSession = m_session->abandonFlag();
    }
    m_folders.reset();
    setStatus(ConnectionState::Connecting);
    auto r = m_session->open(m_secret);
    if (!r) {
        m_session.reset();
        reportError(r.error());
        return r.error();
    }
    setStatus(ConnectionState::Online);
    return Done{};
}

Result<void> ImapClient::connect() {
    m_session.reset();
    return ensureSession();
}

// ---------------------------------------------------------------------------------------
// Folders and ids

Result<QList<FolderInfo>> ImapClient::folders(ImapSession& session, bool refresh) {
    if (!refresh && m_folders)
        return *m_folders;
    auto r = listFolders(session, refresh);
    if (!r)
        return r.error();
    m_folders = r.value();
    return r;
}

Result<std::optional<QString>> ImapClient::roleFolder(ImapSession& session, ChannelRole role) {
    auto list = folders(session, false);
    if (!list)
        return list.error();
    return folderWithRole(list.value(), role);
}

Result<MessageRef> ImapClient::resolve(const QString& messageId) const {
    const auto ref = MessageRef::fromGlobalId(messageId, m_settings.accountId);
    if (!ref)
        return unknownMessage();
    return *ref;
}

Result<QHash<QString, QList<MessageRef>>> ImapClient::groupByFolder(const QStringList& messageIds) const {
    QHash<QString, QList<MessageRef>> groups;
    for (const QString& id : messageIds) {
        auto ref = resolve(id);
        if (!ref)
            return ref.error();
        groups[ref.value().folder].append(ref.value());
    }
    return groups;
}

Result<void> ImapClient::selectFor(ImapSession& session, const MessageRef& ref) {
    auto box = session.ensureSelected(ref.folder);
    if (!box) {
        if (box.error().kind == ErrorKind::NotFound)
            return unknownMessage();
        return box.error();
    }
    if (box.value().uidValidity != ref.uidValidity)
        return unknownMessage(); // the folder was rebuilt; old UIDs mean nothing now
    return Done{};
}

Result<ImapFetchItem> ImapClient::fetchStructure(ImapSession& session, const MessageRef& ref) {
    if (auto selected = selectFor(session, ref); !selected)
        return selected.error();
    ImapCommand command("UID FETCH");
    command.raw(QByteArray::number(ref.uid)).raw(kEnvelopeItems);
    std::optional<ImapFetchItem> found;
    auto r =
        session.executeOk(command, QObject::tr("Reading the message"), [&](const ImapResponse& response) {
            ImapFetchItem item;
            if (readFetch(session, response, item, FetchOptions{true}) && item.uid == ref.uid &&
                item.hasEnvelope)
                found = std::move(item);
        });
    if (!r)
        return r.error();
    if (!found)
        return unknownMessage();
    return *found;
}

// ---------------------------------------------------------------------------------------
// Reading

Result<QList<Channel>> ImapClient::listChannels() {
    return run<QList<Channel>>([this](ImapSession& session) -> Result<QList<Channel>> {
        auto list = folders(session, true);
        if (!list)
            return list.error();
        return toChannels(m_settings.accountId, list.value());
    });
}

Result<MessagePage> ImapClient::listMessages(const QString& channelId, const PageRequest& page) {
    const auto folder = folderFromChannelId(channelId, m_settings.accountId);
    if (!folder)
        return ProviderError::notFound(QObject::tr("This folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    quint32 cursorValidity = 0;
    quint32 before = 0;
    if (!page.cursor.isEmpty() && !parseCursor(page.cursor, cursorValidity, before))
        return ProviderError::invalid(QObject::tr("The page cursor is not valid."),
                                      QStringLiteral("bad_cursor"));
    const int limit = page.limit > 0 ? page.limit : kDefaultPageSize;

    return run<MessagePage>([&](ImapSession& session) -> Result<MessagePage> {
        auto box = session.select(*folder);
        if (!box)
            return box.error();
        const SelectedMailbox& mailbox = box.value();
        if (cursorValidity != 0 && cursorValidity != mailbox.uidValidity) {
            return ProviderError::invalid(
                QObject::tr("The folder \"%1\" was rebuilt on the server; reload it from the top.")
                    .arg(*folder),
                QStringLiteral("cursor_stale"));
        }
        MessagePage out;
        out.syncState = mailbox.syncState();
        if (mailbox.exists == 0 || (cursorValidity != 0 && before <= 1))
            return out;
        ImapCommand search = uidSearchCommand(session);
        if (before != 0)
            search.raw("UID 1:" + QByteArray::number(before - 1));
        else
            search.raw("ALL");
        auto uids = searchUids(session, search, QObject::tr("Listing the messages of \"%1\"").arg(*folder));
        if (!uids)
            return uids.error();
        const QList<quint32>& all = uids.value();
        const QList<quint32> pageUids = all.mid(std::max<qsizetype>(0, all.size() - limit));
        auto messages = fetchEnvelopes(session, m_settings.accountId, *folder, mailbox.uidValidity, pageUids);
        if (!messages)
            return messages.error();
        out.messages = std::move(messages.value());
        if (all.size() > pageUids.size())
            out.nextCursor = cursorFor(mailbox.uidValidity, pageUids.first());
        return out;
    });
}

Result<Message> ImapClient::fetchBody(const QString& messageId) {
    const auto ref = resolve(messageId);
    if (!ref)
        return ref.error();
    return run<Message>([&](ImapSession& session) -> Result<Message> {
        auto structure = fetchStructure(session, ref.value());
        if (!structure)
            return structure.error();
        const ImapFetchItem& item = structure.value();
        Message m = toMessage(item, m_settings.accountId,
                              channelIdFor(m_settings.accountId, ref.value().folder), ref.value());
        OwnAddresses(m_settings).mark(m);
        if (item.size >= 0 && item.size <= kFullFetchLimit) {
            ImapCommand command("UID FETCH");
            // Asked because the server said it is at most 2 MB; twice that allows for servers that
            // count line ends differently, nothing more.
            command.raw(QByteArray::number(ref.value().uid))
                .raw("(BODY.PEEK[])")
                .expect(ImapByteBudget::forLiterals(2 * kFullFetchLimit));
            QByteArray raw;
            bool found = false;
            auto r = session.executeOk(
                command, QObject::tr("Reading the message"), [&](const ImapResponse& response) {
                    ImapFetchItem full;
                    if (!readFetch(session, response, full) || full.uid != ref.value().uid)
                        return;
                    for (ImapSection& s : full.sections) {
                        if (s.spec.isEmpty()) {
                            raw = std::move(s.data);
                            found = true;
                        }
                    }
                });
            if (!r)
                return r.error();
            if (!found)
                return unknownMessage();
            mail::ParsedBody body = mail::parseMessageBody(raw);
            if (body.tooDeep)
                return mimeTooDeep();
            m.text = std::move(body.text);
            m.html = std::move(body.html);
            m.attachments = std::move(body.attachments);
            if (body.degraded)
                m.extras.insert(QStringLiteral("mimeDegraded"), true);
        } else if (auto large = loadLargeBody(session, item, m); !large) {
            return large.error();
        }
        m.hasAttachments = std::any_of(m.attachments.cbegin(), m.attachments.cend(),
                                       [](const Attachment& a) { return !a.isInline; }) ||
                           item.hasAttachments;
        m.bodyLoaded = true;
        m.snippet = bodySnippet(m);
        return m;
    });
}

Result<QByteArray> ImapClient::fetchAttachment(const QString& messageId, const QString& attachmentId) {
    const auto ref = resolve(messageId);
    if (!ref)
        return ref.error();
    return run<QByteArray>([&](ImapSession& session) -> Result<QByteArray> {
        auto structure = fetchStructure(session, ref.value());
        if (!structure)
            return structure.error();
        const ImapFetchItem& item = structure.value();
        const bool whole = item.size >= 0 && item.size <= kFullFetchLimit;
        const ImapBodyPart* part = nullptr;
        for (const ImapBodyPart& p : item.parts) {
            if (QString::fromLatin1(p.path) == attachmentId)
                part = &p;
        }
        if (!whole && !part)
            return ProviderError::notFound(QObject::tr("The message has no part %1.").arg(attachmentId),
                                           QStringLiteral("unknown_attachment"));
        const QByteArray section = whole ? QByteArray() : part->path;
        ImapCommand command("UID FETCH");
        command.raw(QByteArray::number(ref.value().uid))
            .raw("(BODY.PEEK[" + section + "])")
            .expect(attachmentBudget(whole, part));
        std::optional<QByteArray> data;
        auto r = session.executeOk(command, QObject::tr("Reading the attachment"),
                                   [&](const ImapResponse& response) {
                                       ImapFetchItem full;
                                       if (!readFetch(session, response, full) || full.uid != ref.value().uid)
                                           return;
                                       for (ImapSection& s : full.sections) {
                                           if (s.spec == section && !s.nil)
                                               data = std::move(s.data);
                                       }
                                   });
        if (!r)
            return r.error();
        if (!data)
            return unknownMessage();
        if (!whole)
            return mail::decodeTransferEncoding(*data, part->encoding);
        if (mail::nestedDeeperThan(*data))
            return mimeTooDeep();
        auto extracted = mail::extractPart(*data, attachmentId);
        if (!extracted)
            return ProviderError::notFound(QObject::tr("The message has no part %1.").arg(attachmentId),
                                           QStringLiteral("unknown_attachment"));
        return *extracted;
    });
}

Result<QList<Message>> ImapClient::search(const SearchQuery& query) {
    QStringList folderPaths;
    for (const QString& channelId : query.channelIds) {
        const auto folder = folderFromChannelId(channelId, m_settings.accountId);
        if (!folder)
            return ProviderError::notFound(QObject::tr("This folder does not belong to the account."),
                                           QStringLiteral("unknown_channel"));
        folderPaths.append(*folder);
    }
    if (folderPaths.isEmpty())
        folderPaths.append(QStringLiteral("INBOX"));
    const QString text = query.text.trimmed();
    if (text.isEmpty())
        return QList<Message>();
    const int limit = query.limit > 0 ? query.limit : 100;

    return run<QList<Message>>([&](ImapSession& session) -> Result<QList<Message>> {
        QList<Message> all;
        for (const QString& folder : folderPaths) {
            auto box = session.select(folder);
            if (!box)
                return box.error();
            const QByteArray term = text.toUtf8();
            ImapCommand command = uidSearchCommand(session);
            if (!isAsciiText(text))
                command.raw("CHARSET UTF-8");
            command.raw("OR SUBJECT").string(term).raw("OR FROM").string(term).raw("BODY").string(term);
            auto uids = searchUids(session, command, QObject::tr("Searching \"%1\"").arg(folder));
            if (!uids)
                return uids.error();
            const QList<quint32> top = uids.value().mid(std::max<qsizetype>(0, uids.value().size() - limit));
            auto messages =
                fetchEnvelopes(session, m_settings.accountId, folder, box.value().uidValidity, top);
            if (!messages)
                return messages.error();
            all += messages.value();
        }
        std::stable_sort(all.begin(), all.end(),
                         [](const Message& a, const Message& b) { return a.activityAt() > b.activityAt(); });
        if (all.size() > limit)
            all.resize(limit);
        return all;
    });
}

} // namespace tributary::imap
