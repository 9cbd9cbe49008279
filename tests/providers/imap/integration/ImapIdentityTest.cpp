// IMAP identities against the local Dovecot and Postfix (issue 13 §1): the address, the name
// and the aliases of the account form are reported as the provider's identities, mail from
// any of them is the user's own (MessageFlag::FromMe, kept through flag changes), and a
// message sent as an alias goes out with the alias in From.

#include "ImapTestSupport.h"

namespace tributary::test {

namespace {

class ImapIdentityTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_SERVERS(); }

    static QString alias() { return QStringLiteral("support@") + TestEnv::get().domain; }
    static QString privateAlias() { return QStringLiteral("alice.alias@") + TestEnv::get().domain; }

    //! alice, with a name and two aliases as the account form takes them.
    ImapProvider& alice() {
        Account account = TestEnv::get().imapAccount(QStringLiteral("alice"));
        account.settings.insert(QStringLiteral("fullName"), QStringLiteral("Alice Example"));
        account.settings.insert(QStringLiteral("aliases"),
                                QStringLiteral("Alice Support <%1>, %2").arg(alias(), privateAlias()));
        m_fixtures.push_back(makeImapProvider(account));
        return *m_fixtures.back().provider;
    }

    static Channel inbox(Provider& p) {
        auto r = await(p.listChannels());
        EXPECT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
        return r && r->ok() ? channelWithRole(r->value(), ChannelRole::Inbox) : Channel{};
    }

    static QByteArray mail(const QString& from, const QString& to, const QString& subject) {
        QByteArray raw;
        raw +=
            "From: " + from.toUtf8() + "\r\nTo: " + to.toUtf8() + "\r\nSubject: " + subject.toUtf8() + "\r\n";
        raw += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n";
        raw += "Message-ID: <" + QUuid::createUuid().toString(QUuid::Id128).toUtf8() + "@identity.test>\r\n";
        raw += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n";
        return raw;
    }

    std::vector<ImapFixture> m_fixtures;
};

} // namespace

TEST_F(ImapIdentityTest, ReportsTheAddressNameAndAliasesOfTheAccount) {
    ImapProvider& p = alice();
    auto connected = await(p.connectAccount());
    ASSERT_TRUE(connected && connected->ok())
        << (connected ? connected->error().describe().toStdString() : "timeout");
    const QList<Identity> identities = p.identities();
    ASSERT_EQ(identities.size(), 3);
    EXPECT_EQ(identities[0].address, TestEnv::get().address(QStringLiteral("alice")));
    EXPECT_EQ(identities[0].displayName, QStringLiteral("Alice Example"));
    EXPECT_TRUE(identities[0].isDefault);
    EXPECT_EQ(identities[1].address, alias());
    EXPECT_EQ(identities[1].displayName, QStringLiteral("Alice Support"));
    EXPECT_FALSE(identities[1].isDefault);
    EXPECT_EQ(identities[2].address, privateAlias());
    EXPECT_EQ(identities[2].displayName, QStringLiteral("Alice Example"));
    EXPECT_EQ(p.defaultIdentity(), identities[0]);
}

TEST_F(ImapIdentityTest, MailFromAnAliasIsTheUsersOwnAndStaysSoWhenItsFlagsChange) {
    ImapProvider& p = alice();
    const Channel box = inbox(p);
    ASSERT_FALSE(box.id.isEmpty());
    const QString marker = uniqueMarker();
    const QString bob = TestEnv::get().address(QStringLiteral("bob"));
    ASSERT_TRUE(deliverRaw(QStringLiteral("alice"), mail(QStringLiteral("Alice Support <%1>").arg(alias()),
                                                         bob, marker + QStringLiteral(" own"))));
    ASSERT_TRUE(deliverRaw(QStringLiteral("alice"), mail(bob, alias(), marker + QStringLiteral(" theirs"))));

    auto first = await(p.listMessages(box.id, PageRequest{50, {}}));
    ASSERT_TRUE(first && first->ok());
    const QList<Message> listed = messagesWithMarker(p, box, marker);
    ASSERT_EQ(listed.size(), 2);
    QHash<QString, MessageFlags> known;
    Message own;
    for (const Message& m : listed) {
        known.insert(m.id, m.flags);
        const bool mine = m.subject.endsWith(QStringLiteral(" own"));
        EXPECT_EQ(m.flags.testFlag(MessageFlag::FromMe), mine) << m.subject.toStdString();
        if (mine)
            own = m;
    }
    auto body = await(p.fetchBody(own.id));
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().flags.testFlag(MessageFlag::FromMe)) << "a fetched body too";

    // Another client reads it: the change reports the new flags, still the user's own.
    ImapFixture other = makeImapProvider(TestEnv::get().imapAccount(QStringLiteral("alice")));
    auto read = await(other.provider->setFlags({own.id}, MessageFlag::Read, {}));
    ASSERT_TRUE(read && read->ok()) << (read ? read->error().describe().toStdString() : "timeout");
    auto changes = await(p.syncChanges(box.id, first->value().syncState, known));
    ASSERT_TRUE(changes && changes->ok())
        << (changes ? changes->error().describe().toStdString() : "timeout");
    ASSERT_EQ(changes->value().flagsChanged.size(), 1);
    EXPECT_EQ(changes->value().flagsChanged.first().flags, MessageFlag::Read | MessageFlag::FromMe);
}

TEST_F(ImapIdentityTest, SendingAsAnAliasPutsTheAliasInFrom) {
    ImapProvider& p = alice();
    const QString marker = uniqueMarker();
    OutgoingMessage out;
    out.clientId = QStringLiteral("identity-") + marker;
    out.from = p.identities().at(1).participant();
    out.to = {Participant{TestEnv::get().address(QStringLiteral("alice")), {}, {}}};
    out.subject = QStringLiteral("As support ") + marker;
    out.text = QStringLiteral("Sent from the alias.");
    auto sent = await(p.send(out), 60000);
    ASSERT_TRUE(sent && sent->ok()) << (sent ? sent->error().describe().toStdString() : "timeout");
    ASSERT_TRUE(TestEnv::get().waitForMailQueueEmpty());
    const QList<Message> arrived = waitForMarker(p, inbox(p), marker);
    ASSERT_EQ(arrived.size(), 1);
    EXPECT_EQ(arrived.first().author.address, alias());
    EXPECT_EQ(arrived.first().author.displayName, QStringLiteral("Alice Support"));
    EXPECT_TRUE(arrived.first().flags.testFlag(MessageFlag::FromMe));
}

} // namespace tributary::test
