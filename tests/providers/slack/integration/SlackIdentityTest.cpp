// Slack identities against the Slack emulator behind `prism proxy` (issue 13 §1): after
// connectAccount() the provider reports the signed-in user (auth.test) with the name and
// picture of their profile (users.info), every call within Slack's API description; when
// users.info refuses for good, the handle from auth.test stands and signing in still succeeds.

#include "SlackTestBed.h"

#include <QSignalSpy>

namespace tributary::test {

namespace {

using namespace slackbed;

class SlackIdentityTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!SlackTestBed::available())
            TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    }

    SlackTestBed m_bed;
};

} // namespace

TEST_F(SlackIdentityTest, ReportsTheSignedInUserWithNameAndPictureAfterConnect) {
    auto p = m_bed.make();
    EXPECT_TRUE(p->identities().isEmpty()) << "Slack learns the user at sign-in";
    QSignalSpy changed(p.get(), &Provider::identitiesChanged);
    auto connected = await(p->connectAccount(), 60000);
    ASSERT_TRUE(connected && connected->ok())
        << (connected ? connected->error().describe().toStdString() : "timeout");
    ASSERT_GE(changed.size(), 1);
    const QList<Identity> identities = p->identities();
    ASSERT_EQ(identities.size(), 1);
    const Identity& me = identities.first();
    EXPECT_EQ(me.address, QStringLiteral("U0ALICE001")) << "the user id, as authors carry it";
    EXPECT_EQ(me.displayName, QStringLiteral("Alice Adams"));
    EXPECT_TRUE(me.isDefault);
    EXPECT_EQ(me.avatarUrl, QStringLiteral("https://avatars.slack-edge.com/2023-11-14/u0alice001_72.png"));
    EXPECT_EQ(changed.last().at(0).value<QList<Identity>>(), identities);
    EXPECT_EQ(m_bed.calls(QStringLiteral("/users.info")), 1);
}

TEST_F(SlackIdentityTest, AProfileThatCannotBeReadLeavesTheHandleAndConnectSucceeds) {
    // Slack's refusal (HTTP 200, ok:false) is not in the description: straight to the emulator.
    ASSERT_TRUE(control(QStringLiteral("fail"), {{QStringLiteral("method"), QStringLiteral("users.info")},
                                                 {QStringLiteral("error"), QStringLiteral("user_not_found")}})
                    .value(QStringLiteral("ok"))
                    .toBool());
    auto p = m_bed.make(SlackRoute::Emulator);
    QSignalSpy changed(p.get(), &Provider::identitiesChanged);
    auto connected = await(p->connectAccount(), 60000);
    ASSERT_TRUE(connected && connected->ok())
        << (connected ? connected->error().describe().toStdString() : "timeout");
    EXPECT_EQ(m_bed.calls(QStringLiteral("/users.info")), 1) << "a refusal no retry mends is asked once";
    EXPECT_EQ(p->status().state, ConnectionState::Online) << p->status().detail.toStdString();
    const QList<Identity> identities = p->identities();
    ASSERT_EQ(identities.size(), 1);
    const Identity& me = identities.first();
    EXPECT_EQ(me.address, QStringLiteral("U0ALICE001"));
    EXPECT_EQ(me.displayName, QStringLiteral("alice")) << "auth.test's handle stands";
    EXPECT_TRUE(me.isDefault);
    EXPECT_TRUE(me.avatarUrl.isEmpty());
    ASSERT_GE(changed.size(), 1);
    EXPECT_EQ(changed.last().at(0).value<QList<Identity>>(), identities);

    // The account works: its own messages are still recognised as the user's.
    auto page = await(p->listMessages(channelId(kSupport), PageRequest{50, {}}), 60000);
    ASSERT_TRUE(page && page->ok()) << (page ? page->error().describe().toStdString() : "timeout");
    int own = 0;
    for (const Message& m : page->value().messages)
        own += m.flags.testFlag(MessageFlag::FromMe) ? 1 : 0;
    EXPECT_GT(own, 0) << "alice's messages in #support are hers";
}

TEST_F(SlackIdentityTest, TheUsersOwnMessagesAreTheIdentitysAndMarkedFromMe) {
    auto p = m_bed.make();
    auto connected = await(p->connectAccount(), 60000);
    ASSERT_TRUE(connected && connected->ok());
    auto page = await(p->listMessages(channelId(kSupport), PageRequest{50, {}}), 60000);
    ASSERT_TRUE(page && page->ok()) << (page ? page->error().describe().toStdString() : "timeout");
    int own = 0;
    for (const Message& m : page->value().messages) {
        const bool byMe = findIdentity(p->identities(), m.author) != nullptr;
        EXPECT_EQ(m.flags.testFlag(MessageFlag::FromMe), byMe) << m.nativeId.toStdString();
        own += byMe ? 1 : 0;
    }
    EXPECT_GT(own, 0) << "#support has messages of alice's";
    EXPECT_LT(own, page->value().messages.size()) << "and of others";
}

} // namespace tributary::test
