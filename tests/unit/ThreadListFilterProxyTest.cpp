#include "InboxTestMessages.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "inbox/ThreadingEngine.h"

#include <QAbstractItemModelTester>
#include <gtest/gtest.h>

using namespace tributary;
using inboxtest::day;
using inboxtest::headerThread;
using inboxtest::Mail;
using inboxtest::s;

namespace {

// A chat conversation is its channel (issue 13 §4).
const QString kSlackThread = ThreadingEngine::chatConversationId(
    QStringLiteral("slack"), makeId(IdKind::Channel, QStringLiteral("slack"), QStringLiteral("C1")));

class ThreadFilterProxyTest : public ::testing::Test {
protected:
    void SetUp() override {
        store.addMessages({
            Mail("work", "INBOX/1")
                .msgId("budget@x")
                .subject("Budget review")
                .from("ann@x.test", "Ann")
                .snippet("numbers attached")
                .at(day(1)),
            Mail("work", "Sent/1")
                .channel("Sent")
                .msgId("lunch@x")
                .subject("Lunch")
                .from("me@x.test", "Me")
                .read()
                .flagged()
                .at(day(2)),
            Mail("home", "INBOX/1")
                .msgId("photos@x")
                .subject("Holiday photos")
                .from("bob@x.test", "Bob")
                .flagged()
                .at(day(3)),
            Mail("slack", "C1/1.0")
                .chat()
                .channel("C1")
                .nativeThread("C1/1.0")
                .from("U1", "Cy")
                .snippet("Deploy failed on main")
                .at(day(4)),
            Mail("home", "INBOX/2")
                .msgId("invoice@x")
                .subject("Invoice")
                .from("shop@x.test")
                .read()
                .at(day(5)),
        });
        proxy.setSourceModel(&model);
    }

    QStringList rows() const {
        QStringList out;
        for (int r = 0; r < proxy.rowCount(); ++r)
            out.append(proxy.index(r, 0).data(ThreadListModel::ThreadIdRole).toString());
        return out;
    }

    inboxtest::ModelTesterWarnings warnings;
    InboxStore store;
    ThreadListModel model{&store};
    ThreadFilterProxy proxy;
    QAbstractItemModelTester tester{&proxy, QAbstractItemModelTester::FailureReportingMode::Warning};
};

} // namespace

TEST_F(ThreadFilterProxyTest, SortsNewestFirst) {
    EXPECT_EQ(rows(), (QStringList{headerThread("invoice@x"), kSlackThread, headerThread("photos@x"),
                                   headerThread("lunch@x"), headerThread("budget@x")}));
    EXPECT_EQ(warnings.warnings(), 0);
}

TEST_F(ThreadFilterProxyTest, FiltersByAccountAndChannel) {
    proxy.setAccountFilter({QStringLiteral("work")});
    EXPECT_EQ(rows(), (QStringList{headerThread("lunch@x"), headerThread("budget@x")}));
    proxy.setAccountFilter({QStringLiteral("work"), QStringLiteral("slack")});
    EXPECT_EQ(rows(), (QStringList{kSlackThread, headerThread("lunch@x"), headerThread("budget@x")}));
    proxy.setAccountFilter({});
    EXPECT_EQ(proxy.rowCount(), 5);

    proxy.setChannelFilter(makeId(IdKind::Channel, QStringLiteral("work"), QStringLiteral("Sent")));
    EXPECT_EQ(rows(), QStringList{headerThread("lunch@x")});
    proxy.setChannelFilter(makeId(IdKind::Channel, QStringLiteral("slack"), QStringLiteral("C1")));
    EXPECT_EQ(rows(), QStringList{kSlackThread});
    proxy.setChannelFilter({});
    EXPECT_EQ(proxy.rowCount(), 5);
    EXPECT_EQ(warnings.warnings(), 0);
}

TEST_F(ThreadFilterProxyTest, FiltersByStateAndKind) {
    proxy.setUnreadOnly(true);
    EXPECT_EQ(rows(), (QStringList{kSlackThread, headerThread("photos@x"), headerThread("budget@x")}));
    proxy.setFlaggedOnly(true);
    EXPECT_EQ(rows(), QStringList{headerThread("photos@x")});
    proxy.setUnreadOnly(false);
    EXPECT_EQ(rows(), (QStringList{headerThread("photos@x"), headerThread("lunch@x")}));
    proxy.setFlaggedOnly(false);

    proxy.setKindFilter(ConversationKind::Chat);
    EXPECT_EQ(rows(), QStringList{kSlackThread});
    proxy.setKindFilter(ConversationKind::Email);
    EXPECT_EQ(proxy.rowCount(), 4);
    proxy.setKindFilter(std::nullopt);
    EXPECT_EQ(proxy.rowCount(), 5);
    EXPECT_EQ(warnings.warnings(), 0);
}

TEST_F(ThreadFilterProxyTest, FiltersByTextOverSendersSubjectAndSnippet) {
    proxy.setTextFilter(QStringLiteral("budget"));
    EXPECT_EQ(rows(), QStringList{headerThread("budget@x")});
    proxy.setTextFilter(QStringLiteral("  ANN   numbers "));
    EXPECT_EQ(rows(), QStringList{headerThread("budget@x")}) << "every word, in any field, any case";
    proxy.setTextFilter(QStringLiteral("deploy"));
    EXPECT_EQ(rows(), QStringList{kSlackThread});
    proxy.setTextFilter(QStringLiteral("bob photos"));
    EXPECT_EQ(rows(), QStringList{headerThread("photos@x")});
    proxy.setTextFilter(QStringLiteral("zzz"));
    EXPECT_EQ(proxy.rowCount(), 0);
    proxy.setTextFilter({});
    EXPECT_EQ(proxy.rowCount(), 5);
    EXPECT_EQ(warnings.warnings(), 0);
}

TEST_F(ThreadFilterProxyTest, StaysFilteredAndSortedWhileDataChanges) {
    proxy.setUnreadOnly(true);
    ASSERT_EQ(proxy.rowCount(), 3);

    // Reading the budget mail drops it from the unread view.
    Event read;
    read.kind = EventKind::ReadChanged;
    Message flags;
    flags.id = makeId(IdKind::Message, QStringLiteral("work"), QStringLiteral("INBOX/1"));
    flags.flags = MessageFlag::Read;
    read.messages = {flags};
    store.applyEvent(read);
    EXPECT_EQ(rows(), (QStringList{kSlackThread, headerThread("photos@x")}));

    // A new unread reply brings the read "Lunch" thread back, on top.
    store.addMessages(
        {Mail("work", "INBOX/9").msgId("l2@x").refs({"lunch@x"}).subject("Re: Lunch").at(day(9))});
    EXPECT_EQ(rows(), (QStringList{headerThread("lunch@x"), kSlackThread, headerThread("photos@x")}));

    // A chat reply re-sorts the rows.
    store.addMessages(
        {Mail("slack", "C1/2.0").chat().channel("C1").nativeThread("C1/1.0").snippet("fixed").at(day(10))});
    EXPECT_EQ(rows().first(), kSlackThread);

    // Combined filters, then a deletion.
    proxy.setAccountFilter({QStringLiteral("work"), QStringLiteral("home")});
    EXPECT_EQ(rows(), (QStringList{headerThread("lunch@x"), headerThread("photos@x")}));
    store.removeMessages({makeId(IdKind::Message, QStringLiteral("home"), QStringLiteral("INBOX/1"))});
    EXPECT_EQ(rows(), QStringList{headerThread("lunch@x")});
    EXPECT_EQ(warnings.warnings(), 0);
}
