#include "compose/ChatDraft.h"

#include <algorithm>

namespace tributary {

QString ChatDraft::outgoingText() const {
    QString out = text;
    // Longer names first, so "@Al Adams" inside "@Al Adamson" is not replaced by a shorter one.
    QList<ChatMention> ordered = mentions;
    std::sort(ordered.begin(), ordered.end(),
              [](const ChatMention& a, const ChatMention& b) { return a.shown.size() > b.shown.size(); });
    for (const ChatMention& m : std::as_const(ordered)) {
        if (!m.markup.isEmpty() && !m.shown.isEmpty())
            out.replace(m.shown, m.markup);
    }
    // Blank lines around the message are never meant; lines inside it are.
    while (!out.isEmpty() && out.front().isSpace())
        out.remove(0, 1);
    while (!out.isEmpty() && out.back().isSpace())
        out.chop(1);
    return out;
}

OutgoingMessage ChatDraft::message(const ChatTarget& target) const {
    OutgoingMessage m;
    m.kind = target.isThread() ? SendKind::ThreadReply : SendKind::New;
    m.channelId = target.channelId;
    m.inReplyToId = target.threadParentId;
    m.text = outgoingText();
    return m;
}

ChatCompletionQuery chatCompletionAt(const QString& text, int cursor) {
    ChatCompletionQuery none;
    if (cursor < 0 || cursor > text.size())
        return none;
    int i = cursor - 1;
    while (i >= 0) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('@') || c == QLatin1Char(':'))
            break;
        // Names have spaces only once picked; a query is one word (letters, digits, . _ - +).
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('_') &&
            c != QLatin1Char('-') && c != QLatin1Char('+'))
            return none;
        --i;
    }
    if (i < 0)
        return none;
    const bool wordStart = i == 0 || text.at(i - 1).isSpace() || text.at(i - 1) == QLatin1Char('(');
    if (!wordStart)
        return none; // an address ("bob@example.org") or a time ("12:30")
    ChatCompletionQuery q;
    q.start = i;
    q.prefix = text.mid(i + 1, cursor - i - 1);
    if (text.at(i) == QLatin1Char('@')) {
        q.kind = ChatCompletionQuery::Kind::Person;
        return q;
    }
    if (q.prefix.size() < 2)
        return none; // ":" and ":)" are punctuation and smileys, not a search
    q.kind = ChatCompletionQuery::Kind::Emoji;
    return q;
}

QList<Participant> peopleMatching(const QList<Participant>& people, const QString& prefix, int limit) {
    QList<Participant> out;
    for (const Participant& p : people) {
        if (out.size() >= limit)
            break;
        const QString name = p.label();
        bool match = prefix.isEmpty();
        for (const QString& word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (match)
                break;
            match = word.startsWith(prefix, Qt::CaseInsensitive);
        }
        if (match || name.startsWith(prefix, Qt::CaseInsensitive))
            out.append(p);
    }
    return out;
}

} // namespace tributary
