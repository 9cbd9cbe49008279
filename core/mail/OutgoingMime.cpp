#include "mail/OutgoingMime.h"

#include "compose/HeaderSafety.h"
#include "mail/VmimeInit.h"

#include <QCryptographicHash>
#include <QObject>
#include <QRegularExpression>
#include <vmime/vmime.hpp>

namespace tributary::mail {

namespace {

std::string utf8(const QString& s) {
    return s.toStdString();
}

QByteArray toCrlf(const QString& text) {
    QByteArray bytes = text.toUtf8();
    bytes.replace("\r\n", "\n");
    bytes.replace('\r', '\n');
    bytes.replace("\n", "\r\n");
    return bytes;
}

vmime::text utf8Text(const QString& s) {
    return vmime::text(vmime::word(utf8(s), vmime::charsets::UTF_8));
}

vmime::shared_ptr<vmime::mailbox> toMailbox(const Participant& p) {
    if (p.displayName.isEmpty())
        return vmime::make_shared<vmime::mailbox>(vmime::emailAddress(utf8(p.address)));
    return vmime::make_shared<vmime::mailbox>(utf8Text(p.displayName), vmime::emailAddress(utf8(p.address)));
}

vmime::addressList toAddressList(const QList<Participant>& people) {
    vmime::addressList list;
    for (const Participant& p : people) {
        if (!p.address.isEmpty())
            list.appendAddress(toMailbox(p));
    }
    return list;
}

QByteArray generate(const vmime::shared_ptr<vmime::message>& message) {
    std::string out;
    vmime::utility::outputStreamStringAdapter stream(out);
    message->generate(stream);
    return QByteArray(out.data(), static_cast<qsizetype>(out.size()));
}

vmime::shared_ptr<vmime::messageId> toMessageId(const QString& id) {
    const qsizetype at = id.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return vmime::make_shared<vmime::messageId>(utf8(id), std::string());
    return vmime::make_shared<vmime::messageId>(utf8(id.left(at)), utf8(id.mid(at + 1)));
}

QString stripAngles(QString id) {
    id = id.trimmed();
    if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')))
        id = id.mid(1, id.size() - 2);
    return id;
}

} // namespace

QString messageIdFor(const QString& clientId, const QString& fromAddress) {
    const qsizetype at = fromAddress.lastIndexOf(QLatin1Char('@'));
    QString domain = at >= 0 ? fromAddress.mid(at + 1).trimmed() : QString();
    if (domain.isEmpty())
        domain = QStringLiteral("tributary.invalid");
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    QString local = clientId;
    if (!safe.match(clientId).hasMatch() || clientId.startsWith(QLatin1Char('.')) ||
        clientId.endsWith(QLatin1Char('.')) || clientId.contains(QStringLiteral(".."))) {
        local = QStringLiteral("t.") +
                QString::fromLatin1(
                    QCryptographicHash::hash(clientId.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
    }
    return local + QLatin1Char('@') + domain;
}

Result<OutgoingMime> buildOutgoing(const OutgoingMessage& written, const Participant& accountSender) {
    initVmime();
    const OutgoingMessage message = withUsableCopiedHeaders(written);
    if (message.clientId.trimmed().isEmpty()) {
        return ProviderError::invalid(
            QObject::tr("The message has no client id, so a retry could send it twice."),
            QStringLiteral("client_id_missing"));
    }
    Participant from = message.from;
    if (from.address.isEmpty())
        from.address = accountSender.address;
    if (from.displayName.isEmpty())
        from.displayName = accountSender.displayName;
    if (from.address.isEmpty()) {
        return ProviderError::invalid(QObject::tr("The account has no email address to send from."),
                                      QStringLiteral("no_sender"));
    }
    // Before vmime sees anything: a line break in a header is refused, never folded or encoded.
    OutgoingMessage checked = message;
    checked.from = from;
    if (auto problem = headerInjectionProblem(checked))
        return *problem;
    OutgoingMime out;
    out.sender = from.address;
    for (const QList<Participant>* list : {&message.to, &message.cc, &message.bcc}) {
        for (const Participant& p : *list) {
            if (!p.address.isEmpty())
                out.recipients.append(p.address);
        }
    }
    out.messageId = messageIdFor(message.clientId, from.address);

    try {
        vmime::messageBuilder builder;
        builder.setExpeditor(*toMailbox(from));
        vmime::addressList to = toAddressList(message.to);
        const vmime::addressList cc = toAddressList(message.cc);
        // vmime refuses to build without a To or Cc, but a Bcc-only message is fine (it gets the
        // usual empty group) and so is a draft saved before anyone was named (its To goes again).
        const bool nobodyVisible = to.isEmpty() && cc.isEmpty();
        if (nobodyVisible)
            to.appendAddress(vmime::make_shared<vmime::mailboxGroup>(vmime::text("undisclosed-recipients")));
        builder.setRecipients(to);
        builder.setCopyRecipients(cc);
        builder.setSubject(utf8Text(message.subject));
        const QByteArray text = toCrlf(message.text);
        if (!message.html.isEmpty()) {
            builder.constructTextPart(
                vmime::mediaType(vmime::mediaTypes::TEXT, vmime::mediaTypes::TEXT_HTML));
            auto part = vmime::dynamicCast<vmime::htmlTextPart>(builder.getTextPart());
            part->setCharset(vmime::charsets::UTF_8);
            part->setText(
                vmime::make_shared<vmime::stringContentHandler>(toCrlf(message.html).toStdString()));
            part->setPlainText(vmime::make_shared<vmime::stringContentHandler>(text.toStdString()));
        } else {
            auto part = vmime::dynamicCast<vmime::plainTextPart>(builder.getTextPart());
            part->setCharset(vmime::charsets::UTF_8);
            part->setText(vmime::make_shared<vmime::stringContentHandler>(text.toStdString()));
        }
        for (const OutgoingAttachment& a : message.attachments) {
            const QString type =
                a.mimeType.isEmpty() ? QStringLiteral("application/octet-stream") : a.mimeType;
            auto content = vmime::make_shared<vmime::stringContentHandler>(
                std::string(a.data.constData(), static_cast<size_t>(a.data.size())));
            builder.appendAttachment(vmime::make_shared<vmime::fileAttachment>(
                content, vmime::word(utf8(a.fileName), vmime::charsets::UTF_8),
                vmime::mediaType(utf8(type))));
        }
        auto mime = builder.construct();
        auto header = mime->getHeader();
        if (nobodyVisible && out.recipients.isEmpty())
            header->removeField(header->findField(vmime::fields::TO));
        header->Date()->setValue(vmime::datetime::now());
        header->MessageId()->setValue(*toMessageId(out.messageId));
        if (!message.inReplyToHeader.isEmpty()) {
            vmime::messageIdSequence inReplyTo;
            inReplyTo.appendMessageId(toMessageId(stripAngles(message.inReplyToHeader)));
            header->InReplyTo()->setValue(inReplyTo);
        }
        QStringList references;
        for (const QString& r : message.referencesHeader)
            references.append(stripAngles(r));
        if (!message.inReplyToHeader.isEmpty() && !references.contains(stripAngles(message.inReplyToHeader)))
            references.append(stripAngles(message.inReplyToHeader));
        if (!references.isEmpty()) {
            vmime::messageIdSequence sequence;
            for (const QString& r : references)
                sequence.appendMessageId(toMessageId(r));
            header->References()->setValue(sequence);
        }
        out.transmit = generate(mime);
        if (!message.bcc.isEmpty()) {
            header->Bcc()->setValue(toAddressList(message.bcc));
            out.copy = generate(mime);
        } else {
            out.copy = out.transmit;
        }
    } catch (const std::exception& e) {
        return ProviderError::invalid(
            QObject::tr("The message could not be composed: %1").arg(QString::fromUtf8(e.what())),
            QStringLiteral("compose_failed"));
    }
    return out;
}

Result<OutgoingMime> outgoingFromCopy(const QByteArray& copy, const QString& fallbackSender) {
    initVmime();
    OutgoingMime out;
    out.copy = copy;
    try {
        auto message = vmime::make_shared<vmime::message>();
        message->parse(copy.toStdString());
        const auto header = message->getHeader();
        if (header->hasField(vmime::fields::MESSAGE_ID))
            out.messageId =
                QString::fromStdString(header->MessageId()->getValue<vmime::messageId>()->getId());
        if (header->hasField(vmime::fields::FROM))
            out.sender =
                QString::fromStdString(header->From()->getValue<vmime::mailbox>()->getEmail().toString());
        if (out.sender.isEmpty())
            out.sender = fallbackSender;
        for (const char* name : {vmime::fields::TO, vmime::fields::CC, vmime::fields::BCC}) {
            if (!header->hasField(name))
                continue;
            const auto list = header->findField(name)->getValue<vmime::addressList>();
            if (!list)
                continue;
            const auto mailboxes = list->toMailboxList();
            for (size_t i = 0; i < mailboxes->getMailboxCount(); ++i) {
                const QString address =
                    QString::fromStdString(mailboxes->getMailboxAt(i)->getEmail().toString());
                if (!address.isEmpty() && !out.recipients.contains(address))
                    out.recipients.append(address);
            }
        }
        if (header->hasField(vmime::fields::BCC)) {
            header->removeField(header->findField(vmime::fields::BCC));
            out.transmit = generate(message);
        } else {
            out.transmit = copy;
        }
    } catch (const std::exception& e) {
        return ProviderError::invalid(
            QObject::tr("The saved message could not be read: %1").arg(QString::fromUtf8(e.what())),
            QStringLiteral("compose_failed"));
    }
    if (out.recipients.isEmpty())
        return ProviderError::invalid(QObject::tr("The saved message has no recipients."),
                                      QStringLiteral("no_recipients"));
    return out;
}

} // namespace tributary::mail
