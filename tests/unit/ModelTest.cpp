#include "model/Ids.h"
#include "model/Json.h"

#include <gtest/gtest.h>

using namespace tributary;

TEST(GlobalId, RoundTripsAnyNativeId) {
    const QString native = QStringLiteral("INBOX/Über:1700000000.000100 ?&%");
    const QString id = makeId(IdKind::Message, QStringLiteral("work"), native);
    EXPECT_TRUE(id.startsWith(QStringLiteral("v1:m:work:")));
    EXPECT_EQ(id.count(QLatin1Char(':')), 3) << "the native part must be escaped";
    const auto parsed = GlobalId::parse(id);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->kind, IdKind::Message);
    EXPECT_EQ(parsed->accountId, QStringLiteral("work"));
    EXPECT_EQ(parsed->nativeId, native);
    EXPECT_EQ(accountOf(id), QStringLiteral("work"));
    EXPECT_EQ(nativeOf(id), native);
}

TEST(GlobalId, IsStableAcrossCalls) {
    // Mailspring's lesson: an id scheme that drifts duplicates every cached row.
    EXPECT_EQ(makeId(IdKind::Thread, QStringLiteral("a"), QStringLiteral("x@y")),
              QStringLiteral("v1:t:a:x%40y"));
}

TEST(GlobalId, RejectsMalformedIds) {
    EXPECT_FALSE(GlobalId::parse(QStringLiteral("")));
    EXPECT_FALSE(GlobalId::parse(QStringLiteral("v2:m:a:b")));
    EXPECT_FALSE(GlobalId::parse(QStringLiteral("v1:z:a:b")));
    EXPECT_FALSE(GlobalId::parse(QStringLiteral("v1:m:a")));
    EXPECT_TRUE(accountOf(QStringLiteral("garbage")).isEmpty());
}

TEST(Snippet, CollapsesWhitespaceAndCapsLength) {
    EXPECT_EQ(makeSnippet(QStringLiteral("  Hello\n\n\tworld  ")), QStringLiteral("Hello world"));
    const QString longText(500, QLatin1Char('x'));
    EXPECT_EQ(makeSnippet(longText).size(), Message::kSnippetLength);
    // A surrogate pair straddling the cut is dropped, not split.
    QString emoji = QString(199, QLatin1Char('a')) + QString::fromUtf8("\xF0\x9F\x98\x80");
    EXPECT_EQ(makeSnippet(emoji).size(), 199);
}

namespace {
Message sampleMessage() {
    Message m;
    m.id = makeId(IdKind::Message, QStringLiteral("acc"), QStringLiteral("1/42"));
    m.accountId = QStringLiteral("acc");
    m.channelId = makeId(IdKind::Channel, QStringLiteral("acc"), QStringLiteral("INBOX"));
    m.threadId = makeId(IdKind::Thread, QStringLiteral("acc"), QStringLiteral("root@x"));
    m.nativeId = QStringLiteral("1/42");
    m.messageIdHeader = QStringLiteral("m42@x");
    m.inReplyTo = QStringLiteral("m41@x");
    m.references = {QStringLiteral("root@x"), QStringLiteral("m41@x")};
    m.author = {QStringLiteral("ann@x.test"), QString::fromUtf8("Änn Ö"), {}};
    m.to = {{QStringLiteral("bob@x.test"), QStringLiteral("Bob"), {}}};
    m.cc = {{QStringLiteral("cy@x.test"), {}, {}}};
    m.sentAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    m.receivedAt = m.sentAt.addSecs(60);
    m.subject = QString::fromUtf8("Re: Grüße");
    m.snippet = QStringLiteral("hello");
    m.attachments = {
        {QStringLiteral("2"), QStringLiteral("a.pdf"), QStringLiteral("application/pdf"), 1234, {}, false}};
    m.hasAttachments = true;
    m.size = 4321;
    m.flags = MessageFlag::Read | MessageFlag::Flagged;
    m.reactions = {{QStringLiteral(":+1:"), {QStringLiteral("U1")}}};
    m.extras = {{QStringLiteral("modseq"), QStringLiteral("17")}};
    return m;
}
} // namespace

TEST(Attachment, NameFromTheTypeWhenTheSenderGaveNone) {
    EXPECT_EQ(defaultAttachmentName(QStringLiteral("application/pdf")), QStringLiteral("attachment.pdf"));
    EXPECT_EQ(defaultAttachmentName(QStringLiteral("IMAGE/PNG")), QStringLiteral("attachment.png"));
    EXPECT_EQ(defaultAttachmentName(QStringLiteral("text/calendar")), QStringLiteral("attachment.ics"));
    EXPECT_EQ(defaultAttachmentName(QStringLiteral("message/rfc822")), QStringLiteral("message.eml"));
    EXPECT_EQ(defaultAttachmentName(QStringLiteral("application/octet-stream")),
              QStringLiteral("attachment"));
    EXPECT_EQ(defaultAttachmentName(QStringLiteral("x-nonsense")), QStringLiteral("attachment"));
    EXPECT_EQ(defaultAttachmentName(QString()), QStringLiteral("attachment"));
    Attachment a;
    a.mimeType = QStringLiteral("application/pdf");
    EXPECT_EQ(a.displayFileName(), QStringLiteral("attachment.pdf"));
    a.fileName = QStringLiteral("  ");
    EXPECT_EQ(a.displayFileName(), QStringLiteral("attachment.pdf"));
    a.fileName = QStringLiteral("Plan.pdf");
    EXPECT_EQ(a.displayFileName(), QStringLiteral("Plan.pdf"));
}

TEST(Participant, NoSenderIsSaidSo) {
    EXPECT_EQ(senderLabel(Participant{}), QStringLiteral("(no sender)"));
    EXPECT_EQ(senderLabel(Participant{QStringLiteral("foo"), {}, {}}), QStringLiteral("foo"));
    EXPECT_EQ(senderLabel(Participant{QStringLiteral("a@b"), QStringLiteral("Ann"), {}}),
              QStringLiteral("Ann"));
}

TEST(Json, MessageRoundTrips) {
    const Message m = sampleMessage();
    EXPECT_EQ(json::messageFromJson(json::toJson(m)), m);
}

TEST(Json, ChannelThreadAccountEventRoundTrip) {
    Channel c;
    c.id = makeId(IdKind::Channel, QStringLiteral("acc"), QStringLiteral("Public/Team"));
    c.accountId = QStringLiteral("acc");
    c.nativeId = QStringLiteral("Public/Team");
    c.name = QStringLiteral("Team");
    c.role = ChannelRole::Archive;
    c.kind = ChannelKind::SupportInbox;
    c.shared = true;
    c.unreadCount = 3;
    c.totalCount = 10;
    EXPECT_EQ(json::channelFromJson(json::toJson(c)), c);

    Thread t;
    t.id = QStringLiteral("v1:t:acc:x");
    t.kind = ConversationKind::Chat;
    t.subject = QStringLiteral("s");
    t.messageIds = {QStringLiteral("a"), QStringLiteral("b")};
    t.accountIds = {QStringLiteral("acc")};
    t.participants = {{QStringLiteral("U1"), QStringLiteral("Ann"), QStringLiteral("U1")}};
    t.latestActivity = QDateTime(QDate(2026, 5, 1), QTime(1, 2, 3), Qt::UTC);
    t.messageCount = 2;
    t.unreadCount = 1;
    t.flagged = true;
    EXPECT_EQ(json::threadFromJson(json::toJson(t)), t);

    Account a{QStringLiteral("acc"),
              QStringLiteral("imap"),
              QStringLiteral("Work"),
              QColor(QStringLiteral("#336699")),
              {{QStringLiteral("imapHost"), QStringLiteral("127.0.0.1")}}};
    EXPECT_EQ(json::accountFromJson(json::toJson(a)), a);

    Event e;
    e.kind = EventKind::ReadChanged;
    e.accountId = QStringLiteral("acc");
    e.messageIds = {QStringLiteral("m")};
    e.messages = {sampleMessage()};
    e.payload = {{QStringLiteral("typing"), QStringLiteral("U1")}};
    EXPECT_EQ(json::eventFromJson(json::toJson(e)), e);
}

TEST(Json, UnknownEnumNamesFallBackSafely) {
    QJsonObject o{{QStringLiteral("role"), QStringLiteral("nonsense")}, {QStringLiteral("kind"), 3}};
    const Channel c = json::channelFromJson(o);
    EXPECT_EQ(c.role, ChannelRole::None);
    EXPECT_EQ(c.kind, ChannelKind::Folder);
}
