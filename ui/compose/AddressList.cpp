#include "compose/AddressList.h"

#include <QRegularExpression>

namespace tributary::ui {

namespace {

bool isSeparator(QChar c) {
    return c == QLatin1Char(',') || c == QLatin1Char(';');
}

//! Positions of the separators that split addresses (not those inside "..." or <...>).
QList<int> separators(const QString& text) {
    QList<int> out;
    bool quoted = false;
    bool angle = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && quoted) {
            ++i; // an escaped character inside a quoted name
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (!quoted && c == QLatin1Char('<')) {
            angle = true;
        } else if (!quoted && c == QLatin1Char('>')) {
            angle = false;
        } else if (!quoted && !angle && isSeparator(c)) {
            out.append(i);
        }
    }
    return out;
}

QString unquote(QString name) {
    name = name.trimmed();
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"'))) {
        name = name.mid(1, name.size() - 2);
        name.replace(QStringLiteral("\\\""), QStringLiteral("\""));
        name.replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
    }
    return name.trimmed();
}

//! One address: "Name <addr>", "<addr>" or "addr". Empty address when unreadable.
Participant parseOne(const QString& token) {
    Participant p;
    const int open = token.lastIndexOf(QLatin1Char('<'));
    const int close = token.lastIndexOf(QLatin1Char('>'));
    if (open >= 0 && close > open && token.mid(close + 1).trimmed().isEmpty()) {
        p.address = token.mid(open + 1, close - open - 1).trimmed();
        p.displayName = unquote(token.left(open));
    } else if (open < 0 && close < 0) {
        p.address = token.trimmed();
    }
    if (!isEmailAddress(p.address))
        p.address.clear();
    return p;
}

} // namespace

bool isEmailAddress(const QString& address) {
    static const QRegularExpression re(
        QStringLiteral("^[^\\s@<>(),;:\"\\[\\]\\\\]+@[^\\s@<>(),;:\"\\[\\]\\\\]+$"));
    return re.match(address).hasMatch() && !address.endsWith(QLatin1Char('.'));
}

ParsedAddresses parseAddressList(const QString& text) {
    ParsedAddresses out;
    int start = 0;
    QList<int> cuts = separators(text);
    cuts.append(int(text.size()));
    for (int cut : cuts) {
        const QString token = text.mid(start, cut - start).trimmed();
        start = cut + 1;
        if (token.isEmpty())
            continue;
        const Participant p = parseOne(token);
        if (p.address.isEmpty())
            out.invalid.append(token);
        else
            out.people.append(p);
    }
    return out;
}

std::pair<int, int> addressSpanAt(const QString& text, int cursor) {
    int start = 0;
    int end = int(text.size());
    for (int cut : separators(text)) {
        if (cut < cursor)
            start = cut + 1;
        else {
            end = cut;
            break;
        }
    }
    while (start < end && text.at(start).isSpace())
        ++start;
    while (end > start && text.at(end - 1).isSpace())
        --end;
    return {start, end};
}

} // namespace tributary::ui
