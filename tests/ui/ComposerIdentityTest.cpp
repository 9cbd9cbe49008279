// The composer's From list comes from the providers' identities (issue 13 §1): one entry per
// address and alias, the default chosen; a reply goes out from the alias the mail was sent to
// (as Thunderbird does), reply all leaves out every alias; identities a provider learns later
// join the list.

#include "../unit/FakeClock.h"
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "compose/ComposerWindow.h"
#include "compose/Outbox.h"
#include "compose/RecipientEdit.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QComboBox>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeClock;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

Participant person(const QString& name, const QString& address) {
    return Participant{address, name, {}};
}

const QList<Identity> kWorkIdentities{
    Identity{QStringLiteral("me@work.example"), QStringLiteral("Me Myself"), true, {}, {}},
    Identity{QStringLiteral("support@work.example"), QStringLiteral("Support Team"), false, {}, {}},
    Identity{QStringLiteral("sales@work.example"), QStringLiteral("Me Myself"), false, {}, {}},
};

class ComposerIdentityTest : public ::testing::Test {
protected:
    ComposerIdentityTest()
        : work(QStringLiteral("work"))
        , home(QStringLiteral("home"))
        , sync(&store, nullptr) {
        for (FakeProvider* p : {&work, &home})
            p->sending = true;
        work.reportIdentities(kWorkIdentities);
        home.reportIdentities(
            {Identity{QStringLiteral("me@home.example"), QStringLiteral("Me"), true, {}, {}}});
        workInbox = work.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        sync.addProvider(&work);
        sync.addProvider(&home);
        outbox = std::make_unique<Outbox>([this](const QString& id) { return sync.provider(id); }, clock,
                                          Outbox::Options{});
        services = ComposerServices{&sync, &store, outbox.get(), nullptr, clock};
    }

    //! A message in the work inbox from Ann to these people.
    Message received(const QList<Participant>& to, const QList<Participant>& cc = {}) {
        Message m = work.addMessages(workInbox, 1, true).first();
        m.subject = QStringLiteral("Refund");
        m.author = person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org"));
        m.to = to;
        m.cc = cc;
        work.replaceMessage(m);
        store.addMessages({m});
        return *store.message(m.id);
    }

    //! The From entries of an account, as shown.
    static QStringList entriesOf(const QComboBox* from, const QString& accountId) {
        QStringList out;
        for (int i = 0; i < from->count(); ++i) {
            if (from->itemData(i).toString() == accountId)
                out.append(from->itemText(i));
        }
        return out;
    }

    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    FakeProvider work;
    FakeProvider home;
    FakeProvider later{QStringLiteral("later")}; //!< reports its identities only when a test says so
    Channel workInbox;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<Outbox> outbox;
    ComposerServices services;
};

} // namespace

TEST_F(ComposerIdentityTest, FromListsEveryIdentityWithTheDefaultChosen) {
    ComposerWindow w(services);
    w.beginNew(QStringLiteral("work"));
    const QComboBox* from = w.fromPicker();
    EXPECT_EQ(entriesOf(from, QStringLiteral("work")),
              (QStringList{QStringLiteral("Me Myself <me@work.example>  ·  work"),
                           QStringLiteral("Support Team <support@work.example>  ·  work"),
                           QStringLiteral("Me Myself <sales@work.example>  ·  work")}));
    EXPECT_EQ(entriesOf(from, QStringLiteral("home")),
              QStringList{QStringLiteral("Me <me@home.example>  ·  home")});
    EXPECT_EQ(from->currentText(), QStringLiteral("Me Myself <me@work.example>  ·  work"));
    EXPECT_TRUE(from->isEnabled());
    EXPECT_EQ(w.message().from, kWorkIdentities[0].participant());

    // Choosing an alias sends as the alias, from its account.
    w.fromPicker()->setCurrentIndex(
        w.fromPicker()->findText(QStringLiteral("Support Team <support@work.example>  ·  work")));
    EXPECT_EQ(w.accountId(), QStringLiteral("work"));
    EXPECT_EQ(w.message().from, kWorkIdentities[1].participant());
}

TEST_F(ComposerIdentityTest, AReplyGoesOutFromTheAliasTheMailWasSentTo) {
    const Message toSupport =
        received({person(QStringLiteral("Help"), QStringLiteral("Support@Work.example")),
                  person(QStringLiteral("Bob"), QStringLiteral("bob@example.org"))},
                 {person(QStringLiteral("Me"), QStringLiteral("me@work.example")),
                  person(QStringLiteral("Sales"), QStringLiteral("sales@work.example"))});
    ComposerWindow w(services);
    w.beginReply(toSupport.id, SendKind::ReplyAll);
    ASSERT_TRUE(waitUntil([&] { return w.phase() == ComposerWindow::Phase::Editing; }));
    EXPECT_EQ(w.accountId(), QStringLiteral("work"));
    EXPECT_EQ(w.fromPicker()->currentText(), QStringLiteral("Support Team <support@work.example>  ·  work"));
    EXPECT_EQ(w.message().from, kWorkIdentities[1].participant());
    // Reply all: Ann and Bob, none of the user's addresses.
    EXPECT_EQ(w.toEdit()->recipients(),
              (QList<Participant>{person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org")),
                                  person(QStringLiteral("Bob"), QStringLiteral("bob@example.org"))}));
    EXPECT_TRUE(w.ccEdit()->recipients().isEmpty());
}

TEST_F(ComposerIdentityTest, IdentitiesLearnedWhileTheWindowIsOpenJoinTheList) {
    later.sending = true;
    sync.addProvider(&later);
    ComposerWindow w(services);
    w.beginNew(QStringLiteral("later"));
    EXPECT_EQ(entriesOf(w.fromPicker(), QStringLiteral("later")), QStringList{QStringLiteral("later")})
        << "one entry: the provider sends from its default";
    EXPECT_EQ(w.message().from, Participant{});
    later.reportIdentities({Identity{QStringLiteral("me@later.example"), QStringLiteral("Me"), true, {}, {}},
                            Identity{QStringLiteral("alias@later.example"), {}, false, {}, {}}});
    EXPECT_EQ(entriesOf(w.fromPicker(), QStringLiteral("later")),
              (QStringList{QStringLiteral("Me <me@later.example>  ·  later"),
                           QStringLiteral("alias@later.example  ·  later")}));
    EXPECT_EQ(w.accountId(), QStringLiteral("later"));
    EXPECT_EQ(w.message().from.address, QStringLiteral("me@later.example")) << "its default, now known";
}
