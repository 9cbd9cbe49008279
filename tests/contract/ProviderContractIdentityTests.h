#pragma once

// The identity cases of the abstract provider contract (issue 13 §1). Included once, after
// ProviderContractTests.h, by the file that instantiates the suite for every provider: each
// TEST_P below then runs for each provider (Imap/ProviderContract.*, Slack/ProviderContract.*).

#include "ProviderContractTests.h"

namespace tributary::test {

//! After a successful connect a provider knows who the user is: at least one identity, with
//! an address, exactly one of them the default; mail identities are email addresses.
TEST_P(ProviderContract, ReportsIdentitiesAfterConnect) {
    auto r = await(m_provider->connectAccount());
    ASSERT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
    const QList<Identity> identities = m_provider->identities();
    ASSERT_FALSE(identities.isEmpty()) << "no identity after connectAccount()";
    int defaults = 0;
    for (const Identity& identity : identities) {
        EXPECT_FALSE(identity.address.trimmed().isEmpty());
        if (!m_provider->capabilities().testFlag(Capability::ChatChannels)) {
            EXPECT_TRUE(identity.address.contains(QLatin1Char('@'))) << identity.address.toStdString();
        }
        defaults += identity.isDefault ? 1 : 0;
    }
    EXPECT_EQ(defaults, 1);
    EXPECT_TRUE(m_provider->defaultIdentity().isDefault);
    EXPECT_NE(findIdentity(identities, m_provider->defaultIdentity().participant()), nullptr);
}

//! What the provider sends comes back written by one of its identities and marked FromMe;
//! what others wrote is not.
TEST_P(ProviderContract, OwnMessagesAreMarkedFromMeByIdentity) {
    auto r = await(m_provider->connectAccount());
    ASSERT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
    const Channel channel = primary();
    ASSERT_FALSE(channel.id.isEmpty());
    const QString theirs = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, theirs));
    const QString mine = uniqueMarker();
    auto sent = await(m_provider->send(m_harness->outgoing(mine)), 60000);
    ASSERT_TRUE(sent && sent->ok()) << (sent ? sent->error().describe().toStdString() : "timeout");
    ASSERT_TRUE(m_harness->waitForDeliveries());

    QList<Message> own;
    ASSERT_TRUE(waitUntil([&] { return !(own = findMarked(channel, mine)).isEmpty(); }, 30000))
        << "the sent message did not show up";
    for (const Message& m : own) {
        EXPECT_TRUE(m.flags.testFlag(MessageFlag::FromMe)) << m.nativeId.toStdString();
        EXPECT_NE(findIdentity(m_provider->identities(), m.author), nullptr)
            << "written by " << m.author.address.toStdString();
    }
    const QList<Message> others = findMarked(channel, theirs);
    ASSERT_FALSE(others.isEmpty());
    for (const Message& m : others) {
        EXPECT_FALSE(m.flags.testFlag(MessageFlag::FromMe)) << m.nativeId.toStdString();
        EXPECT_EQ(findIdentity(m_provider->identities(), m.author), nullptr);
    }
}

} // namespace tributary::test
