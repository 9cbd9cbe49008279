#pragma once

#include "provider/Provider.h"

#include <QList>
#include <QString>

namespace tributary {

//! Where a chat message box posts: a channel, DM or group, or a thread in one.
struct ChatTarget {
    QString accountId;
    QString channelId;      //!< global channel id
    QString threadParentId; //!< global id of a message in the thread answered; empty: the channel
    QString label;          //!< "#general", "Alice Adams": the box says "Message #general"

    bool isValid() const { return !accountId.isEmpty() && !channelId.isEmpty(); }
    bool isThread() const { return !threadParentId.isEmpty(); }
    //! One key per place to write (the channel, each thread): unsent text is kept per key.
    QString key() const { return channelId + QLatin1Char('\n') + threadParentId; }
    bool operator==(const ChatTarget&) const = default;
};

//! A mention the user picked from the completion: the box shows `shown` ("@Alice Adams"),
//! the provider gets `markup` (Slack "<@U123>").
struct ChatMention {
    QString shown;
    QString markup;

    bool operator==(const ChatMention&) const = default;
};

//! What the user has written in a chat message box.
struct ChatDraft {
    QString text; //!< as the box shows it, mentions by name
    QList<ChatMention> mentions;

    bool isEmpty() const { return text.trimmed().isEmpty(); }
    //! The text for the provider: each mention still written as it was inserted is replaced
    //! by its markup (a mention the user edited is sent as typed); outer blank lines trimmed.
    QString outgoingText() const;
    //! The message to hand to the Outbox: a new post in the channel, or a thread reply.
    OutgoingMessage message(const ChatTarget& target) const;
    bool operator==(const ChatDraft&) const = default;
};

//! What the word before the cursor asks the box to complete.
struct ChatCompletionQuery {
    enum class Kind { None, Person, Emoji };
    Kind kind = Kind::None;
    int start = -1; //!< where the "@" or ":" is
    QString prefix; //!< what follows it up to the cursor
};

//! "@ali" (a person; "@" alone lists everyone) or ":smi" (an emoji shortcode, two letters at
//! least), starting the text or after white space or an opening bracket, up to `cursor`.
ChatCompletionQuery chatCompletionAt(const QString& text, int cursor);

//! People whose name has a word starting with `prefix` (case-insensitive), in the order
//! given, at most `limit`.
QList<Participant> peopleMatching(const QList<Participant>& people, const QString& prefix, int limit = 8);

} // namespace tributary
