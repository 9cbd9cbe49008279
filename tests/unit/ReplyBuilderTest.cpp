#include "compose/ReplyBuilder.h"

#include <gtest/gtest.h>

using namespace tributary;

namespace {

Participant person(const char* name, const char* address) {
    return Participant{QString::fromUtf8(address), QString::fromUtf8(name), {}};
}

Message original() {
    Message m;
    m.id = QStringLiteral("v1:m:acct:INBOX;UIDVALIDITY=1;UID=7");
    m.messageIdHeader = QStringLiteral("orig@example.org");
    m.references = {QStringLiteral("root@example.org")};
    m.author = person("Ann", "ann@example.org");
    m.to = {person("Me", "me@example.org"), person("Bob", "bob@example.org")};
    m.cc = {person("Carol", "CAROL@example.org"), person("Bob again", "bob@EXAMPLE.org")};
    m.subject = QStringLiteral("Budget");
    m.sentAt = QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
    m.text = QStringLiteral("Numbers attached.\n> earlier quote");
    Attachment sheet;
    sheet.id = QStringLiteral("2");
    sheet.fileName = QStringLiteral("budget.ods");
    Attachment logo;
    logo.id = QStringLiteral("3");
    logo.isInline = true;
    m.attachments = {sheet, logo};
    m.bodyLoaded = true;
    return m;
}

QStringList addresses(const QList<Participant>& people) {
    QStringList out;
    for (const Participant& p : people)
        out.append(p.address);
    return out;
}

const QStringList kMe{QStringLiteral("Me@Example.org")};

} // namespace

TEST(ReplyBuilder, ReplyGoesToTheSenderWithThreadingHeadersAndAQuote) {
    const ReplyDraft d = startReply(original(), SendKind::Reply, kMe);
    EXPECT_EQ(addresses(d.message.to), QStringList{QStringLiteral("ann@example.org")});
    EXPECT_TRUE(d.message.cc.isEmpty());
    EXPECT_EQ(d.message.subject, QStringLiteral("Re: Budget"));
    EXPECT_EQ(d.message.inReplyToId, original().id);
    EXPECT_EQ(d.message.inReplyToHeader, QStringLiteral("orig@example.org"));
    EXPECT_EQ(d.message.referencesHeader,
              (QStringList{QStringLiteral("root@example.org"), QStringLiteral("orig@example.org")}));
    EXPECT_TRUE(d.message.text.contains(QStringLiteral("Ann wrote:")));
    EXPECT_TRUE(d.message.text.contains(QStringLiteral("\n> Numbers attached.\n")));
    EXPECT_TRUE(d.message.text.contains(QStringLiteral("\n>> earlier quote"))) << "quote levels stack";
    EXPECT_TRUE(d.forwardedAttachments.isEmpty());
}

TEST(ReplyBuilder, ReplyToHeaderWins) {
    Message m = original();
    m.replyTo = {person("List", "list@example.org")};
    EXPECT_EQ(addresses(startReply(m, SendKind::Reply, kMe).message.to),
              QStringList{QStringLiteral("list@example.org")});
}

TEST(ReplyBuilder, ReplyAllKeepsEveryoneOnceButNotMe) {
    const ReplyDraft d = startReply(original(), SendKind::ReplyAll, kMe);
    EXPECT_EQ(addresses(d.message.to),
              (QStringList{QStringLiteral("ann@example.org"), QStringLiteral("bob@example.org")}));
    EXPECT_EQ(addresses(d.message.cc), QStringList{QStringLiteral("CAROL@example.org")});
}

TEST(ReplyBuilder, ReplyingToMyOwnMessageGoesToItsRecipients) {
    Message m = original();
    m.author = person("Me", "me@example.org");
    m.to = {person("Bob", "bob@example.org")};
    EXPECT_EQ(addresses(startReply(m, SendKind::Reply, kMe).message.to),
              QStringList{QStringLiteral("bob@example.org")});
}

TEST(ReplyBuilder, SubjectsDoNotStackPrefixes) {
    EXPECT_EQ(replySubject(QStringLiteral("Re: Budget")), QStringLiteral("Re: Budget"));
    EXPECT_EQ(replySubject(QStringLiteral("AW: Budget")), QStringLiteral("AW: Budget"));
    EXPECT_EQ(replySubject(QStringLiteral("RE[2]: Budget")), QStringLiteral("RE[2]: Budget"));
    EXPECT_EQ(replySubject(QStringLiteral("Fwd: Budget")), QStringLiteral("Re: Fwd: Budget"));
    EXPECT_EQ(replySubject(QStringLiteral("Reminder")), QStringLiteral("Re: Reminder"));
    EXPECT_EQ(forwardSubject(QStringLiteral("Budget")), QStringLiteral("Fwd: Budget"));
    EXPECT_EQ(forwardSubject(QStringLiteral("WG: Budget")), QStringLiteral("WG: Budget"));
    EXPECT_EQ(forwardSubject(QStringLiteral("Re: Budget")), QStringLiteral("Fwd: Re: Budget"));
}

TEST(ReplyBuilder, ForwardIncludesTheOriginalAndItsAttachmentsButNoRecipients) {
    const ReplyDraft d = startReply(original(), SendKind::Forward, kMe);
    EXPECT_TRUE(d.message.to.isEmpty());
    EXPECT_EQ(d.message.subject, QStringLiteral("Fwd: Budget"));
    EXPECT_TRUE(d.message.text.contains(QStringLiteral("---------- Forwarded message ----------")));
    EXPECT_TRUE(d.message.text.contains(QStringLiteral("From: Ann <ann@example.org>")));
    EXPECT_TRUE(d.message.text.contains(QStringLiteral("Numbers attached.")));
    EXPECT_TRUE(d.message.inReplyToHeader.isEmpty());
    ASSERT_EQ(d.forwardedAttachments.size(), 1) << "inline images stay with the original";
    EXPECT_EQ(d.forwardedAttachments.first().fileName, QStringLiteral("budget.ods"));
}
