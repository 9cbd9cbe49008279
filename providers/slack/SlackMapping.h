#pragma once

#include "model/Model.h"
#include "slack/SlackMrkdwn.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace tributary::slack {

//! One workspace member as users.list describes them.
struct SlackUser {
    QString id;
    QString name;        //!< handle ("alice")
    QString displayName; //!< profile.display_name, may be empty
    QString realName;    //!< "Alice Adams"
    QString avatarUrl;   //!< profile.image_72
    bool isBot = false;
    bool deleted = false;

    //! The name to show: real name, else display name, else handle, else the id.
    QString label() const;
};

//! Who is who in a workspace: members (users.list), conversation names, and the signed-in
//! user (auth.test). Filled as answers arrive; every lookup tolerates unknown ids.
class SlackDirectory {
public:
    void addUsers(const QJsonArray& members);
    void setSelf(const QString& userId) { m_self = userId; }
    QString self() const { return m_self; }
    const SlackUser* user(const QString& id) const;
    //! The user's label, or the id when unknown.
    QString userLabel(const QString& id) const;
    void setChannelName(const QString& channelId, const QString& name) {
        m_channelNames.insert(channelId, name);
    }
    QString channelName(const QString& channelId) const { return m_channelNames.value(channelId); }
    bool hasUsers() const { return !m_users.isEmpty(); }
    //! Every user known (users.list), in no particular order.
    QList<SlackUser> users() const { return m_users.values(); }
    //! Names for renderMrkdwn(); the directory must outlive its use.
    SlackNames names() const;

private:
    QHash<QString, SlackUser> m_users;
    QHash<QString, QString> m_channelNames;
    QString m_self;
};

//! A Slack ts ("1700000000.000100": seconds and microseconds) as UTC time (milliseconds kept).
QDateTime slackTsToDateTime(const QString& ts);
//! Orders two ts values numerically (-1, 0, 1); an empty ts is the oldest.
int compareSlackTs(const QString& a, const QString& b);
//! The ts one microsecond before `ts` (for marking a message unread).
QString slackTsBefore(const QString& ts);
//! A point in time as a Slack ts (milliseconds, the microseconds zero).
QString slackTsOf(const QDateTime& time);

//! Message native ids are "<channel>/<ts>" (a ts is unique only within its channel).
QString slackMessageNativeId(const QString& channel, const QString& ts);
//! Splits a message native id; false if it is not one.
bool splitSlackMessageNativeId(const QString& nativeId, QString* channel, QString* ts);

//! A conversation of conversations.list / conversations.info as a Channel: public and private
//! channels are ChatChannel (shared), ims DirectMessage (named after the other person), mpims
//! GroupMessage (named after the others). unread_count_display, when present, is the unread count.
Channel slackChannelFromJson(const QJsonObject& conversation, const QString& accountId,
                             const SlackDirectory& directory);

//! What mapping a message needs besides the message itself.
struct SlackMessageContext {
    QString accountId;
    QString channel;  //!< native channel id
    QString lastRead; //!< the channel's last_read ts; empty = unknown (messages count as read)
    const SlackDirectory* directory = nullptr;
};

//! Where the provider's cache notes an edit it noticed itself (the text of a known ts
//! changed): the ts of when it noticed it. Slack's Web API answers (history, replies) carry no
//! `edited` as the description documents them, so a changed text is how an edit shows there.
//! Never a Slack field; `edited` from Slack (events, chat.update) wins when present.
inline constexpr char kSlackNoticedEditKey[] = "tributary_noticed_edit";

//! An envelope: ids (nativeThreadKey "<channel>/<thread_ts or ts>", so replies and their
//! parent form one thread), author, time, snippet (plain text of the mrkdwn), flags (Read when
//! the signed-in user wrote it or its ts is at most last_read), files as attachment metadata,
//! reactions, and extras (ts, threadTs, replyCount, edited: edited.ts or the noticed-edit ts,
//! subtype, clientMsgId).
Message slackMessageFromJson(const QJsonObject& message, const SlackMessageContext& context);
//! Fills text and html from the message's mrkdwn and sets bodyLoaded.
void fillSlackBody(Message& envelope, const QJsonObject& message, const SlackDirectory& directory);

} // namespace tributary::slack
