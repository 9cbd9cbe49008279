#include "slack/SlackEvents.h"

#include "model/Ids.h"

namespace tributary::slack {

namespace {

QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString();
}

bool isOneOf(const QString& s, std::initializer_list<const char*> values) {
    for (const char* v : values)
        if (s == QLatin1String(v))
            return true;
    return false;
}

} // namespace

SlackMappedEvents slackEventsFromPayload(const QJsonObject& payload, const SlackEventContext& context) {
    SlackMappedEvents out;
    if (str(payload, "type") != QLatin1String("event_callback"))
        return out;
    const QJsonObject e = payload.value(QStringLiteral("event")).toObject();
    const QString type = str(e, "type");
    const auto messageContext = [&context](const QString& channel) {
        SlackMessageContext mc;
        mc.accountId = context.accountId;
        mc.channel = channel;
        mc.lastRead = context.lastRead ? context.lastRead(channel) : QString();
        mc.directory = context.directory;
        return mc;
    };

    if (type == QLatin1String("message")) {
        const QString channel = str(e, "channel");
        const QString channelId = makeId(IdKind::Channel, context.accountId, channel);
        const QString subtype = str(e, "subtype");
        Event ev;
        ev.accountId = context.accountId;
        ev.channelId = channelId;
        if (subtype.isEmpty() || isOneOf(subtype, {"bot_message", "thread_broadcast", "file_share",
                                                   "me_message", "channel_join", "channel_leave"})) {
            const Message m = slackMessageFromJson(e, messageContext(channel));
            ev.kind = EventKind::Created;
            ev.messageIds = {m.id};
            ev.messages = {m};
            out.messages.append({m.id, e});
        } else if (subtype == QLatin1String("message_changed") ||
                   subtype == QLatin1String("message_replied")) {
            const QJsonObject changed = e.value(QStringLiteral("message")).toObject();
            const Message m = slackMessageFromJson(changed, messageContext(channel));
            ev.kind = EventKind::Updated;
            ev.messageIds = {m.id};
            ev.messages = {m};
            out.messages.append({m.id, changed});
        } else if (subtype == QLatin1String("message_deleted")) {
            ev.kind = EventKind::Deleted;
            ev.messageIds = {makeId(IdKind::Message, context.accountId,
                                    slackMessageNativeId(channel, str(e, "deleted_ts")))};
        } else {
            ev.kind = EventKind::ChannelChanged;
        }
        out.events.append(ev);
        return out;
    }
    if (type == QLatin1String("reaction_added") || type == QLatin1String("reaction_removed")) {
        const QJsonObject item = e.value(QStringLiteral("item")).toObject();
        if (str(item, "type") != QLatin1String("message"))
            return out;
        const QString channel = str(item, "channel");
        Event ev;
        ev.kind = EventKind::Reaction;
        ev.accountId = context.accountId;
        ev.channelId = makeId(IdKind::Channel, context.accountId, channel);
        ev.messageIds = {
            makeId(IdKind::Message, context.accountId, slackMessageNativeId(channel, str(item, "ts")))};
        ev.payload = {{QStringLiteral("emoji"), str(e, "reaction")},
                      {QStringLiteral("user"), str(e, "user")},
                      {QStringLiteral("added"), type == QLatin1String("reaction_added")}};
        out.events.append(ev);
        return out;
    }
    if (isOneOf(type, {"channel_created", "channel_rename", "channel_archive", "channel_unarchive",
                       "channel_deleted", "group_rename", "group_archive", "group_unarchive", "group_deleted",
                       "im_created", "member_joined_channel", "member_left_channel", "channel_left",
                       "group_left"})) {
        Event ev;
        ev.kind = EventKind::ChannelsChanged;
        ev.accountId = context.accountId;
        const QString channel =
            e.value(QStringLiteral("channel")).isObject()
                ? e.value(QStringLiteral("channel")).toObject().value(QStringLiteral("id")).toString()
                : str(e, "channel");
        if (!channel.isEmpty())
            ev.channelId = makeId(IdKind::Channel, context.accountId, channel);
        out.events.append(ev);
    }
    return out;
}

} // namespace tributary::slack
