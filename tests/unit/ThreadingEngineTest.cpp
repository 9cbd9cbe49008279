#include "inbox/ThreadingEngine.h"

#include "InboxTestMessages.h"

#include <algorithm>
#include <gtest/gtest.h>

using namespace tributary;
using inboxtest::day;
using inboxtest::headerThread;
using inboxtest::Mail;
using inboxtest::s;

namespace {

QString idOf(const Message& m) {
    return m.id;
}

//! message id -> thread id after feeding `messages` one call per message, in the given order.
QHash<QString, QString> threadOneByOne(const QList<Message>& messages) {
    ThreadingEngine engine;
    for (const Message& m : messages)
        engine.apply({m});
    QHash<QString, QString> out;
    for (const Message& m : messages)
        out.insert(m.id, engine.threadOf(m.id));
    return out;
}

} // namespace

// ---- subject normalization ----

TEST(ThreadingSubject, StripsReplyForwardPrefixesAndListTags) {
    struct Case {
        const char* subject;
        const char* base;
        bool reply;
    };
    const Case cases[] = {
        {"Re: Fwd: RE: [list] Budget", "Budget", true},
        {"AW: Budget", "Budget", true},
        {"SV: Budget", "Budget", true},
        {"Antw: Budget", "Budget", true},
        {"VS: Budget", "Budget", true},
        {"R\xC3\xA9"
         "f. : Budget",
         "Budget", true},
        {"R\xC3\xA9"
         "f.: Budget",
         "Budget", true},
        {"RE[2]: Budget", "Budget", true},
        {"Re(3): Budget", "Budget", true},
        {"Fw: Budget", "Budget", true},
        {"WG: Budget", "Budget", true},
        {"RE : Budget", "Budget", true},
        {"re:re:Budget", "Budget", true},
        {"\xE5\x9B\x9E\xE5\xA4\x8D\xEF\xBC\x9A Budget", "Budget", true}, // 回复：
        {"[team] Re: [team]   Budget   plan", "Budget plan", true},
        {"Budget (fwd)", "Budget", true},
        {"[list] Budget", "Budget", false},
        {"Budget", "Budget", false},
        {"Meeting: notes", "Meeting: notes", false},
        {"Regarding: Budget", "Regarding: Budget", false},
        {"[only a tag]", "[only a tag]", false},
        {"", "", false},
    };
    for (const Case& c : cases) {
        bool reply = !c.reply;
        EXPECT_EQ(ThreadingEngine::baseSubject(s(c.subject), &reply), s(c.base)) << c.subject;
        EXPECT_EQ(reply, c.reply) << c.subject;
    }
}

// ---- header threading ----

TEST(Threading, ReplyJoinsItsParent) {
    ThreadingEngine engine;
    const Message a = Mail("acc", "1").msgId("a@x").subject("Budget");
    const Message b = Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: Budget").at(day(1));
    const ThreadingChanges ch = engine.apply({a, b});
    EXPECT_EQ(engine.threadOf(a.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadOf(b.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadCount(), 1);
    EXPECT_EQ(ch.insertedThreads, QStringList{headerThread("a@x")});
    EXPECT_EQ(ch.assignedCount(), 2);
}

TEST(Threading, InReplyToAloneIsEnough) {
    ThreadingEngine engine;
    const Message a = Mail("acc", "1").msgId("<a@x>").subject("Budget");
    const Message b = Mail("acc", "2").msgId("b@x").inReplyTo("<a@x>").subject("Re: Budget");
    engine.apply({a, b});
    EXPECT_EQ(engine.threadOf(b.id), engine.threadOf(a.id));
    EXPECT_EQ(engine.threadOf(a.id), headerThread("a@x")) << "angle brackets are not part of the id";
}

TEST(Threading, SiblingsOfAMissingParentShareOneThread) {
    ThreadingEngine engine;
    const Message b = Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: Plan").at(day(1));
    const Message c = Mail("acc", "3").msgId("c@x").refs({"a@x"}).subject("Re: Plan").at(day(2));
    engine.apply({b});
    engine.apply({c});
    EXPECT_EQ(engine.threadOf(b.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadOf(c.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadCount(), 1);

    // Intermediate messages missing too: the full References chain still joins them.
    const Message d = Mail("acc", "4").msgId("d@x").refs({"a@x", "m1@x", "m2@x"}).subject("Re: Plan");
    engine.apply({d});
    EXPECT_EQ(engine.threadOf(d.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadCount(), 1);
}

TEST(Threading, ParentArrivingLaterReparentsAndReportsTheMerge) {
    ThreadingEngine engine;
    const Message b = Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: Plan").at(day(2));
    engine.apply({b});
    ASSERT_EQ(engine.threadOf(b.id), headerThread("a@x"));

    // The missing parent arrives and is itself a reply to an older message we never saw.
    const Message a = Mail("acc", "1").msgId("a@x").refs({"root@x"}).subject("Re: Plan").at(day(1));
    const ThreadingChanges ch = engine.apply({a});
    EXPECT_EQ(engine.threadOf(a.id), headerThread("root@x"));
    EXPECT_EQ(engine.threadOf(b.id), headerThread("root@x"));
    EXPECT_EQ(engine.threadCount(), 1);
    EXPECT_EQ(ch.removedThreads, QStringList{headerThread("a@x")});
    EXPECT_EQ(ch.mergedThreads.value(headerThread("a@x")), headerThread("root@x"));
    EXPECT_EQ(ch.insertedThreads, QStringList{headerThread("root@x")});
    EXPECT_EQ(ch.assignedThread(b.id), headerThread("root@x"));
    EXPECT_EQ(ch.previousThreads.value(b.id), headerThread("a@x")) << "b moved: the thread it left";
    EXPECT_FALSE(ch.previousThreads.contains(a.id)) << "a is new";
}

TEST(Threading, MessageLinkingTwoThreadsMergesThem) {
    ThreadingEngine engine;
    const Message x = Mail("acc", "1").msgId("x@x").refs({"p@x"}).subject("Re: A").at(day(1));
    const Message y = Mail("acc", "2").msgId("y@x").refs({"q@x"}).subject("Re: B").at(day(1));
    engine.apply({x, y});
    ASSERT_EQ(engine.threadCount(), 2);
    const Message q = Mail("acc", "3").msgId("q@x").refs({"p@x"}).subject("Re: A").at(day(2));
    const ThreadingChanges ch = engine.apply({q});
    EXPECT_EQ(engine.threadCount(), 1);
    EXPECT_EQ(engine.threadOf(y.id), headerThread("p@x"));
    EXPECT_EQ(ch.mergedThreads.value(headerThread("q@x")), headerThread("p@x"));
    EXPECT_EQ(ch.changedThreads, QStringList{headerThread("p@x")});
}

TEST(Threading, ArrivalOrderDoesNotChangeThreadIds) {
    QList<Message> messages = {
        Mail("acc", "1").msgId("a@x").subject("Trip").at(day(0)),
        Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: Trip").at(day(1)),
        Mail("acc", "3").msgId("c@x").refs({"a@x", "b@x"}).subject("Re: Trip").at(day(2)),
        Mail("acc", "4").msgId("d@x").refs({"a@x", "missing@x"}).subject("Re: Trip").at(day(3)),
        Mail("acc", "5").msgId("e@x").refs({"z@x"}).subject("Re: Other").at(day(3)),
        Mail("acc", "6").msgId("f@x").subject("Re: Trip").at(day(4)),
    };
    std::sort(messages.begin(), messages.end(),
              [](const Message& l, const Message& r) { return l.id < r.id; });
    const QHash<QString, QString> reference = threadOneByOne(messages);
    EXPECT_EQ(reference.value(messages[3].id), headerThread("a@x"));
    EXPECT_EQ(reference.value(messages[5].id), headerThread("a@x")) << "joined by subject";
    EXPECT_EQ(reference.value(messages[4].id), headerThread("z@x"));
    int permutations = 0;
    do {
        ASSERT_EQ(threadOneByOne(messages), reference) << "permutation " << permutations;
        ++permutations;
    } while (std::next_permutation(messages.begin(), messages.end(),
                                   [](const Message& l, const Message& r) { return l.id < r.id; }));
    EXPECT_EQ(permutations, 720);
}

TEST(Threading, ReferenceCyclesDoNotLoop) {
    const Message a = Mail("acc", "1").msgId("a@x").refs({"b@x"}).subject("Loop").at(day(0));
    const Message b = Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: Loop").at(day(1));
    for (const QList<Message>& order : {QList<Message>{a, b}, QList<Message>{b, a}}) {
        ThreadingEngine engine;
        for (const Message& m : order)
            engine.apply({m});
        EXPECT_EQ(engine.threadCount(), 1);
        EXPECT_EQ(engine.threadOf(a.id), engine.threadOf(b.id));
        EXPECT_FALSE(engine.threadOf(a.id).isEmpty());
    }
    // A three-message cycle across References chains.
    ThreadingEngine engine;
    engine.apply({Mail("acc", "1").msgId("p@x").refs({"r@x", "q@x"}),
                  Mail("acc", "2").msgId("q@x").refs({"p@x"}), Mail("acc", "3").msgId("r@x").refs({"q@x"})});
    EXPECT_EQ(engine.threadCount(), 1);
    EXPECT_EQ(engine.messageCount(), 3);
}

TEST(Threading, SelfReferenceIsIgnored) {
    ThreadingEngine engine;
    const Message a = Mail("acc", "1").msgId("a@x").refs({"a@x"}).inReplyTo("a@x").subject("Me");
    const Message b = Mail("acc", "2").msgId("b@x").refs({"a@x", "b@x", "a@x"}).subject("Re: Me");
    engine.apply({a, b});
    EXPECT_EQ(engine.threadOf(a.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadOf(b.id), headerThread("a@x"));
    EXPECT_EQ(engine.threadCount(), 1);
}

TEST(Threading, CopiesOfOneMessageShareTheThreadAcrossFoldersAndAccounts) {
    ThreadingEngine engine;
    const Message root = Mail("work", "INBOX/1").msgId("root@x").subject("Offsite").at(day(0));
    const Message sent = Mail("work", "Sent/7")
                             .channel("Sent")
                             .msgId("mine@x")
                             .refs({"root@x"})
                             .subject("Re: Offsite")
                             .at(day(1));
    // The same two messages seen through a second account (a list both accounts are on).
    const Message rootCopy = Mail("home", "INBOX/3").msgId("root@x").subject("[team] Offsite").at(day(0));
    const Message sentCopy =
        Mail("home", "INBOX/4").msgId("mine@x").refs({"root@x"}).subject("Re: Offsite").at(day(1));
    engine.apply({root, sent});
    const ThreadingChanges ch = engine.apply({rootCopy, sentCopy});
    const QString t = headerThread("root@x");
    for (const Message& m : {root, sent, rootCopy, sentCopy})
        EXPECT_EQ(engine.threadOf(m.id), t);
    EXPECT_EQ(engine.messageCount(), 4) << "both copies are kept";
    EXPECT_EQ(engine.threadCount(), 1);
    EXPECT_EQ(ch.changedThreads, QStringList{t});

    // Removing one copy leaves the other in place.
    engine.apply({}, {root.id});
    EXPECT_EQ(engine.threadOf(rootCopy.id), t);
    EXPECT_EQ(engine.threadOf(sent.id), t);
}

TEST(Threading, ADifferentMessageReusingAnIdDoesNotCorruptTheTree) {
    ThreadingEngine engine;
    const Message a = Mail("acc", "1").msgId("dup@x").subject("Budget").at(day(0));
    const Message reply = Mail("acc", "2").msgId("r@x").refs({"dup@x"}).subject("Re: Budget").at(day(1));
    engine.apply({a, reply});
    // A broken generator reuses the Message-ID for an unrelated message weeks later.
    const Message impostor = Mail("acc", "3").msgId("dup@x").refs({"y@x"}).subject("Lunch?").at(day(40));
    engine.apply({impostor});
    EXPECT_EQ(engine.threadOf(a.id), headerThread("dup@x"));
    EXPECT_EQ(engine.threadOf(reply.id), headerThread("dup@x"));
    EXPECT_EQ(engine.threadOf(impostor.id), headerThread("y@x"));
    EXPECT_EQ(engine.threadCount(), 2);

    const Message late =
        Mail("acc", "4").msgId("l@x").refs({"dup@x", "r@x"}).subject("Re: Budget").at(day(2));
    engine.apply({late});
    EXPECT_EQ(engine.threadOf(late.id), headerThread("dup@x"));
    engine.apply({}, {impostor.id});
    EXPECT_EQ(engine.threadOf(a.id), headerThread("dup@x"));
    EXPECT_EQ(engine.threadCount(), 1);
}

TEST(Threading, MessagesWithoutMessageIdStandAloneUnlessTheyReference) {
    ThreadingEngine engine;
    const Message lone1 = Mail("acc", "1").subject("Note").at(day(0));
    const Message lone2 = Mail("acc", "2").subject("Note").at(day(0));
    const Message root = Mail("acc", "3").msgId("root@x").subject("Plan").at(day(0));
    const Message answer = Mail("acc", "4").inReplyTo("root@x").subject("Re: Plan").at(day(1));
    engine.apply({lone1, lone2, root, answer});
    EXPECT_EQ(engine.threadOf(lone1.id), makeId(IdKind::Thread, QStringLiteral("*"), lone1.id));
    EXPECT_EQ(engine.threadOf(lone2.id), makeId(IdKind::Thread, QStringLiteral("*"), lone2.id));
    EXPECT_EQ(engine.threadOf(answer.id), headerThread("root@x"));
    EXPECT_EQ(engine.threadCount(), 3) << "two lone notes with one subject are not replies: no merge";
}

TEST(Threading, SubjectMergeOnlyForRepliesWithinTheWindow) {
    ThreadingEngine engine;
    const Message original = Mail("acc", "1").msgId("o@x").subject("Budget").at(day(0));
    // Replies from clients that dropped the threading headers.
    const Message re = Mail("acc", "2").msgId("re@x").subject("Re: Budget").at(day(3));
    const Message aw = Mail("acc", "3").msgId("aw@x").subject("AW: budget").at(day(5));
    const Message stale = Mail("acc", "4").msgId("st@x").subject("Re: Budget").at(day(90));
    const Message hello1 = Mail("acc", "5").msgId("h1@x").subject("Hello").at(day(1));
    const Message hello2 = Mail("acc", "6").msgId("h2@x").subject("Hello").at(day(2));
    engine.apply({stale, aw, hello2, original, re, hello1});
    EXPECT_EQ(engine.threadOf(re.id), headerThread("o@x"));
    EXPECT_EQ(engine.threadOf(aw.id), headerThread("o@x"));
    EXPECT_EQ(engine.threadOf(stale.id), headerThread("st@x")) << "outside the 30-day window";
    EXPECT_NE(engine.threadOf(hello1.id), engine.threadOf(hello2.id)) << "non-replies never merge by subject";
    EXPECT_EQ(engine.threadCount(), 4);

    // A subject-joined reply leaves again when the message it joined is deleted.
    const ThreadingChanges ch = engine.apply({}, {original.id});
    EXPECT_EQ(engine.threadOf(re.id), headerThread("re@x"));
    EXPECT_EQ(engine.threadOf(aw.id), headerThread("re@x"));
    EXPECT_EQ(ch.mergedThreads.value(headerThread("o@x")), headerThread("re@x"));
}

TEST(Threading, SubjectWindowIsMeasuredFromTheLatestActivity) {
    ThreadingEngine engine;
    const Message original = Mail("acc", "1").msgId("o@x").subject("Roadmap").at(day(0));
    const Message headerReply =
        Mail("acc", "2").msgId("h@x").refs({"o@x"}).subject("Re: Roadmap").at(day(50));
    const Message bareReply = Mail("acc", "3").msgId("b@x").subject("Re: Roadmap").at(day(60));
    engine.apply({original, headerReply, bareReply});
    EXPECT_EQ(engine.threadOf(bareReply.id), headerThread("o@x"));
}

TEST(Threading, NativeThreadKeyWinsOverHeaders) {
    ThreadingEngine engine;
    const Message headerRoot = Mail("imap", "1").msgId("root@x").subject("Launch").at(day(0));
    const Message g1 =
        Mail("gmail", "m1").msgId("g1@x").refs({"root@x"}).nativeThread("T1").subject("Re: Launch");
    const Message g2 = Mail("gmail", "m2").msgId("g2@x").nativeThread("T1").subject("Something else");
    const Message otherAccount = Mail("gmail2", "m1").msgId("g3@x").nativeThread("T1").subject("Launch");
    // A chat message's conversation is its channel, whatever its chat thread (issue 13 §4).
    const Message slack = Mail("slack", "C1/170.2").chat().channel("C1").nativeThread("C1/170.1");
    engine.apply({headerRoot, g1, g2, otherAccount, slack});
    const QString gmailThread = makeId(IdKind::Thread, QStringLiteral("gmail"), QStringLiteral("T1"));
    EXPECT_EQ(engine.threadOf(g1.id), gmailThread);
    EXPECT_EQ(engine.threadOf(g2.id), gmailThread);
    EXPECT_EQ(engine.threadOf(otherAccount.id),
              makeId(IdKind::Thread, QStringLiteral("gmail2"), QStringLiteral("T1")));
    EXPECT_EQ(engine.threadOf(slack.id),
              ThreadingEngine::chatConversationId(QStringLiteral("slack"), slack.channelId));
    EXPECT_EQ(engine.threadOf(headerRoot.id), headerThread("root@x")) << "headers never pull native messages";

    // A header-threaded reply to a natively threaded message does not enter the native thread.
    const Message reply = Mail("imap", "2").msgId("r@x").refs({"g2@x"}).subject("Re: Something else");
    engine.apply({reply});
    EXPECT_EQ(engine.threadOf(reply.id), headerThread("g2@x"));
    EXPECT_EQ(engine.threadCount(), 5);
}

TEST(Threading, UpdatedHeadersRethreadTheMessage) {
    ThreadingEngine engine;
    Message m = Mail("acc", "1").msgId("m@x").subject("Re: Topic").at(day(1));
    const Message p = Mail("acc", "2").msgId("p@x").subject("Other").at(day(0));
    engine.apply({m, p});
    ASSERT_EQ(engine.threadOf(m.id), headerThread("m@x"));
    // A flag-only update changes nothing.
    Message flagged = m;
    flagged.flags = MessageFlag::Flagged;
    EXPECT_TRUE(engine.apply({flagged}).isEmpty());
    // The full headers arrive later (IMAP ENVELOPE first, References fetched afterwards).
    m.references = {QStringLiteral("p@x")};
    const ThreadingChanges ch = engine.apply({m});
    EXPECT_EQ(engine.threadOf(m.id), headerThread("p@x"));
    EXPECT_EQ(ch.mergedThreads.value(headerThread("m@x")), headerThread("p@x"));
    EXPECT_EQ(engine.messageCount(), 2);
}

TEST(Threading, RemovingMessagesKeepsTheRestThreaded) {
    ThreadingEngine engine;
    const Message a = Mail("acc", "1").msgId("a@x").subject("T").at(day(0));
    const Message b = Mail("acc", "2").msgId("b@x").refs({"a@x"}).subject("Re: T").at(day(1));
    const Message c = Mail("acc", "3").msgId("c@x").refs({"a@x", "b@x"}).subject("Re: T").at(day(2));
    engine.apply({a, b, c});
    ThreadingChanges ch = engine.apply({}, {b.id});
    EXPECT_EQ(engine.threadOf(c.id), headerThread("a@x"));
    EXPECT_EQ(ch.changedThreads, QStringList{headerThread("a@x")});
    ch = engine.apply({}, {a.id});
    EXPECT_EQ(engine.threadOf(c.id), headerThread("a@x")) << "the thread keeps its id while a reply remains";
    ch = engine.apply({}, {c.id, QStringLiteral("unknown")});
    EXPECT_EQ(ch.removedThreads, QStringList{headerThread("a@x")});
    EXPECT_TRUE(ch.mergedThreads.isEmpty());
    EXPECT_EQ(engine.threadCount(), 0);
    EXPECT_EQ(engine.messageCount(), 0);

    // Everything can be rebuilt after a full removal.
    engine.apply({a, b, c});
    EXPECT_EQ(engine.threadCount(), 1);
    EXPECT_EQ(engine.threadOf(b.id), headerThread("a@x"));
    EXPECT_TRUE(engine.threadOf(idOf(a)).startsWith(QStringLiteral("v1:t:")));
}
