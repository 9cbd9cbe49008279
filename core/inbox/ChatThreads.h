#pragma once

#include "model/Model.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace tributary {

//! Chat threads inside a chat conversation (issue 13 §4). A channel, DM or group chat is one
//! conversation; a chat thread (Slack thread_ts) is a sub-conversation of it: the messages
//! sharing one Message::nativeThreadKey. Its parent is the oldest of them that the channel
//! shows (not MessageFlag::ThreadReply); the others are its replies, including those also
//! sent to the channel, which the channel's transcript shows as well.
namespace chatthreads {

//! The replies of one parent message, as its "12 replies" line shows them.
struct Summary {
    int replies = 0;
    QDateTime lastReply; //!< activity time of the newest reply
};

//! What the channel's transcript shows: every message but the thread-only replies, in the
//! given order (oldest first where the conversation is).
QList<Message> transcript(const QList<Message>& conversation);

//! Parent message id -> its thread's replies, for parents with at least one reply.
QHash<QString, Summary> summaries(const QList<Message>& conversation);

//! The chat thread `threadKey` (nativeThreadKey): parent first, then its replies oldest first.
//! Empty when no message has the key.
QList<Message> thread(const QList<Message>& conversation, const QString& threadKey);

} // namespace chatthreads

} // namespace tributary
