#pragma once

#include "model/Model.h"
#include "slack/SlackMapping.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <functional>

namespace tributary::slack {

//! What mapping an Events API payload needs.
struct SlackEventContext {
    QString accountId;
    const SlackDirectory* directory = nullptr;
    //! The channel's last_read ts as far as we know it (empty: unknown).
    std::function<QString(const QString& channel)> lastRead;
};

//! Events of one payload, and the raw messages they carry (for the provider's body cache).
struct SlackMappedEvents {
    QList<Event> events;
    QList<QPair<QString, QJsonObject>> messages; //!< global message id -> Slack message object
};

//! Maps an events_api payload (type "event_callback", from Socket Mode): a new message
//! (plain, bot_message, thread_broadcast, file_share, me_message) -> Created with its
//! envelope; message_changed / message_replied -> Updated with the new envelope;
//! message_deleted -> Deleted; reaction_added/removed -> Reaction (payload emoji, user,
//! added); channel and membership changes -> ChannelsChanged; any other message subtype ->
//! ChannelChanged (the receiver asks syncChanges). Unknown event types map to nothing.
SlackMappedEvents slackEventsFromPayload(const QJsonObject& payload, const SlackEventContext& context);

} // namespace tributary::slack
