#include "inbox/InboxStore.h"

#include "InboxTestMessages.h"
#include "inbox/ThreadingEngine.h"

#include <QSignalSpy>
#include <gtest/gtest.h>

using namespace tributary;
using inboxtest::day;
using inboxtest::headerThread;
using inboxtest::Mail;
using inboxtest::s;

namespace {

QStringList sorted(QStringList list) {
    list.sort();
    return list;
}

QStringList idsOf(const QList<Message>& messages) {
    QStringList out;
    for (const Message& m : messages)
        out.append(m.id);
    return out;
}

} // namespace

TEST(InboxStore, AggregatesAThreadAcrossFoldersAndAccounts) {
    InboxStore store;
    const Message root = Mail("work", "INBOX/1")
                             .msgId("root@x")
                             .subject("Offsite plan")
                             .from("ann@example.test", "Ann")
                             .to("me@work.test", "Me")
                             .snippet("Shall we meet in June?")
                             .at(day(0));
    const Message mine = Mail("work", "Sent/1")
                             .channel("Sent")
                             .msgId("mine@x")
                             .refs({"root@x"})
                             .subject("Re: Offsite plan")
                             .from("me@work.test", "Me")
                             .to("ann@example.test", "Ann")
                             .snippet("June works")
                             .read()
                             .at(day(1));
    const Message rootCopy = Mail("home", "INBOX/9")
                                 .msgId("root@x")
                                 .subject("Offsite plan")
                                 .from("ann@example.test", "Ann")
                                 .at(day(0));
    const Message bob = Mail("work", "INBOX/2")
                            .msgId("bob@x")
                            .refs({"root@x", "mine@x"})
                            .subject("Re: Offsite plan")
                            .from("bob@example.test", "Bob")
                            .snippet("Agenda attached")
                            .attachment()
                            .flagged()
                            .at(day(2));
    store.addMessages({bob, rootCopy, mine, root});

    ASSERT_EQ(store.threadCount(), 1);
    EXPECT_EQ(store.messageCount(), 4);
    const auto t = store.thread(headerThread("root@x"));
    ASSERT_TRUE(t);
    EXPECT_EQ(t->id, headerThread("root@x"));
    EXPECT_EQ(t->subject, QStringLiteral("Offsite plan"));
    EXPECT_EQ(t->kind, ConversationKind::Email);
    ASSERT_EQ(t->participants.size(), 3);
    EXPECT_EQ(t->participants[0].label(), QStringLiteral("Ann"));
    EXPECT_EQ(t->participants[1].label(), QStringLiteral("Me"));
    EXPECT_EQ(t->participants[2].label(), QStringLiteral("Bob"));
    EXPECT_EQ(t->latestActivity, day(2));
    EXPECT_EQ(t->snippet, QStringLiteral("Agenda attached"));
    EXPECT_EQ(t->messageCount, 3) << "the two copies of the root count once";
    EXPECT_EQ(t->unreadCount, 2) << "root (both copies unread) and Bob's reply";
    EXPECT_TRUE(t->flagged);
    EXPECT_TRUE(t->hasAttachments);
    EXPECT_EQ(t->accountIds, (QStringList{QStringLiteral("home"), QStringLiteral("work")}));
    EXPECT_EQ(t->channelIds.size(), 3);
    EXPECT_EQ(t->messageIds.size(), 4) << "both copies are kept as messages";

    const QList<Message> ordered = store.messagesInThread(t->id);
    ASSERT_EQ(ordered.size(), 4);
    EXPECT_EQ(ordered.back().id, bob.id) << "oldest first";
    EXPECT_EQ(ordered[2].id, mine.id);
    for (const Message& m : ordered)
        EXPECT_EQ(m.threadId, t->id);
    EXPECT_EQ(store.message(mine.id)->threadId, t->id);
    EXPECT_FALSE(store.message(QStringLiteral("nope")));
    EXPECT_FALSE(store.thread(QStringLiteral("nope")));
}

TEST(InboxStore, KeepsEnvelopesOnly) {
    InboxStore store;
    Message m = Mail("acc", "1").msgId("a@x").subject("Body");
    m.text = QStringLiteral("  Hello\n\nthere  ");
    m.html = QStringLiteral("<p>Hello there</p>");
    m.bodyLoaded = true;
    store.addMessages({m});
    const auto stored = store.message(m.id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->text.isEmpty());
    EXPECT_TRUE(stored->html.isEmpty());
    EXPECT_FALSE(stored->bodyLoaded);
    EXPECT_EQ(stored->snippet, QStringLiteral("Hello there")) << "a snippet is derived before the body goes";
    EXPECT_EQ(store.threads().first().snippet, QStringLiteral("Hello there"));
}

// A chat conversation is its channel (issue 13 §4): it has no subject (the channel names it),
// and its snippet is the newest message.
TEST(InboxStore, ChatConversationsAreTheirChannel) {
    InboxStore store;
    store.addMessages(
        {Mail("slack", "C1/1.0").chat().nativeThread("C1/1.0").snippet("Deploy is green\nsee CI"),
         Mail("slack", "C1/1.5").chat().nativeThread("C1/1.0").snippet("thanks!").at(day(1))});
    ASSERT_EQ(store.threadCount(), 1);
    const Thread t = store.threads().first();
    EXPECT_EQ(t.kind, ConversationKind::Chat);
    EXPECT_TRUE(t.subject.isEmpty());
    EXPECT_EQ(t.snippet, QStringLiteral("thanks!"));
    EXPECT_EQ(t.id, ThreadingEngine::chatConversationId(
                        QStringLiteral("slack"),
                        makeId(IdKind::Channel, QStringLiteral("slack"), QStringLiteral("INBOX"))));
}

TEST(InboxStore, EmitsOneBatchPerCall) {
    InboxStore store;
    QSignalSpy inserted(&store, &InboxStore::threadsInserted);
    QSignalSpy changed(&store, &InboxStore::threadsChanged);
    QSignalSpy removed(&store, &InboxStore::threadsRemoved);
    QSignalSpy merged(&store, &InboxStore::threadsMerged);

    store.addMessages({Mail("acc", "1").msgId("a@x").subject("A"), Mail("acc", "2").msgId("b@x").subject("B"),
                       Mail("acc", "3").msgId("c@x").subject("C"),
                       Mail("acc", "4").msgId("a2@x").refs({"a@x"}).subject("Re: A").at(day(1))});
    ASSERT_EQ(inserted.count(), 1);
    EXPECT_EQ(sorted(inserted.at(0).at(0).toStringList()),
              (QStringList{headerThread("a@x"), headerThread("b@x"), headerThread("c@x")}));
    EXPECT_EQ(changed.count(), 0);

    // A reply to B and an orphan whose parent arrives in the next call.
    store.addMessages({Mail("acc", "5").msgId("b2@x").refs({"b@x"}).subject("Re: B").at(day(2)),
                       Mail("acc", "6").msgId("d2@x").refs({"d@x"}).subject("Re: D").at(day(2))});
    EXPECT_EQ(inserted.count(), 2);
    EXPECT_EQ(inserted.at(1).at(0).toStringList(), QStringList{headerThread("d@x")});
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.at(0).at(0).toStringList(), QStringList{headerThread("b@x")});

    // D arrives as a reply to C: thread D merges into C.
    store.addMessages({Mail("acc", "7").msgId("d@x").refs({"c@x"}).subject("Re: C").at(day(1))});
    ASSERT_EQ(merged.count(), 1);
    const auto map = merged.at(0).at(0).value<QHash<QString, QString>>();
    EXPECT_EQ(map.value(headerThread("d@x")), headerThread("c@x"));
    ASSERT_EQ(removed.count(), 1);
    EXPECT_EQ(removed.at(0).at(0).toStringList(), QStringList{headerThread("d@x")});
    EXPECT_EQ(changed.count(), 2);
    EXPECT_EQ(changed.at(1).at(0).toStringList(), QStringList{headerThread("c@x")});
    EXPECT_EQ(store.thread(headerThread("c@x"))->messageCount, 3);
    EXPECT_EQ(store.threadCount(), 3);

    // An identical envelope again changes nothing and emits nothing.
    store.addMessages({Mail("acc", "1").msgId("a@x").subject("A")});
    EXPECT_EQ(changed.count(), 2);
    EXPECT_EQ(inserted.count(), 2);
}

TEST(InboxStore, AppliesEvents) {
    InboxStore store;
    QSignalSpy inserted(&store, &InboxStore::threadsInserted);
    QSignalSpy changed(&store, &InboxStore::threadsChanged);
    QSignalSpy removed(&store, &InboxStore::threadsRemoved);

    Event created;
    created.kind = EventKind::Created;
    created.accountId = QStringLiteral("acc");
    created.messages = {Mail("acc", "1").msgId("a@x").subject("Hello").at(day(0)),
                        Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: Hello").at(day(1))};
    store.applyEvent(created);
    ASSERT_EQ(inserted.count(), 1);
    const QString t = headerThread("a@x");
    EXPECT_EQ(store.thread(t)->unreadCount, 2);

    Event read;
    read.kind = EventKind::ReadChanged;
    read.messageIds = {created.messages[0].id};
    Message flagsOnly;
    flagsOnly.id = created.messages[0].id;
    flagsOnly.flags = MessageFlag::Read;
    read.messages = {flagsOnly};
    store.applyEvent(read);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(store.thread(t)->unreadCount, 1);
    EXPECT_EQ(store.message(flagsOnly.id)->subject, QStringLiteral("Hello")) << "only flags are taken";
    store.applyEvent(read); // same flags again: no signal
    EXPECT_EQ(changed.count(), 1);

    Event updated;
    updated.kind = EventKind::Updated;
    Message edited = created.messages[1];
    edited.snippet = QStringLiteral("edited");
    edited.flags = MessageFlag::Flagged;
    updated.messages = {edited};
    store.applyEvent(updated);
    ASSERT_EQ(changed.count(), 2);
    EXPECT_TRUE(store.thread(t)->flagged);
    EXPECT_EQ(store.thread(t)->snippet, QStringLiteral("edited"));

    Event typing;
    typing.kind = EventKind::Typing;
    typing.payload = {{QStringLiteral("typing"), QStringLiteral("U1")}};
    store.applyEvent(typing);
    EXPECT_EQ(changed.count(), 2);

    Event deleted;
    deleted.kind = EventKind::Deleted;
    deleted.messageIds = {created.messages[1].id};
    store.applyEvent(deleted);
    ASSERT_EQ(changed.count(), 3);
    EXPECT_EQ(store.thread(t)->messageCount, 1);
    EXPECT_FALSE(store.thread(t)->flagged);
    deleted.messageIds = {created.messages[0].id};
    store.applyEvent(deleted);
    ASSERT_EQ(removed.count(), 1);
    EXPECT_EQ(removed.at(0).at(0).toStringList(), QStringList{t});
    EXPECT_EQ(store.threadCount(), 0);
    EXPECT_EQ(store.messageCount(), 0);
}

TEST(InboxStore, RemoveAccountKeepsWhatOtherAccountsHold) {
    InboxStore store;
    store.addMessages({Mail("work", "1").msgId("a@x").subject("Shared").at(day(0)),
                       Mail("home", "1").msgId("a@x").subject("Shared").at(day(0)),
                       Mail("home", "2").msgId("b@x").refs({"a@x"}).subject("Re: Shared").at(day(1)),
                       Mail("work", "2").msgId("w@x").subject("Work only").at(day(0))});
    ASSERT_EQ(store.threadCount(), 2);
    QSignalSpy removed(&store, &InboxStore::threadsRemoved);
    QSignalSpy changed(&store, &InboxStore::threadsChanged);
    store.removeAccount(QStringLiteral("work"));
    ASSERT_EQ(removed.count(), 1);
    EXPECT_EQ(removed.at(0).at(0).toStringList(), QStringList{headerThread("w@x")});
    ASSERT_EQ(changed.count(), 1);
    const auto shared = store.thread(headerThread("a@x"));
    ASSERT_TRUE(shared);
    EXPECT_EQ(shared->accountIds, QStringList{QStringLiteral("home")});
    EXPECT_EQ(idsOf(store.messagesInThread(shared->id)),
              (QStringList{makeId(IdKind::Message, QStringLiteral("home"), QStringLiteral("1")),
                           makeId(IdKind::Message, QStringLiteral("home"), QStringLiteral("2"))}));
}

TEST(InboxStore, KnownParticipantsMostFrequentFirst) {
    InboxStore store;
    store.addMessages({Mail("acc", "1").msgId("1@x").from("ann@x.test", "Ann").to("bob@x.test"),
                       Mail("acc", "2").msgId("2@x").from("Bob@X.test", "Bob B.").to("ann@x.test"),
                       Mail("acc", "3").msgId("3@x").from("bob@x.test").to("cy@x.test", "Cy"),
                       Mail("acc", "4").msgId("4@x").from("bob@x.test").to("ann@x.test")});
    const QList<Participant> people = store.knownParticipants();
    ASSERT_EQ(people.size(), 3);
    EXPECT_EQ(people[0].address.toLower(), QStringLiteral("bob@x.test"));
    EXPECT_EQ(people[0].displayName, QStringLiteral("Bob B.")) << "a name, once seen, is kept";
    EXPECT_EQ(people[1].address, QStringLiteral("ann@x.test"));
    EXPECT_EQ(people[2].label(), QStringLiteral("Cy"));

    store.removeMessages({makeId(IdKind::Message, QStringLiteral("acc"), QStringLiteral("3"))});
    EXPECT_EQ(store.knownParticipants().size(), 2) << "Cy only appeared in the removed message";
}
