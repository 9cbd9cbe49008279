#include "imap/ImapSession.h"

#include "imap/ImapDataParser.h"
#include "imap/VmimeGuards.h"
#include "util/Logging.h"

#include <QElapsedTimer>
#include <QObject>
#include <vmime/net/imap/IMAPConnection.hpp>
#include <vmime/net/imap/IMAPStore.hpp>

namespace tributary::imap {

namespace {
constexpr qsizetype kReadChunk = 256 * 1024;
constexpr qsizetype kLiteralMinusLimit = 4096;
//! What vmime may receive while it greets, reads capabilities and signs in (TLS handshake
//! included): a few kilobytes in practice.
constexpr qint64 kSignInReceiveLimit = 1024 * 1024;

//! Thrown inside the session's I/O helpers, caught at the command boundary.
struct SessionFailure {
    ProviderError error;
};

QString text(QByteArrayView bytes) {
    return QString::fromUtf8(bytes).trimmed();
}
} // namespace

struct ImapSession::Vmime {
    vmime::shared_ptr<vmime::net::session> session;
    vmime::shared_ptr<vmime::net::store> store;
    vmime::shared_ptr<PinningCertificateVerifier> verifier;
    vmime::shared_ptr<vmime::net::socket> socket;
    vmime::shared_ptr<BudgetedSocketFactory> sockets;
    QByteArray readBuffer;
};

QVariantMap SelectedMailbox::syncState() const {
    return {
        {QStringLiteral("uidValidity"), QVariant::fromValue<qulonglong>(uidValidity)},
        {QStringLiteral("uidNext"), QVariant::fromValue<qulonglong>(uidNext)},
        {QStringLiteral("highestModSeq"), QVariant::fromValue<qulonglong>(highestModSeq)},
        {QStringLiteral("exists"), QVariant::fromValue<qulonglong>(exists)},
    };
}

ProviderError errorFromTagged(const TaggedResult& result, const QString& what) {
    const QByteArray code = result.code.split(' ').value(0).toUpper();
    const QString detail = result.text.isEmpty() ? QString() : QStringLiteral(": ") + text(result.text);
    const QString message = QObject::tr("%1 failed%2").arg(what, detail);
    const QString errorCode =
        code.isEmpty() ? QStringLiteral("imap_no") : QString::fromLatin1(code).toLower();
    if (code == "NONEXISTENT" || code == "TRYCREATE")
        return ProviderError::notFound(message, errorCode);
    if (code == "AUTHENTICATIONFAILED" || code == "AUTHORIZATIONFAILED" || code == "EXPIRED")
        return ProviderError::auth(message, errorCode);
    if (code == "UNAVAILABLE" || code == "INUSE" || code == "LIMIT" || code == "SERVERBUG")
        return ProviderError::network(message, errorCode);
    if (result.status == ImapResponse::Status::Bad)
        return ProviderError::protocol(message, QStringLiteral("imap_bad"));
    return ProviderError::invalid(message, errorCode);
}

ImapSession::ImapSession(ImapSettings settings, AbortFlag abort, int readTimeoutMs)
    : m_settings(std::move(settings))
    , m_abort(std::move(abort))
    , m_readTimeoutMs(readTimeoutMs) {}

ImapSession::~ImapSession() {
    close();
}

bool ImapSession::isOpen() const {
    return m_vmime && m_vmime->socket;
}

void ImapSession::close() {
    if (!m_vmime)
        return;
    // Closing the socket first makes vmime skip its own LOGOUT exchange, which would
    // otherwise wait on a connection that may be half-read or dead.
    try {
        if (m_vmime->socket)
            m_vmime->socket->disconnect();
    } catch (const std::exception&) {
    }
    try {
        if (m_vmime->store && m_vmime->store->isConnected())
            m_vmime->store->disconnect();
    } catch (const std::exception&) {
    }
    m_vmime.reset();
    m_parser.reset();
    m_selected.reset();
    m_capabilities.clear();
}

void ImapSession::fail() {
    close();
}

Result<void> ImapSession::open(const QByteArray& secret) {
    close();
    auto verifier = makeVerifier(m_settings);
    if (!verifier)
        return verifier.error();
    auto v = std::make_unique<Vmime>();
    v->verifier = verifier.value();
    const ServerEndpoint& endpoint = m_settings.imap;
    qCInfo(lcImap) << "Connecting to" << endpoint.label() << "for account" << m_settings.accountId;
    try {
        v->session = vmime::net::session::create();
        const vmime::utility::url url(endpoint.security == Security::Tls ? "imaps" : "imap",
                                      endpoint.host.toStdString(), static_cast<vmime::port_t>(endpoint.port));
        v->store = v->session->getStore(url, makeAuthenticator(m_settings, secret));
        configureService(v->store, endpoint);
        v->sockets = guardService(v->store, kSignInReceiveLimit, true);
        v->store->setCertificateVerifier(v->verifier);
        v->store->setTimeoutHandlerFactory(
            vmime::make_shared<AbortableTimeoutHandlerFactory>(m_abort, m_readTimeoutMs));
        v->store->connect();
        auto imapStore = vmime::dynamicCast<vmime::net::imap::IMAPStore>(v->store);
        auto connection = imapStore ? imapStore->getConnection() : nullptr;
        if (!connection || !connection->getSocket())
            throw vmime::exceptions::not_connected();
        // vmime hands out the socket as const; we only send and receive on it, from
        // the same thread vmime used it on, after vmime has finished its exchange.
        v->socket = std::const_pointer_cast<vmime::net::socket>(connection->getSocket());
        m_delimiter = connection->hierarchySeparator();
        v->sockets->lift(); // from here on the framer's budgets apply
    } catch (const std::exception& e) {
        const ProviderError error =
            errorFromException(e, endpoint, v->verifier.get(), m_abort, m_settings.auth);
        qCInfo(lcImap) << "Connection to" << endpoint.label() << "failed:" << error.describe();
        try {
            if (v->store && v->store->isConnected())
                v->store->disconnect();
        } catch (const std::exception&) {
        }
        return error;
    }
    v->readBuffer.resize(kReadChunk);
    m_vmime = std::move(v);
    m_parser.reset();
    if (auto caps = readCapabilities(); !caps)
        return caps.error();
    qCInfo(lcImap) << "Signed in to" << endpoint.label();
    return Done{};
}

Result<void> ImapSession::readCapabilities() {
    QSet<QByteArray> caps;
    auto r = executeOk(ImapCommand("CAPABILITY"), QObject::tr("Reading the server's capabilities"),
                       [&caps](const ImapResponse& response) {
                           if (response.isKeyword("CAPABILITY"))
                               caps = parseCapabilities(response.payload);
                       });
    if (!r)
        return r.error();
    m_capabilities = caps;
    return Done{};
}

bool ImapSession::hasCapability(QByteArrayView capability) const {
    return m_capabilities.contains(capability.toByteArray().toUpper());
}

void ImapSession::send(const QByteArray& bytes) {
    m_vmime->socket->sendRaw(reinterpret_cast<const vmime::byte_t*>(bytes.constData()),
                             static_cast<size_t>(bytes.size()));
}

ImapResponse ImapSession::classify(QByteArrayView raw) const {
    const auto response = classifyResponse(raw);
    if (!response) {
        // The stream can no longer be trusted: the connection goes, and a new one is tried
        // later (Network), as after a broken connection.
        ProviderError error = ProviderError::network(
            QObject::tr("%1 sent a response that is not IMAP, so the connection was closed.")
                .arg(m_settings.imap.label()),
            QStringLiteral("bad_response"));
        error.retryable = true;
        throw SessionFailure{error};
    }
    return *response;
}

void ImapSession::throwIfOverflow() const {
    if (const auto& overflow = m_parser.overflow()) {
        qCWarning(lcImap) << "Oversized response from" << m_settings.imap.label() << "size" << overflow->size
                          << "limit" << overflow->limit << (overflow->literal ? "(literal)" : "(line)");
        throw SessionFailure{oversizedResponse(m_settings.imap, *overflow)};
    }
}

void ImapSession::refuse(ImapReader::Failure why) {
    if (!m_refused)
        m_refused = why == ImapReader::Failure::None ? ImapReader::Failure::Syntax : why;
}

void ImapSession::throwIfBye(const ImapResponse& response) const {
    if (response.type != ImapResponse::Type::Untagged || response.status != ImapResponse::Status::Bye)
        return;
    // The server is closing this connection (shutdown, idle timeout, kicked).
    throw SessionFailure{ProviderError::network(
        QObject::tr("%1 closed the connection: %2").arg(m_settings.imap.label(), text(response.text)),
        QStringLiteral("connection_lost"))};
}

ImapResponse ImapSession::readResponse() {
    for (;;) {
        if (const auto raw = m_parser.next())
            return classify(*raw);
        throwIfOverflow();
        receive(1000);
    }
}

void ImapSession::receive(int waitMs) {
    if (m_abort && m_abort->load())
        throw SessionFailure{ProviderError::cancelled()};
    vmime::net::socket& socket = *m_vmime->socket;
    const size_t n = socket.receiveRaw(reinterpret_cast<vmime::byte_t*>(m_vmime->readBuffer.data()),
                                       static_cast<size_t>(m_vmime->readBuffer.size()));
    if (n > 0) {
        m_parser.feed(QByteArrayView(m_vmime->readBuffer.constData(), static_cast<qsizetype>(n)));
        return;
    }
    // Nothing read. A TLS socket whose peer closed the session (close_notify)
    // returns 0 without asking to wait: that is the end of the connection.
    const unsigned int status = socket.getStatus();
    if ((status & vmime::net::socket::STATUS_WOULDBLOCK) == 0) {
        throw SessionFailure{
            ProviderError::network(QObject::tr("%1 closed the connection.").arg(m_settings.imap.label()),
                                   QStringLiteral("connection_lost"))};
    }
    // Wait on the socket; the timeout handler throws on idle timeout or abort.
    if (status & vmime::net::socket::STATUS_WANT_WRITE)
        socket.waitForWrite(waitMs);
    else
        socket.waitForRead(waitMs);
}

bool ImapSession::isMailboxChange(const ImapResponse& response) {
    if (response.type != ImapResponse::Type::Untagged)
        return false;
    if (response.hasNumber)
        return response.isKeyword("EXISTS") || response.isKeyword("EXPUNGE") || response.isKeyword("FETCH");
    return response.isKeyword("VANISHED");
}

Result<IdleEnd> ImapSession::idle(int maxWaitMs, const std::function<bool()>& stopRequested) {
    if (!isOpen()) {
        return ProviderError::network(QObject::tr("Not connected to %1.").arg(m_settings.imap.label()),
                                      QStringLiteral("not_connected"));
    }
    const QByteArray tag = "T" + QByteArray::number(m_nextTag++);
    qCDebug(lcImap) << "C:" << tag << "IDLE";
    m_parser.setBudget({});
    try {
        send(tag + " IDLE\r\n");
        IdleEnd end = IdleEnd::Refresh;
        bool idling = false;
        for (;;) { // until "+ idling"; a change announced before it still counts
            const ImapResponse response = readResponse();
            throwIfBye(response);
            if (response.type == ImapResponse::Type::Continuation) {
                idling = true;
                break;
            }
            if (response.type == ImapResponse::Type::Tagged && response.tag == QByteArrayView(tag)) {
                TaggedResult refused;
                refused.status = response.status;
                refused.code = response.code.toByteArray();
                refused.text = response.text.toByteArray();
                return errorFromTagged(refused, QObject::tr("Waiting for new mail"));
            }
            if (isMailboxChange(response))
                end = IdleEnd::Changed;
        }
        if (idling && end != IdleEnd::Changed) {
            QElapsedTimer waited;
            waited.start();
            // While idling, our own deadline decides, not vmime's read timeout.
            const auto timeouts = m_vmime->socket->getTimeoutHandler();
            for (;;) {
                if (const auto raw = m_parser.next()) {
                    const ImapResponse response = classify(*raw);
                    throwIfBye(response);
                    if (isMailboxChange(response)) {
                        end = IdleEnd::Changed;
                        break;
                    }
                    continue; // "* OK Still here"
                }
                throwIfOverflow();
                if (stopRequested && stopRequested()) {
                    end = IdleEnd::Stopped;
                    break;
                }
                if (waited.elapsed() >= maxWaitMs)
                    break;
                if (timeouts)
                    timeouts->resetTimeOut();
                receive(200);
            }
        }
        send("DONE\r\n");
        for (;;) {
            const ImapResponse response = readResponse();
            throwIfBye(response);
            if (response.type == ImapResponse::Type::Tagged && response.tag == QByteArrayView(tag))
                return end; // changes reported meanwhile are picked up by the resync that follows
            if (isMailboxChange(response))
                end = end == IdleEnd::Stopped ? end : IdleEnd::Changed;
        }
    } catch (const SessionFailure& failure) {
        fail();
        return failure.error;
    } catch (const std::exception& e) {
        const ProviderError error = lostConnection(e);
        qCInfo(lcImap) << "Connection to" << m_settings.imap.label()
                       << "lost while idling:" << error.describe();
        fail();
        return error;
    }
}

ProviderError ImapSession::lostConnection(const std::exception& e) {
    ProviderError error = errorFromException(e, m_settings.imap, nullptr, m_abort, m_settings.auth);
    // On an open session only the socket layer throws (our own parsing failures are
    // SessionFailure), so whatever vmime calls it, it is the connection that broke:
    // retryable, not a protocol error that would stop the account.
    if (error.kind == ErrorKind::Protocol) {
        error = ProviderError::network(QObject::tr("The connection to %1 was lost (%2).")
                                           .arg(m_settings.imap.label(), QString::fromUtf8(e.what())),
                                       QStringLiteral("connection_lost"));
    }
    return error;
}

Result<TaggedResult> ImapSession::execute(const ImapCommand& command, const UntaggedHandler& onUntagged,
                                          const QString& what) {
    if (!isOpen()) {
        return ProviderError::network(QObject::tr("Not connected to %1.").arg(m_settings.imap.label()),
                                      QStringLiteral("not_connected"));
    }
    const QByteArray tag = "T" + QByteArray::number(m_nextTag++);
    qCDebug(lcImap) << "C:" << tag << command.describe();
    const bool literalPlus = hasCapability("LITERAL+");
    const bool literalMinus = hasCapability("LITERAL-");
    m_parser.setBudget(command.budget());
    m_refused.reset();

    auto dispatch = [&](const ImapResponse& response) {
        if (response.type != ImapResponse::Type::Untagged)
            return;
        throwIfBye(response);
        if (m_selected && response.hasNumber && response.isKeyword("EXISTS"))
            m_selected->exists = response.number;
        if (onUntagged && !m_refused)
            onUntagged(response);
    };
    auto finish = [&](const ImapResponse& response) {
        TaggedResult result;
        result.status = response.status;
        result.code = response.code.toByteArray();
        result.text = response.text.toByteArray();
        return result;
    };

    try {
        QByteArray pending = tag + ' ';
        const auto& segments = command.segments();
        for (qsizetype i = 0; i < segments.size(); ++i) {
            const ImapCommand::Segment& segment = segments[i];
            pending += segment.text;
            if (!segment.hasLiteral)
                continue;
            const bool nonSync =
                literalPlus || (literalMinus && segment.literal.size() <= kLiteralMinusLimit);
            pending += '{' + QByteArray::number(segment.literal.size()) + (nonSync ? "+" : "") + "}\r\n";
            if (!nonSync) {
                send(pending);
                pending.clear();
                for (;;) {
                    const ImapResponse response = readResponse();
                    if (response.type == ImapResponse::Type::Continuation)
                        break;
                    if (response.type == ImapResponse::Type::Tagged && response.tag == QByteArrayView(tag))
                        return finish(response); // refused before the literal
                    dispatch(response);
                }
            }
            pending += segment.literal;
        }
        pending += "\r\n";
        send(pending);
        pending.clear();
        for (;;) {
            const ImapResponse response = readResponse();
            if (response.type == ImapResponse::Type::Tagged) {
                if (response.tag == QByteArrayView(tag)) {
                    const TaggedResult result = finish(response);
                    if (!result.ok())
                        qCDebug(lcImap) << "S:" << tag << result.code << result.text;
                    if (m_refused) {
                        qCWarning(lcImap) << "Refused a response from" << m_settings.imap.label() << "to"
                                          << command.describe();
                        return refusedResponse(m_settings.imap, *m_refused, what);
                    }
                    return result;
                }
                continue; // a stray completion of an earlier, abandoned command
            }
            if (response.type == ImapResponse::Type::Continuation)
                continue; // not expected here (no IDLE/AUTHENTICATE on this path)
            dispatch(response);
        }
    } catch (const SessionFailure& failure) {
        fail();
        return failure.error;
    } catch (const std::exception& e) {
        const ProviderError error = lostConnection(e);
        qCInfo(lcImap) << "Connection to" << m_settings.imap.label() << "lost:" << error.describe();
        fail();
        return error;
    }
}

Result<TaggedResult> ImapSession::executeOk(const ImapCommand& command, const QString& what,
                                            const UntaggedHandler& onUntagged) {
    auto r = execute(command, onUntagged, what);
    if (!r)
        return r;
    if (!r.value().ok())
        return errorFromTagged(r.value(), what);
    return r;
}

Result<SelectedMailbox> ImapSession::select(const QString& mailbox) {
    SelectedMailbox box;
    box.name = mailbox;
    ImapCommand command("SELECT");
    command.mailbox(mailbox);
    if (hasCapability("CONDSTORE"))
        command.raw("(CONDSTORE)");
    m_selected.reset();
    auto r = execute(command, [&box](const ImapResponse& response) {
        if (response.hasNumber && response.isKeyword("EXISTS")) {
            box.exists = response.number;
            return;
        }
        if (response.status != ImapResponse::Status::Ok || response.code.isEmpty())
            return;
        const QByteArrayView name = response.codeName();
        const auto value = toNumber(response.codeArgument());
        if (!value)
            return;
        if (equalsIgnoreCase(name, "UIDVALIDITY"))
            box.uidValidity = static_cast<quint32>(*value);
        else if (equalsIgnoreCase(name, "UIDNEXT"))
            box.uidNext = static_cast<quint32>(*value);
        else if (equalsIgnoreCase(name, "HIGHESTMODSEQ"))
            box.highestModSeq = *value;
    });
    if (!r)
        return r.error();
    if (!r.value().ok()) {
        ProviderError error =
            errorFromTagged(r.value(), QObject::tr("Opening the folder \"%1\"").arg(mailbox));
        if (error.kind == ErrorKind::Invalid)
            error.kind = ErrorKind::NotFound; // most servers say plain NO for a missing mailbox
        return error;
    }
    m_selected = box;
    return box;
}

Result<SelectedMailbox> ImapSession::ensureSelected(const QString& mailbox) {
    if (m_selected && m_selected->name == mailbox)
        return *m_selected;
    return select(mailbox);
}

} // namespace tributary::imap
