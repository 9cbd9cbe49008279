#pragma once

// Helpers shared by the SlackProvider*.cpp files. Internal to the Slack provider.

#include "model/Model.h"
#include "slack/SlackMapping.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace tributary::slack::detail {

inline QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString();
}

//! Slack wants &, < and > of user text escaped; everything else is sent as typed.
inline QString escapeForSlack(QString text) {
    text.replace(QLatin1Char('&'), QLatin1String("&amp;"));
    text.replace(QLatin1Char('<'), QLatin1String("&lt;"));
    text.replace(QLatin1Char('>'), QLatin1String("&gt;"));
    return text;
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
