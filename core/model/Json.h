#pragma once

#include "model/Model.h"
#include "provider/Provider.h"

#include <QJsonObject>

// JSON round-trip of the model, for tests, fixtures and tributary-cli --json.
// Dates are ISO 8601 with milliseconds in UTC; flags are lists of names.

namespace tributary::json {

QJsonObject toJson(const Account& v);
QJsonObject toJson(const Channel& v);
QJsonObject toJson(const Participant& v);
QJsonObject toJson(const Attachment& v);
QJsonObject toJson(const Message& v);
QJsonObject toJson(const Thread& v);
QJsonObject toJson(const Event& v);

Account accountFromJson(const QJsonObject& o);
Channel channelFromJson(const QJsonObject& o);
Participant participantFromJson(const QJsonObject& o);
Attachment attachmentFromJson(const QJsonObject& o);
Message messageFromJson(const QJsonObject& o);
Thread threadFromJson(const QJsonObject& o);
Event eventFromJson(const QJsonObject& o);

QString toString(ChannelRole role);
ChannelRole channelRoleFromString(const QString& s);
QString toString(ChannelKind kind);
ChannelKind channelKindFromString(const QString& s);
QStringList flagNames(MessageFlags flags);
MessageFlags flagsFromNames(const QStringList& names);

} // namespace tributary::json
