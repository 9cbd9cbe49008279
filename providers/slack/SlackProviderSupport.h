#pragma once

// Helpers shared by the SlackProvider*.cpp files. Internal to the Slack provider.

#include "model/Model.h"
#include "slack/SlackMapping.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace tributary::slack::detail {

inline QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString();
}

//! Slack wants &, < and > of user text escaped; everything else is sent as typed. A user
//! mention ("<@U123>", what mentionMarkup() gives the chat box) is Slack's own syntax and
//! stays as it is.
inline QString escapeForSlack(const QString& text) {
    static const QRegularExpression mention(QStringLiteral("<@[UW][A-Z0-9]+>"));
    const auto escape = [](QString part) {
        part.replace(QLatin1Char('&'), QLatin1String("&amp;"));
        part.replace(QLatin1Char('<'), QLatin1String("&lt;"));
        part.replace(QLatin1Char('>'), QLatin1String("&gt;"));
        return part;
    };
    QString out;
    qsizetype from = 0;
    for (QRegularExpressionMatchIterator it = mention.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += escape(text.mid(from, m.capturedStart() - from)) + m.captured();
        from = m.capturedEnd();
    }
    return out + escape(text.mid(from));
}

//! Orders mapped messages by their Slack ts, newest first.
inline bool newestFirst(const Message& a, const Message& b) {
    return compareSlackTs(a.extras.value(QStringLiteral("ts")).toString(),
                          b.extras.value(QStringLiteral("ts")).toString()) > 0;
}

inline QList<QJsonObject> objects(const QJsonArray& array) {
    QList<QJsonObject> out;
    out.reserve(array.size());
    for (const QJsonValue& v : array)
        out.append(v.toObject());
    return out;
}

} // namespace tributary::slack::detail
