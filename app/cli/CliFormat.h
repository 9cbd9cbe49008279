#pragma once

#include "model/Addresses.h"
#include "model/Model.h"

#include <QJsonObject>

class QTextStream;

namespace tributary::cli {

// Human output of tributary-cli. JSON output uses core/model/Json.h directly; these
// helpers only shape what a person reads in a terminal.

//! Local time, "2024-05-01 14:03": sortable and unambiguous.
QString formatDate(const QDateTime& when);
// People: formatAddress() / formatAddressList() of model/Addresses.h.
//! Words a person can scan: "unread flagged answered attachment".
QString formatFlags(const Message& m);
//! "3 / 120", "- / 120" when a count is unknown.
QString formatCounts(int unread, int total);

void printChannels(QTextStream& out, const QList<Channel>& channels);
void printEnvelopes(QTextStream& out, const QList<Message>& messages);
void printMessage(QTextStream& out, const Message& m);

//! The JSON of a message for `show --json`: the model's JSON plus the HTML size in bytes.
QJsonObject messageDetailJson(const Message& m);

} // namespace tributary::cli
