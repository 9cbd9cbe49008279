#include "slack/SlackMapping.h"

#include "model/Ids.h"

#include <QObject>
#include <QStringList>

namespace tributary::slack {

namespace {

QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString();
}

bool allDigits(QStringView s) {
    for (const QChar c : s) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !s.isEmpty();
}

// "1700000000.000100" -> microseconds; nothing for a malformed ts (signs, letters, or seconds
// so far out that the microseconds overflow: a hostile or broken answer, never a real ts).
std::optional<qint64> tsMicros(const QString& ts) {
    const qsizetype dot = ts.indexOf(QLatin1Char('.'));
    const QStringView whole = dot < 0 ? QStringView(ts) : QStringView(ts).left(dot);
    const QStringView fraction = dot < 0 ? QStringView() : QStringView(ts).mid(dot + 1).left(6);
    if (!allDigits(whole) || (!fraction.isEmpty() && !allDigits(fraction)) || whole.size() > 12)
        return std::nullopt;
    qint64 micros = whole.toLongLong() * 1000000;
    qint64 scale = 100000;
    for (const QChar c : fraction) {
        micros += (c.unicode() - u'0') * scale;
        scale /= 10;
    }
    return micros;
}

QString tsFromMicros(qint64 micros) {
    return QStringLiteral("%1.%2").arg(micros / 1000000).arg(micros % 1000000, 6, 10, QLatin1Char('0'));
}

} // namespace

QString SlackUser::label() const {
    if (!realName.isEmpty())
        return realName;
    if (!displayName.isEmpty())
        return displayName;
    if (!name.isEmpty())
        return name;
    return id;
}

void SlackDirectory::addUsers(const QJsonArray& members) {
    for (const QJsonValue& v : members) {
        const QJsonObject o = v.toObject();
        const QJsonObject profile = o.value(QStringLiteral("profile")).toObject();
        SlackUser u;
        u.id = str(o, "id");
        if (u.id.isEmpty())
            continue;
        u.name = str(o, "name");
        u.realName = str(profile, "real_name");
        if (u.realName.isEmpty())
            u.realName = str(o, "real_name");
        u.displayName = str(profile, "display_name");
        u.avatarUrl = str(profile, "image_72");
        u.isBot = o.value(QStringLiteral("is_bot")).toBool();
        u.deleted = o.value(QStringLiteral("deleted")).toBool();
        m_users.insert(u.id, u);
    }
}

const SlackUser* SlackDirectory::user(const QString& id) const {
    const auto it = m_users.constFind(id);
    return it == m_users.constEnd() ? nullptr : &it.value();
}

QString SlackDirectory::userLabel(const QString& id) const {
    const SlackUser* u = user(id);
    return u ? u->label() : id;
}

SlackNames SlackDirectory::names() const {
    SlackNames n;
    n.user = [this](const QString& id) {
        const SlackUser* u = user(id);
        return u ? u->label() : QString();
    };
    n.channel = [this](const QString& id) {
        return channelName(id);
    };
    return n;
}

QDateTime slackTsToDateTime(const QString& ts) {
    const std::optional<qint64> micros = tsMicros(ts);
    if (!micros)
        return {};
    return QDateTime::fromMSecsSinceEpoch(*micros / 1000, Qt::UTC);
}

int compareSlackTs(const QString& a, const QString& b) {
    const qint64 x = tsMicros(a).value_or(-1);
    const qint64 y = tsMicros(b).value_or(-1);
    return x < y ? -1 : (x > y ? 1 : 0);
}

QString slackTsBefore(const QString& ts) {
    const std::optional<qint64> micros = tsMicros(ts);
    if (!micros || *micros <= 0)
        return QStringLiteral("0000000000.000000");
    return tsFromMicros(*micros - 1);
}

QString slackTsOf(const QDateTime& time) {
    return tsFromMicros(time.toMSecsSinceEpoch() * 1000);
}

QString slackMessageNativeId(const QString& channel, const QString& ts) {
    return channel + QLatin1Char('/') + ts;
}

bool splitSlackMessageNativeId(const QString& nativeId, QString* channel, QString* ts) {
    const qsizetype slash = nativeId.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == nativeId.size() - 1)
        return false;
    const QString t = nativeId.mid(slash + 1);
    if (!tsMicros(t))
        return false;
    *channel = nativeId.left(slash);
    *ts = t;
    return true;
}

Channel slackChannelFromJson(const QJsonObject& c, const QString& accountId,
                             const SlackDirectory& directory) {
    Channel ch;
    ch.accountId = accountId;
    ch.nativeId = str(c, "id");
    ch.id = makeId(IdKind::Channel, accountId, ch.nativeId);
    ch.role = ChannelRole::None;
    if (c.value(QStringLiteral("is_im")).toBool()) {
        ch.kind = ChannelKind::DirectMessage;
        const QString other = str(c, "user");
        ch.name = other == directory.self() ? QObject::tr("%1 (you)").arg(directory.userLabel(other))
                                            : directory.userLabel(other);
    } else if (c.value(QStringLiteral("is_mpim")).toBool()) {
        ch.kind = ChannelKind::GroupMessage;
        // "mpdm-alice--bob--carol-1": the handles of the members.
        QString handles = str(c, "name");
        if (handles.startsWith(QLatin1String("mpdm-")))
            handles.remove(0, 5);
        const qsizetype dash = handles.lastIndexOf(QLatin1Char('-'));
        if (dash > 0)
            handles.truncate(dash);
        const SlackUser* me = directory.user(directory.self());
        QStringList names;
        for (const QString& handle : handles.split(QStringLiteral("--"), Qt::SkipEmptyParts)) {
            if (me && handle == me->name)
                continue;
            names << handle;
        }
        ch.name = names.isEmpty() ? str(c, "name") : names.join(QStringLiteral(", "));
    } else {
        ch.kind = ChannelKind::ChatChannel;
        ch.name = str(c, "name");
        ch.shared = true;
    }
    if (ch.name.isEmpty())
        ch.name = ch.nativeId;
    const QJsonValue unread = c.value(QStringLiteral("unread_count_display"));
    if (unread.isDouble())
        ch.unreadCount = unread.toInt();
    return ch;
}

Message slackMessageFromJson(const QJsonObject& o, const SlackMessageContext& context) {
    static const SlackDirectory empty;
    const SlackDirectory& directory = context.directory ? *context.directory : empty;
    Message m;
    const QString ts = str(o, "ts");
    m.accountId = context.accountId;
    m.kind = ConversationKind::Chat;
    m.nativeId = slackMessageNativeId(context.channel, ts);
    m.id = makeId(IdKind::Message, context.accountId, m.nativeId);
    m.channelId = makeId(IdKind::Channel, context.accountId, context.channel);
    const QString threadTs = str(o, "thread_ts");
    m.nativeThreadKey = context.channel + QLatin1Char('/') + (threadTs.isEmpty() ? ts : threadTs);

    const QString userId = str(o, "user");
    if (!userId.isEmpty()) {
        m.author = Participant{userId, directory.userLabel(userId), userId};
    } else {
        const QString bot =
            o.value(QStringLiteral("bot_profile")).toObject().value(QStringLiteral("name")).toString();
        const QString username = str(o, "username");
        const QString botId = str(o, "bot_id");
        m.author = Participant{botId, !bot.isEmpty() ? bot : username, botId};
    }
    m.sentAt = slackTsToDateTime(ts);
    m.receivedAt = m.sentAt;

    const SlackRendered rendered = renderMrkdwn(str(o, "text"), directory.names());
    m.snippet = makeSnippet(rendered.text);

    const bool own = !userId.isEmpty() && userId == directory.self();
    if (own)
        m.flags |= MessageFlag::FromMe; // may be edited and deleted by the user
    if (own || context.lastRead.isEmpty() || compareSlackTs(ts, context.lastRead) <= 0)
        m.flags |= MessageFlag::Read;

    for (const QJsonValue& f : o.value(QStringLiteral("files")).toArray()) {
        const QJsonObject file = f.toObject();
        Attachment a;
        a.id = str(file, "id");
        a.fileName = str(file, "name");
        if (a.fileName.isEmpty())
            a.fileName = str(file, "title");
        a.mimeType = str(file, "mimetype");
        a.size = file.value(QStringLiteral("size")).toVariant().toLongLong();
        m.attachments.append(a);
    }
    m.hasAttachments = !m.attachments.isEmpty();

    for (const QJsonValue& r : o.value(QStringLiteral("reactions")).toArray()) {
        const QJsonObject reaction = r.toObject();
        Reaction x;
        x.emoji = str(reaction, "name");
        for (const QJsonValue& u : reaction.value(QStringLiteral("users")).toArray())
            x.authors << u.toString();
        m.reactions.append(x);
    }

    // A thread reply is read in its thread, unless it was also sent to the channel.
    if (!threadTs.isEmpty() && threadTs != ts && str(o, "subtype") != QLatin1String("thread_broadcast"))
        m.flags |= MessageFlag::ThreadReply;

    m.extras.insert(QStringLiteral("ts"), ts);
    if (!threadTs.isEmpty())
        m.extras.insert(QStringLiteral("threadTs"), threadTs);
    if (o.contains(QStringLiteral("reply_count")))
        m.extras.insert(QStringLiteral("replyCount"), o.value(QStringLiteral("reply_count")).toInt());
    if (o.contains(QStringLiteral("edited")))
        m.extras.insert(QStringLiteral("edited"),
                        o.value(QStringLiteral("edited")).toObject().value(QStringLiteral("ts")).toString());
    else if (o.contains(QLatin1String(kSlackNoticedEditKey)))
        m.extras.insert(QStringLiteral("edited"), o.value(QLatin1String(kSlackNoticedEditKey)).toString());
    if (o.contains(QStringLiteral("subtype")))
        m.extras.insert(QStringLiteral("subtype"), str(o, "subtype"));
    if (o.contains(QStringLiteral("client_msg_id")))
        m.extras.insert(QStringLiteral("clientMsgId"), str(o, "client_msg_id"));
    return m;
}

void fillSlackBody(Message& envelope, const QJsonObject& message, const SlackDirectory& directory) {
    const SlackRendered rendered = renderMrkdwn(str(message, "text"), directory.names());
    envelope.text = rendered.text;
    envelope.html = rendered.html;
    envelope.bodyLoaded = true;
}

} // namespace tributary::slack
