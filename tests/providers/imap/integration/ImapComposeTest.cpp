// Reply all and Forward built by ReplyBuilder, sent through Postfix and read back from
// Dovecot: the right people get them, with the right subjects, headers and attachments.
#include "ImapTestSupport.h"
#include "compose/ReplyBuilder.h"

namespace tributary::test {

namespace {

class ImapComposeTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_SERVERS(); }

    ImapProvider& provider(const QString& user) {
        m_fixtures.push_back(makeImapProvider(TestEnv::get().imapAccount(user)));
        return *m_fixtures.back().provider;
    }

    static Channel inbox(Provider& p) {
        auto r = await(p.listChannels());
        EXPECT_TRUE(r && r->ok());
        return r && r->ok() ? channelWithRole(r->value(), ChannelRole::Inbox) : Channel{};
    }

    static Participant who(const QString& user) {
        return Participant{TestEnv::get().address(user), user, {}};
    }

    //! The one message with the marker and this subject prefix in `user`'s Inbox, body loaded.
    Message receive(const QString& user, const QString& marker, const QString& subjectStart) {
        ImapProvider& p = provider(user);
        Message found;
        waitUntil(
            [&] {
                for (const Message& m : messagesWithMarker(p, inbox(p), marker)) {
                    if (m.subject.startsWith(subjectStart))
                        found = m;
                }
                return !found.id.isEmpty();
            },
            20000);
        if (found.id.isEmpty())
            return found;
        auto full = await(p.fetchBody(found.id));
        EXPECT_TRUE(full && full->ok());
        return full && full->ok() ? full->value() : found;
    }

    std::vector<ImapFixture> m_fixtures;
};

} // namespace

TEST_F(ImapComposeTest, ReplyAllAndForwardReachTheRightPeople) {
    const QString marker = uniqueMarker();
    const QString alice = QStringLiteral("alice");
    const QString bob = QStringLiteral("bob");
    const QString carol = QStringLiteral("carol");

    // Alice writes to Bob, copying Carol, with a spreadsheet attached.
    OutgoingMessage first;
    first.clientId = QStringLiteral("first-") + marker;
    first.from = who(alice);
    first.to = {who(bob)};
    first.cc = {who(carol)};
    first.subject = QStringLiteral("Budget ") + marker;
    first.text = QStringLiteral("Numbers for next year.");
    first.attachments = {OutgoingAttachment{QStringLiteral("budget.csv"), QStringLiteral("text/csv"),
                                            QByteArrayLiteral("year,amount\n2027,42\n")}};
    auto sent = await(provider(alice).send(first), 60000);
    ASSERT_TRUE(sent && sent->ok()) << (sent ? sent->error().describe().toStdString() : "timeout");

    // Bob answers everyone.
    const Message atBob = receive(bob, marker, QStringLiteral("Budget"));
    ASSERT_FALSE(atBob.id.isEmpty());
    ReplyDraft all = startReply(atBob, SendKind::ReplyAll, {TestEnv::get().address(bob)});
    all.message.clientId = QStringLiteral("all-") + marker;
    all.message.from = who(bob);
    all.message.text.prepend(QStringLiteral("Looks right to me."));
    ImapProvider& bobProvider = provider(bob);
    auto replied = await(bobProvider.send(all.message), 60000);
    ASSERT_TRUE(replied && replied->ok())
        << (replied ? replied->error().describe().toStdString() : "timeout");
    for (const QString& user : {alice, carol}) {
        const Message r = receive(user, marker, QStringLiteral("Re: Budget"));
        ASSERT_FALSE(r.id.isEmpty()) << user.toStdString() << " got the reply-all";
        EXPECT_EQ(r.inReplyTo, atBob.messageIdHeader);
        EXPECT_TRUE(r.text.contains(QStringLiteral("> Numbers for next year.")));
    }

    // Bob forwards it to Carol with the attachment.
    ReplyDraft fwd = startReply(atBob, SendKind::Forward, {TestEnv::get().address(bob)});
    fwd.message.clientId = QStringLiteral("fwd-") + marker;
    fwd.message.from = who(bob);
    fwd.message.to = {who(carol)};
    ASSERT_EQ(fwd.forwardedAttachments.size(), 1);
    for (const Attachment& a : fwd.forwardedAttachments) {
        auto bytes = await(bobProvider.fetchAttachment(atBob.id, a.id));
        ASSERT_TRUE(bytes && bytes->ok());
        fwd.message.attachments.append(OutgoingAttachment{a.fileName, a.mimeType, bytes->value()});
    }
    auto forwarded = await(bobProvider.send(fwd.message), 60000);
    ASSERT_TRUE(forwarded && forwarded->ok());
    const Message atCarol = receive(carol, marker, QStringLiteral("Fwd: Budget"));
    ASSERT_FALSE(atCarol.id.isEmpty());
    EXPECT_TRUE(atCarol.text.contains(QStringLiteral("Forwarded message")));
    ASSERT_EQ(atCarol.attachments.size(), 1);
    EXPECT_EQ(atCarol.attachments.first().fileName, QStringLiteral("budget.csv"));

    // Bob's copy of the original remembers both answers.
    const Message original = receive(bob, marker, QStringLiteral("Budget"));
    EXPECT_TRUE(original.flags.testFlag(MessageFlag::Answered));
    EXPECT_TRUE(original.flags.testFlag(MessageFlag::Forwarded));
}

} // namespace tributary::test
