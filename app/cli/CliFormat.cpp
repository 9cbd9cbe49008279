#include "cli/CliFormat.h"

#include "cli/TextTable.h"
#include "model/Json.h"

#include <QTextStream>

namespace tributary::cli {

namespace {
constexpr int kFromWidth = 32;
constexpr int kSubjectWidth = 64;

QString roleName(ChannelRole role) {
    return role == ChannelRole::None ? QString() : json::toString(role);
}

//! `text` with control characters shown as '?': an attachment name may carry terminal
//! escape sequences, which must show as text, not act on the user's terminal.
QString printable(const QString& text) {
    QString out = text;
    for (QChar& c : out) {
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7F && c.unicode() <= 0x9F))
            c = QLatin1Char('?');
    }
    return out;
}

//! Folder path with its parents, which is what --folder accepts.
QString channelPath(const Channel& c) {
    return c.nativeId.isEmpty() ? c.name : c.nativeId;
}
} // namespace

QString formatDate(const QDateTime& when) {
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QString formatFlags(const Message& m) {
    QStringList words;
    if (!m.isRead())
        words.append(QStringLiteral("unread"));
    if (m.flags.testFlag(MessageFlag::Flagged))
        words.append(QStringLiteral("flagged"));
    if (m.flags.testFlag(MessageFlag::Answered))
        words.append(QStringLiteral("answered"));
    if (m.flags.testFlag(MessageFlag::Forwarded))
        words.append(QStringLiteral("forwarded"));
    if (m.flags.testFlag(MessageFlag::Draft))
        words.append(QStringLiteral("draft"));
    if (m.hasAttachments || !m.attachments.isEmpty())
        words.append(QStringLiteral("attachment"));
    return words.join(QLatin1Char(' '));
}

QString formatCounts(int unread, int total) {
    auto count = [](int n) {
        return n < 0 ? QStringLiteral("-") : QString::number(n);
    };
    return count(unread) + QStringLiteral(" / ") + count(total);
}

void printChannels(QTextStream& out, const QList<Channel>& channels) {
    TextTable table({QStringLiteral("FOLDER"), QStringLiteral("ROLE"), QStringLiteral("UNREAD / TOTAL"),
                     QStringLiteral("SHARED")});
    table.alignRight(2);
    for (const Channel& c : channels) {
        QString name = channelPath(c);
        if (!c.selectable)
            name += QStringLiteral(" (container)");
        table.addRow({name, roleName(c.role), formatCounts(c.unreadCount, c.totalCount),
                      c.shared ? QStringLiteral("shared") : QString()});
    }
    table.print(out);
}

void printEnvelopes(QTextStream& out, const QList<Message>& messages) {
    TextTable table({QStringLiteral("DATE"), QStringLiteral("FROM"), QStringLiteral("SUBJECT"),
                     QStringLiteral("FLAGS"), QStringLiteral("ID")});
    for (const Message& m : messages) {
        table.addRow({formatDate(m.activityAt()), TextTable::elide(senderLabel(m.author), kFromWidth),
                      TextTable::elide(m.subject, kSubjectWidth), formatFlags(m), m.id});
    }
    table.print(out);
}

void printMessage(QTextStream& out, const Message& m) {
    auto header = [&](const char* name, const QString& value) {
        if (!value.isEmpty())
            out << QString::fromLatin1(name).leftJustified(9) << value << '\n';
    };
    header("Subject:", m.subject);
    header("From:", m.author.isEmpty() ? senderLabel(m.author) : formatAddress(m.author));
    header("To:", formatAddressList(m.to));
    header("Cc:", formatAddressList(m.cc));
    header("Date:", formatDate(m.sentAt.isValid() ? m.sentAt : m.activityAt()));
    header("Flags:", formatFlags(m));
    header("Id:", m.id);
    out << QStringLiteral("HTML:").leftJustified(9)
        << (m.html.isEmpty() ? QStringLiteral("none")
                             : QStringLiteral("%1 bytes").arg(m.html.toUtf8().size()))
        << '\n';
    if (!m.attachments.isEmpty()) {
        out << "Attachments:\n";
        TextTable table({QStringLiteral("  NAME"), QStringLiteral("BYTES"), QStringLiteral("TYPE")});
        table.alignRight(1);
        for (const Attachment& a : m.attachments) {
            table.addRow({QStringLiteral("  ") + printable(a.displayFileName()),
                          a.size < 0 ? QStringLiteral("?") : QString::number(a.size),
                          a.mimeType + (a.isInline ? QStringLiteral(" (inline)") : QString())});
        }
        table.print(out);
    }
    out << '\n';
    if (!m.text.isEmpty()) {
        out << m.text;
        if (!m.text.endsWith(QLatin1Char('\n')))
            out << '\n';
    } else if (!m.html.isEmpty()) {
        out << "(This message has only an HTML part; use --json to read it.)\n";
    }
}

QJsonObject messageDetailJson(const Message& m) {
    QJsonObject o = json::toJson(m);
    o.insert(QStringLiteral("htmlSize"), m.html.toUtf8().size());
    return o;
}

} // namespace tributary::cli
