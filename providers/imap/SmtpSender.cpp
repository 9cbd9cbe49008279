#include "imap/SmtpSender.h"

#include "compose/HeaderSafety.h"
#include "imap/VmimeGuards.h"
#include "util/Logging.h"

#include <QObject>

namespace tributary::imap {

namespace {
constexpr int kSmtpIdleTimeoutMs = 120'000;
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
} // namespace

namespace {

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
            vmime::make_shared<AbortableTimeoutHandlerFactory>(abort, kSmtpIdleTimeoutMs));
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

} // namespace

Result<void> sendOverSmtp(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort,
                          const OutgoingMime& mime) {
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
    Result<void> sent = withSmtp(settings, secret, abort, [&](vmime::net::transport& transport) {
        vmime::mailboxList recipients;
        for (const QString& r : mime.recipients)
            recipients.appendMailbox(
                vmime::make_shared<vmime::mailbox>(vmime::emailAddress(r.toStdString())));
        vmime::utility::inputStreamStringAdapter data(mime.transmit.toStdString());
        transport.send(vmime::mailbox(vmime::emailAddress(mime.sender.toStdString())), recipients, data,
                       static_cast<size_t>(mime.transmit.size()));
    });
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
