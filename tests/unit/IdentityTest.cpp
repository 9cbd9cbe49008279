// Identities in the provider contract (issue 13 §1): what a provider reports, reply all
// leaving out every address and alias of the user, and the alias a reply goes out from.

#include "FakeProvider.h"
#include "compose/ReplyBuilder.h"
#include "imap/ImapIdentities.h"
#include "imap/ImapSettings.h"

#include <QSignalSpy>
#include <gtest/gtest.h>

using namespace tributary;

namespace {

Participant person(const QString& name, const QString& address) {
    return Participant{address, name, {}};
}

QStringList addresses(const QList<Participant>& people) {
    QStringList out;
    for (const Participant& p : people)
        out.append(p.address);
    return out;
}

//! The user of one account: the address, a support alias and a private one.
const QList<Identity> kWork{
    Identity{QStringLiteral("me@work.example"), QStringLiteral("Me Myself"), true, {}, {}},
    Identity{QStringLiteral("support@work.example"), QStringLiteral("Support Team"), false, {}, {}},
    Identity{QStringLiteral("m.myself@work.example"), QStringLiteral("Me Myself"), false, {}, {}},
};

Message mailTo(const QList<Participant>& to, const QList<Participant>& cc = {}) {
    Message m;
    m.id = QStringLiteral("v1:m:work:INBOX;UIDVALIDITY=1;UID=3");
    m.accountId = QStringLiteral("work");
    m.author = person(QStringLiteral("Ann"), QStringLiteral("ann@example.org"));
    m.to = to;
    m.cc = cc;
    m.subject = QStringLiteral("Refund");
    m.messageIdHeader = QStringLiteral("refund@example.org");
    return m;
}

} // namespace

TEST(Identity, MatchesAnAddressWhateverItsCase) {
    const Identity alias = kWork[1];
    EXPECT_TRUE(alias.matches(person({}, QStringLiteral(" SUPPORT@Work.Example "))));
    EXPECT_FALSE(alias.matches(person({}, QStringLiteral("support@work.example.org"))));
    EXPECT_FALSE(Identity{}.matches(Participant{}));
    EXPECT_EQ(findIdentity(kWork, person({}, QStringLiteral("m.myself@WORK.example"))), &kWork[2]);
    EXPECT_EQ(findIdentity(kWork, person({}, QStringLiteral("ann@example.org"))), nullptr);
    EXPECT_EQ(alias.participant(),
              person(QStringLiteral("Support Team"), QStringLiteral("support@work.example")));
}

TEST(Identity, ReplyAllLeavesOutEveryAliasOfTheUser) {
    const Message m = mailTo({person(QStringLiteral("Support"), QStringLiteral("Support@Work.example")),
                              person(QStringLiteral("Bob"), QStringLiteral("bob@example.org"))},
                             {person(QStringLiteral("Me"), QStringLiteral("me@work.example")),
                              person(QStringLiteral("Me again"), QStringLiteral("M.Myself@work.example")),
                              person(QStringLiteral("Carol"), QStringLiteral("carol@example.org"))});
    const ReplyDraft all = startReply(m, SendKind::ReplyAll, kWork);
    EXPECT_EQ(addresses(all.message.to),
              (QStringList{QStringLiteral("ann@example.org"), QStringLiteral("bob@example.org")}));
    EXPECT_EQ(addresses(all.message.cc), QStringList{QStringLiteral("carol@example.org")});
}

TEST(Identity, AReplyToMailTheUserSentFromAnAliasGoesToItsRecipients) {
    Message m = mailTo({person(QStringLiteral("Bob"), QStringLiteral("bob@example.org"))});
    m.author = kWork[1].participant();
    const ReplyDraft reply = startReply(m, SendKind::Reply, kWork);
    EXPECT_EQ(addresses(reply.message.to), QStringList{QStringLiteral("bob@example.org")});
    EXPECT_EQ(replyIdentity(m, kWork).address, QStringLiteral("support@work.example"))
        << "from where it was sent";
}

TEST(Identity, AReplyGoesOutFromTheAliasTheMailWasSentTo) {
    const Message toSupport =
        mailTo({person(QStringLiteral("Help"), QStringLiteral("SUPPORT@work.example"))});
    EXPECT_EQ(replyIdentity(toSupport, kWork), kWork[1]);
    // To wins over Cc, Cc over the default.
    const Message both = mailTo({person({}, QStringLiteral("m.myself@work.example"))},
                                {person({}, QStringLiteral("support@work.example"))});
    EXPECT_EQ(replyIdentity(both, kWork), kWork[2]);
    const Message copied = mailTo({person({}, QStringLiteral("list@example.org"))},
                                  {person({}, QStringLiteral("support@work.example"))});
    EXPECT_EQ(replyIdentity(copied, kWork), kWork[1]);
    // Sent to none of them (a list, a Bcc): the default.
    const Message list = mailTo({person({}, QStringLiteral("list@example.org"))});
    EXPECT_EQ(replyIdentity(list, kWork), kWork[0]);
    EXPECT_EQ(replyIdentity(list, {}), Identity{});
}

TEST(Identity, AProviderReportsExactlyOneDefaultAndSignalsChangesOnly) {
    test::FakeProvider provider(QStringLiteral("work"));
    EXPECT_TRUE(provider.identities().isEmpty());
    EXPECT_EQ(provider.defaultIdentity(), Identity{});
    QSignalSpy changed(&provider, &Provider::identitiesChanged);
    QList<Identity> none = kWork;
    for (Identity& i : none)
        i.isDefault = false;
    provider.reportIdentities(none);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_TRUE(provider.identities().first().isDefault) << "the first, when none is marked";
    EXPECT_EQ(provider.defaultIdentity().address, QStringLiteral("me@work.example"));
    provider.reportIdentities(provider.identities());
    EXPECT_EQ(changed.size(), 1) << "nothing changed";
    QList<Identity> two = kWork;
    two[0].isDefault = false;
    two[1].isDefault = true;
    two[2].isDefault = true;
    provider.reportIdentities(two);
    EXPECT_EQ(changed.size(), 2);
    EXPECT_EQ(std::count_if(provider.identities().cbegin(), provider.identities().cend(),
                            [](const Identity& i) { return i.isDefault; }),
              1);
    EXPECT_EQ(provider.defaultIdentity().address, QStringLiteral("support@work.example"))
        << "the first marked";
}

TEST(Identity, ImapAliasesComeFromTheAccountForm) {
    Account account;
    account.id = QStringLiteral("work");
    account.providerId = QStringLiteral("imap");
    account.settings = {
        {QStringLiteral("imapHost"), QStringLiteral("imap.work.example")},
        {QStringLiteral("emailAddress"), QStringLiteral("me@work.example")},
        {QStringLiteral("fullName"), QStringLiteral("Me Myself")},
        {QStringLiteral("aliases"),
         QStringLiteral("\"Support, Team\" <support@work.example>; m.myself@work.example\nME@work.example")},
    };
    const auto settings = imap::ImapSettings::fromAccount(account);
    ASSERT_TRUE(settings.ok()) << settings.error().describe().toStdString();
    const QList<Identity> identities = imap::imapIdentities(settings.value());
    ASSERT_EQ(identities.size(), 3) << "the primary address once";
    EXPECT_EQ(identities[0],
              (Identity{QStringLiteral("me@work.example"), QStringLiteral("Me Myself"), true, {}, {}}));
    EXPECT_EQ(
        identities[1],
        (Identity{QStringLiteral("support@work.example"), QStringLiteral("Support, Team"), false, {}, {}}));
    EXPECT_EQ(identities[2],
              (Identity{QStringLiteral("m.myself@work.example"), QStringLiteral("Me Myself"), false, {}, {}}))
        << "an alias without a name takes the account's";

    account.settings.insert(QStringLiteral("aliases"), QStringList{QStringLiteral("support@work.example"),
                                                                   QStringLiteral("Support desk")});
    const auto bad = imap::ImapSettings::fromAccount(account);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::Invalid);
    EXPECT_TRUE(bad.error().message.contains(QStringLiteral("\u201cSupport desk\u201d")))
        << bad.error().message.toStdString();
}

TEST(Identity, ImapMarksMailFromAnyOfTheUsersAddressesAsFromMe) {
    imap::ImapSettings settings;
    settings.emailAddress = QStringLiteral("me@work.example");
    settings.aliases = {person({}, QStringLiteral("support@work.example"))};
    const imap::OwnAddresses own(settings);
    Message fromAlias;
    fromAlias.author = person(QStringLiteral("Support"), QStringLiteral("Support@Work.Example"));
    own.mark(fromAlias);
    EXPECT_TRUE(fromAlias.flags.testFlag(MessageFlag::FromMe));
    Message fromAnn = mailTo({kWork[1].participant()});
    own.mark(fromAnn);
    EXPECT_FALSE(fromAnn.flags.testFlag(MessageFlag::FromMe)) << "sent to the user, not by them";
    Message nobody;
    own.mark(nobody);
    EXPECT_FALSE(nobody.flags.testFlag(MessageFlag::FromMe));
}
