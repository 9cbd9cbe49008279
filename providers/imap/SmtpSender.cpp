#include "imap/SmtpSender.h"

#include "compose/HeaderSafety.h"
#include "imap/VmimeGuards.h"
#include "util/KillPoint.h"
#include "util/Logging.h"

#include <QObject>
#include <algorithm>
#include <optional>
#include <vmime/net/smtp/SMTPCommand.hpp>
#include <vmime/net/smtp/SMTPConnection.hpp>
#include <vmime/net/smtp/SMTPResponse.hpp>
#include <vmime/net/smtp/SMTPTransport.hpp>
#include <vmime/utility/filteredStream.hpp>
#include <vmime/utility/inputStreamStringAdapter.hpp>
#include <vmime/utility/outputStreamSocketAdapter.hpp>
#include <vmime/utility/streamUtils.hpp>

namespace tributary::imap {

namespace {
constexpr qint64 kSmtpReceiveLimit = 1024 * 1024;

ProviderError refused(const vmime::exceptions::command_error& e, const ServerEndpoint& where) {
    const QString response = QString::fromStdString(e.response()).trimmed();
    const QString message = QObject::tr("%1 refused the message: %2").arg(where.label(), response);
    // 4xx replies are temporary (greylisting, queue full); 5xx are final.
    if (response.startsWith(QLatin1Char('4')))
        return ProviderError::network(message, QStringLiteral("smtp_temporary"));
    if (response.startsWith(QStringLiteral("535")) || response.startsWith(QStringLiteral("534")))
        return ProviderError::auth(message, QStringLiteral("auth_failed"));
    return ProviderError::invalid(message, QStringLiteral("smtp_refused"));
}

//! Runs `use` on a connected, signed-in transport and then leaves; every failure becomes
//! a ProviderError about `settings.smtp`.
template <typename Use>
Result<void> withSmtp(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort,
                      Use use) {
    auto verifier = makeVerifier(settings);
    if (!verifier)
        return verifier.error();
    const ServerEndpoint& endpoint = settings.smtp;
    vmime::shared_ptr<vmime::net::transport> transport;
    try {
        auto session = vmime::net::session::create();
        const vmime::utility::url url(endpoint.security == Security::Tls ? "smtps" : "smtp",
                                      endpoint.host.toStdString(), static_cast<vmime::port_t>(endpoint.port));
        transport = session->getTransport(url, makeAuthenticator(settings, secret));
        configureService(transport, endpoint);
        // Replies to a whole submission are a few kilobytes; a server that talks without end
        // is cut off instead of filling vmime's line buffer.
        guardService(transport, kSmtpReceiveLimit, false);
        transport->setCertificateVerifier(verifier.value());
        transport->setTimeoutHandlerFactory(
            vmime::make_shared<AbortableTimeoutHandlerFactory>(abort, settings.smtpTimeoutMs()));
        transport->connect(); // EHLO, STARTTLS, AUTH
        use(*transport);
        try {
            transport->disconnect();
        } catch (const std::exception&) {
            // A message is accepted once DATA is acknowledged; QUIT failing changes nothing.
        }
    } catch (const vmime::exceptions::command_error& e) {
        const ProviderError error = refused(e, endpoint);
        qCInfo(lcSmtp) << "SMTP refused:" << error.describe();
        return error;
    } catch (const std::exception& e) {
        const ProviderError error =
            errorFromException(e, endpoint, verifier.value().get(), abort, settings.auth);
        qCInfo(lcSmtp) << "SMTP failed:" << error.describe();
        try {
            if (transport && transport->isConnected())
                transport->disconnect();
        } catch (const std::exception&) {
        }
        return error;
    }
    return Done{};
}

constexpr int kDataTerminationTimeoutMs = 10 * 60 * 1000;

//! Where a mail transaction stopped, for what a failure means.
enum class Stage {
    Connecting, //!< connecting, securing, signing in
    Envelope,   //!< MAIL, RCPT, DATA or the message bytes: nothing can be delivered
    Committed,  //!< the end-of-data mark went out: the server may have taken the message
    Answered,   //!< the server answered the mark: its reply says what happened
};

//! Thrown to leave the transaction when beforeCommit() refused; the reason is kept apart.
struct Abandoned : std::runtime_error {
    Abandoned()
        : std::runtime_error("submission abandoned before the end of data") {}
};

bool needsUtf8(const vmime::mailbox& mailbox) {
    const vmime::emailAddress& address = mailbox.getEmail();
    return !vmime::utility::stringUtils::is7bit(address.getLocalName().getBuffer()) ||
           !vmime::utility::stringUtils::is7bit(address.getDomainName().getBuffer());
}

void expect(vmime::net::smtp::SMTPConnection& connection, const char* command,
            std::initializer_list<int> codes) {
    const vmime::shared_ptr<vmime::net::smtp::SMTPResponse> response = connection.readResponse();
    for (int code : codes) {
        if (response->getCode() == code)
            return;
    }
    throw vmime::exceptions::command_error(command, response->getText());
}

//! MAIL, RCPT, DATA (pipelined where the server offers it), the message dot-stuffed, the
//! hook, the end-of-data mark and its reply. vmime's own send() does the same in one call,
//! which hides whether the mark went out; we need to know (see sendOverSmtp).
void submit(vmime::net::transport& transport, const mail::OutgoingMime& mime, const SmtpSubmitHooks& hooks,
            Stage& stage, std::optional<ProviderError>& abandoned) {
    namespace smtp = vmime::net::smtp;
    auto* smtpTransport = dynamic_cast<smtp::SMTPTransport*>(&transport);
    if (!smtpTransport || !smtpTransport->getConnection())
        throw vmime::exceptions::not_connected();
    const vmime::shared_ptr<smtp::SMTPConnection> connection = smtpTransport->getConnection();
    const vmime::shared_ptr<vmime::net::socket> socket = connection->getSocket();
    stage = Stage::Envelope;

    const vmime::mailbox sender{vmime::emailAddress(mime.sender.toStdString())};
    std::vector<vmime::mailbox> recipients;
    bool utf8 = needsUtf8(sender);
    for (const QString& r : mime.recipients) {
        recipients.emplace_back(vmime::emailAddress(r.toStdString()));
        utf8 = utf8 || needsUtf8(recipients.back());
    }
    // SMTPUTF8 only when an address needs it: some delivery agents refuse it otherwise.
    utf8 = utf8 && connection->hasExtension("SMTPUTF8");
    const std::string data = mime.transmit.toStdString();
    std::vector<vmime::shared_ptr<smtp::SMTPCommand>> commands;
    commands.push_back(connection->hasExtension("SIZE") ? smtp::SMTPCommand::MAIL(sender, utf8, data.size())
                                                        : smtp::SMTPCommand::MAIL(sender, utf8));
    for (const vmime::mailbox& r : recipients)
        commands.push_back(smtp::SMTPCommand::RCPT(r, utf8));
    commands.push_back(smtp::SMTPCommand::DATA());

    const bool pipelining = connection->hasExtension("PIPELINING");
    auto replyTo = [&](std::size_t i) {
        const bool last = i + 1 == commands.size();
        if (i == 0)
            expect(*connection, "MAIL", {250});
        else if (!last)
            expect(*connection, "RCPT", {250, 251});
        else
            expect(*connection, "DATA", {354});
    };
    if (pipelining) {
        for (const auto& command : commands)
            connection->sendRequest(command);
        for (std::size_t i = 0; i < commands.size(); ++i)
            replyTo(i);
    } else {
        for (std::size_t i = 0; i < commands.size(); ++i) {
            connection->sendRequest(commands[i]);
            replyTo(i);
        }
    }

    vmime::utility::outputStreamSocketAdapter raw(*socket);
    vmime::utility::dotFilteredOutputStream stuffed(raw);
    vmime::utility::inputStreamStringAdapter in(data);
    vmime::utility::bufferedStreamCopy(in, stuffed, data.size(), nullptr);
    stuffed.flush();

    if (hooks.beforeCommit) {
        if (Result<void> ready = hooks.beforeCommit(); !ready) {
            // Without the mark the server discards what it got when the connection drops.
            abandoned = ready.error();
            socket->disconnect();
            throw Abandoned();
        }
    }
    stage = Stage::Committed;
    socket->send(data.size() >= 2 && data.compare(data.size() - 2, 2, "\r\n") == 0 ? ".\r\n" : "\r\n.\r\n");
    killPoint("send:after-data");
    // The end of a big message may still be crossing a slow line (our writes only filled the
    // socket's buffers), and giving up on the reply makes the send uncertain: wait as long as
    // RFC 5321 asks of a client for the reply to the end of data (4.5.3.2.6: 10 minutes).
    if (auto* timeouts = dynamic_cast<AbortableTimeoutHandler*>(connection->getTimeoutHandler().get()))
        timeouts->setIdleTimeout(std::max(timeouts->idleTimeout(), kDataTerminationTimeoutMs));
    const vmime::shared_ptr<smtp::SMTPResponse> response = connection->readResponse();
    stage = Stage::Answered;
    if (response->getCode() != 250)
        throw vmime::exceptions::command_error("DATA", response->getText());
}

} // namespace

ProviderError uncertainSendError(const ServerEndpoint& where) {
    ProviderError error = ProviderError::network(
        QObject::tr(
            "%1 took the message but its answer never came, so it may have been delivered. Check your "
            "Sent folder or ask the recipient before sending it again.")
            .arg(where.label()),
        SendErrorCode::Uncertain);
    error.retryable = false;
    return error;
}

Result<void> sendOverSmtp(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort,
                          const mail::OutgoingMime& mime, const SmtpSubmitHooks& hooks) {
    if (mime.recipients.isEmpty()) {
        return ProviderError::invalid(QObject::tr("The message has no recipients."),
                                      QStringLiteral("no_recipients"));
    }
    // The envelope goes into MAIL FROM / RCPT TO command lines: checked again here, before
    // connecting, whoever built `mime`.
    for (const QString& address : QStringList{mime.sender} + mime.recipients) {
        if (auto problem = envelopeAddressProblem(address))
            return *problem;
    }
    Stage stage = Stage::Connecting;
    std::optional<ProviderError> abandoned;
    Result<void> sent = withSmtp(settings, secret, abort, [&](vmime::net::transport& transport) {
        submit(transport, mime, hooks, stage, abandoned);
    });
    if (abandoned)
        return *abandoned;
    if (!sent && stage == Stage::Committed) {
        // Not even a cancel makes this safe to repeat: the mark is out.
        qCWarning(lcSmtp) << "No answer after the end of the message:" << sent.error().describe();
        return uncertainSendError(settings.smtp);
    }
    if (!sent && stage == Stage::Envelope && sent.error().kind == ErrorKind::Protocol &&
        sent.error().code == QLatin1String("vmime_error")) {
        // On a signed-in connection only the socket layer throws what vmime cannot name
        // (its TLS layer rethrows a reset as a bare vmime::exception): the connection broke
        // before the end of the message, so nothing was delivered and trying again is safe.
        QString reason = sent.error().message;
        const QString generic = QObject::tr("Unexpected error talking to %1: ").arg(settings.smtp.label());
        if (reason.startsWith(generic))
            reason = reason.mid(generic.size());
        return ProviderError::network(
            QObject::tr("The connection to %1 broke before the message was through (%2).")
                .arg(settings.smtp.label(), reason),
            QStringLiteral("connection_lost"));
    }
    if (sent)
        qCInfo(lcSmtp) << "Submitted message to" << mime.recipients.size() << "recipient(s) via"
                       << settings.smtp.label();
    return sent;
}

Result<void> checkSmtpSignIn(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort) {
    Result<void> checked = withSmtp(settings, secret, abort, [](vmime::net::transport&) {});
    if (checked)
        qCInfo(lcSmtp) << "Signed in to" << settings.smtp.label();
    return checked;
}

} // namespace tributary::imap
