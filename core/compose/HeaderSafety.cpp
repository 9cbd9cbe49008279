#include "compose/HeaderSafety.h"

#include <QCoreApplication>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::HeaderSafety", text);
}

ProviderError refused(const QString& field) {
    return ProviderError::invalid(
        tr("The %1 contains a line break or a control character, which could add lines to the "
           "message's headers. Nothing was sent; remove it and send again.")
            .arg(field),
        QStringLiteral("header_line_break"));
}

bool isControl(QChar c) {
    return (c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7F;
}

} // namespace

bool breaksHeaderLine(const QString& value) {
    return std::any_of(value.cbegin(), value.cend(), isControl);
}

QString singleLine(const QString& value) {
    QString out = value;
    for (QChar& c : out) {
        if (isControl(c))
            c = QLatin1Char(' ');
    }
    return out;
}

OutgoingMessage withUsableCopiedHeaders(OutgoingMessage message) {
    auto usable = [](const QString& id) {
        return !breaksHeaderLine(id) && !id.trimmed().contains(QLatin1Char(' '));
    };
    if (!usable(message.inReplyToHeader))
        message.inReplyToHeader.clear();
    message.referencesHeader.removeIf([&](const QString& id) { return !usable(id); });
    for (OutgoingAttachment& a : message.attachments)
        a.fileName = singleLine(a.fileName);
    return message;
}

std::optional<ProviderError> envelopeAddressProblem(const QString& address) {
    const bool bad = std::any_of(address.cbegin(), address.cend(), [](QChar c) {
        return isControl(c) || c.isSpace() || c == QLatin1Char('<') || c == QLatin1Char('>');
    });
    if (!bad)
        return std::nullopt;
    return ProviderError::invalid(
        tr("The address \"%1\" contains a space, a line break or an angle bracket. Nothing was sent; "
           "correct the address and send again.")
            .arg(QString(address)
                     .replace(QLatin1Char('\r'), QStringLiteral("\\r"))
                     .replace(QLatin1Char('\n'), QStringLiteral("\\n"))
                     .left(200)),
        QStringLiteral("header_line_break"));
}

std::optional<ProviderError> headerInjectionProblem(const OutgoingMessage& message) {
    if (breaksHeaderLine(message.subject))
        return refused(tr("subject"));
    const struct {
        const QList<Participant>* people;
        const char* field;
    } lists[] = {
        {&message.to, QT_TR_NOOP("To")}, {&message.cc, QT_TR_NOOP("Cc")}, {&message.bcc, QT_TR_NOOP("Bcc")}};
    auto person = [](const Participant& p, const QString& field) -> std::optional<ProviderError> {
        if (breaksHeaderLine(p.displayName))
            return refused(tr("name of %1 (%2)").arg(field, p.address.left(200)));
        return envelopeAddressProblem(p.address);
    };
    if (auto problem = person(message.from, tr("From")))
        return problem;
    for (const auto& list : lists) {
        for (const Participant& p : *list.people) {
            if (auto problem = person(p, tr(list.field)))
                return problem;
        }
    }
    if (breaksHeaderLine(message.inReplyToHeader))
        return refused(tr("In-Reply-To header of the message replied to"));
    for (const QString& id : message.referencesHeader) {
        if (breaksHeaderLine(id))
            return refused(tr("References header of the message replied to"));
    }
    for (const OutgoingAttachment& a : message.attachments) {
        if (breaksHeaderLine(a.mimeType))
            return refused(tr("type of the attachment \"%1\"").arg(a.fileName.left(200)));
    }
    return std::nullopt;
}

} // namespace tributary
