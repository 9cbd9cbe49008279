#include "inbox/ThreadListModel.h"

#include "InboxTestMessages.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadingEngine.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <random>

using namespace tributary;
using inboxtest::day;
using inboxtest::headerThread;
using inboxtest::Mail;
using inboxtest::s;

namespace {

//! Thread `i`: root "t<i>@x", activity day(0) + i minutes (higher i = newer).
Message threadRoot(int i, const char* account = "acc") {
    Message m = Mail(account, "root").msgId("x").subject("x").at(day(0, i));
    m.nativeId = QStringLiteral("root/%1").arg(i);
    m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
    m.messageIdHeader = QStringLiteral("t%1@x").arg(i);
    m.subject = QStringLiteral("Thread %1").arg(i);
    return m;
}

QList<Message> threadRoots(int from, int to, const char* account = "acc") {
    QList<Message> out;
    for (int i = from; i < to; ++i)
        out.append(threadRoot(i, account));
    return out;
}

Message replyTo(const Message& parent, const QString& native, const QDateTime& at) {
    Message m = parent;
    m.nativeId = native;
    m.id = makeId(IdKind::Message, m.accountId, native);
    m.references = parent.references + QStringList{parent.messageIdHeader};
    m.inReplyTo = parent.messageIdHeader;
    m.messageIdHeader = native + QStringLiteral("@reply");
    m.subject = QStringLiteral("Re: ") + ThreadingEngine::baseSubject(parent.subject);
    m.sentAt = m.receivedAt = at;
    m.flags = {};
    return m;
}

QString tidOf(int i) {
    return makeId(IdKind::Thread, QStringLiteral("*"), QStringLiteral("t%1@x").arg(i));
}

QList<Thread> storeOrder(const InboxStore& store) {
    QList<Thread> all = store.threads();
    std::sort(all.begin(), all.end(), [](const Thread& a, const Thread& b) {
        const qint64 ta = a.latestActivity.toMSecsSinceEpoch();
        const qint64 tb = b.latestActivity.toMSecsSinceEpoch();
        return ta != tb ? ta > tb : a.id < b.id;
    });
    return all;
}

//! The shown rows are exactly the newest threads of the store, in order, with current data.
void expectConsistent(const ThreadListModel& model, const InboxStore& store) {
    const QList<Thread> all = storeOrder(store);
    ASSERT_EQ(model.totalCount(), all.size());
    ASSERT_LE(model.rowCount(), all.size());
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex idx = model.index(r, 0);
        ASSERT_EQ(idx.data(ThreadListModel::ThreadIdRole).toString(), all[r].id) << "row " << r;
        ASSERT_EQ(idx.data(ThreadListModel::MessageCountRole).toInt(), all[r].messageCount) << "row " << r;
        ASSERT_EQ(idx.data(ThreadListModel::UnreadCountRole).toInt(), all[r].unreadCount) << "row " << r;
        ASSERT_EQ(idx.data(ThreadListModel::LatestActivityRole).toDateTime(), all[r].latestActivity);
        ASSERT_EQ(model.rowOf(all[r].id), r);
    }
}

void expectSortedNewestFirst(const QAbstractItemModel& proxy) {
    for (int r = 1; r < proxy.rowCount(); ++r) {
        const QDateTime above = proxy.index(r - 1, 0).data(ThreadListModel::LatestActivityRole).toDateTime();
        const QDateTime below = proxy.index(r, 0).data(ThreadListModel::LatestActivityRole).toDateTime();
        ASSERT_GE(above, below) << "proxy row " << r;
    }
}

} // namespace

TEST(ThreadListModel, RolesDescribeTheThread) {
    InboxStore store;
    store.addMessages({Mail("work", "1")
                           .msgId("a@x")
                           .subject("Quarterly numbers")
                           .from("ann@x.test", "Ann")
                           .snippet("see attached")
                           .attachment()
                           .at(day(3)),
                       Mail("work", "2")
                           .msgId("b@x")
                           .refs({"a@x"})
                           .subject("Re: Quarterly numbers")
                           .from("bob@x.test", "Bob")
                           .snippet("thanks")
                           .flagged()
                           .read()
                           .at(day(4))});
    ThreadListModel model(&store);
    ASSERT_EQ(model.rowCount(), 1);
    const QModelIndex idx = model.index(0, 0);
    EXPECT_EQ(idx.data(Qt::DisplayRole).toString(), QStringLiteral("Quarterly numbers"));
    EXPECT_TRUE(idx.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Ann, Bob")));
    EXPECT_EQ(idx.data(ThreadListModel::ThreadIdRole).toString(), headerThread("a@x"));
    EXPECT_EQ(idx.data(ThreadListModel::SubjectRole).toString(), QStringLiteral("Quarterly numbers"));
    EXPECT_EQ(idx.data(ThreadListModel::SendersRole).toString(), QStringLiteral("Ann, Bob"));
    EXPECT_EQ(idx.data(ThreadListModel::SnippetRole).toString(), QStringLiteral("thanks"));
    EXPECT_EQ(idx.data(ThreadListModel::LatestActivityRole).toDateTime(), day(4));
    EXPECT_TRUE(idx.data(ThreadListModel::UnreadRole).toBool());
    EXPECT_EQ(idx.data(ThreadListModel::UnreadCountRole).toInt(), 1);
    EXPECT_TRUE(idx.data(ThreadListModel::FlaggedRole).toBool());
    EXPECT_TRUE(idx.data(ThreadListModel::HasAttachmentsRole).toBool());
    EXPECT_EQ(idx.data(ThreadListModel::KindRole).toInt(), int(ConversationKind::Email));
    EXPECT_EQ(idx.data(ThreadListModel::AccountIdsRole).toStringList(), QStringList{QStringLiteral("work")});
    EXPECT_EQ(idx.data(ThreadListModel::ChannelIdsRole).toStringList().size(), 1);
    EXPECT_EQ(idx.data(ThreadListModel::MessageCountRole).toInt(), 2);
    EXPECT_TRUE(idx.data(ThreadListModel::IsLoadedRole).toBool());
    EXPECT_EQ(model.roleNames().value(ThreadListModel::SubjectRole), QByteArrayLiteral("subject"));
    EXPECT_EQ(model.rowOf(headerThread("a@x")), 0);
    EXPECT_EQ(model.rowOf(QStringLiteral("missing")), -1);
    EXPECT_FALSE(model.index(1, 0).isValid());
}

TEST(ThreadListModel, ABounceFromTheNullSenderSaysNoSender) {
    InboxStore store;
    Message bounce =
        Mail("work", "1").msgId("bounce@x").subject("Undelivered Mail Returned to Sender").at(day(1));
    bounce.author = Participant{};
    store.addMessages({bounce});
    ThreadListModel model(&store);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, 0).data(ThreadListModel::SendersRole).toString(), QStringLiteral("(no sender)"));
}

TEST(ThreadListModel, PagesRevealTheNewestFirstThenAskForBackfill) {
    InboxStore store;
    store.addMessages(threadRoots(100, 125));
    ThreadListModel model(&store);
    model.setPageSize(10);
    QSignalSpy backfill(&model, &ThreadListModel::backfillRequested);
    QSignalSpy pending(&model, &ThreadListModel::backfillPendingChanged);

    EXPECT_EQ(model.rowCount(), 10) << "the first page shrinks to the new page size";
    EXPECT_EQ(model.index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), tidOf(124));
    EXPECT_EQ(model.rowOf(tidOf(100)), -1) << "not revealed yet";
    expectConsistent(model, store);
    ASSERT_TRUE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(model.rowCount(), 20);
    model.fetchMore({});
    EXPECT_EQ(model.rowCount(), 25);
    expectConsistent(model, store);
    EXPECT_EQ(backfill.count(), 0);

    // Everything is shown: canFetchMore is true once more, and fetchMore asks for older history.
    ASSERT_TRUE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(backfill.count(), 1);
    EXPECT_TRUE(model.isBackfillPending());
    ASSERT_EQ(pending.count(), 1);
    EXPECT_TRUE(pending.at(0).at(0).toBool());
    EXPECT_FALSE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(backfill.count(), 1) << "no second request while one is pending";

    // The backfill delivers older threads: they are shown at once (the user asked for them).
    store.addMessages(threadRoots(90, 93));
    EXPECT_EQ(model.rowCount(), 28);
    EXPECT_EQ(model.index(27, 0).data(ThreadListModel::ThreadIdRole).toString(), tidOf(90));
    model.backfillFinished(true);
    EXPECT_FALSE(model.isBackfillPending());
    EXPECT_EQ(pending.count(), 2);
    ASSERT_TRUE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(backfill.count(), 2);

    // History is exhausted: no more requests.
    model.backfillFinished(false);
    EXPECT_FALSE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(backfill.count(), 2);

    // Older threads arriving later (a new account's history) wait for fetchMore.
    store.addMessages(threadRoots(50, 52));
    EXPECT_EQ(model.rowCount(), 28);
    ASSERT_TRUE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(model.rowCount(), 30);
    expectConsistent(model, store);
    EXPECT_FALSE(model.canFetchMore({}));
    model.backfillFinished(true); // re-armed
    EXPECT_TRUE(model.canFetchMore({}));
}

TEST(ThreadListModel, EmptyStoreAsksForBackfillOnce) {
    InboxStore store;
    ThreadListModel model(&store);
    QSignalSpy backfill(&model, &ThreadListModel::backfillRequested);
    EXPECT_EQ(model.rowCount(), 0);
    ASSERT_TRUE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_EQ(backfill.count(), 1);
    EXPECT_FALSE(model.canFetchMore({}));
    store.addMessages(threadRoots(0, 3));
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_FALSE(model.canFetchMore({})) << "the backfill is still pending";
}

TEST(ThreadListModel, LiveUpdatesMoveRowsAndKeepShownOnes) {
    InboxStore store;
    store.addMessages(threadRoots(0, 25));
    ThreadListModel model(&store);
    model.setPageSize(10);
    ASSERT_EQ(model.rowCount(), 10);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // A brand-new thread appears on top; nothing drops off the bottom.
    store.addMessages({threadRoot(100)});
    EXPECT_EQ(model.rowCount(), 11);
    EXPECT_EQ(model.index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), tidOf(100));
    expectConsistent(model, store);

    // A reply to a hidden old thread brings it to the top.
    store.addMessages({replyTo(threadRoot(3), QStringLiteral("r3"), day(1))});
    EXPECT_EQ(model.rowCount(), 12);
    EXPECT_EQ(model.index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), tidOf(3));
    expectConsistent(model, store);

    // A reply to a shown thread moves its row.
    const int before = model.rowOf(tidOf(20));
    ASSERT_GT(before, 0);
    store.addMessages({replyTo(threadRoot(20), QStringLiteral("r20"), day(2))});
    EXPECT_EQ(model.rowOf(tidOf(20)), 0);
    EXPECT_EQ(moved.count(), 1);
    EXPECT_EQ(model.index(0, 0).data(ThreadListModel::MessageCountRole).toInt(), 2);
    expectConsistent(model, store);

    // Reading a message changes data in place.
    const int changesBefore = int(changed.count());
    Event read;
    read.kind = EventKind::ReadChanged;
    Message flags;
    flags.id = threadRoot(24).id;
    flags.flags = MessageFlag::Read;
    read.messages = {flags};
    store.applyEvent(read);
    EXPECT_EQ(changed.count(), changesBefore + 1);
    EXPECT_FALSE(model.index(model.rowOf(tidOf(24)), 0).data(ThreadListModel::UnreadRole).toBool());

    // Removing rows: above the page size nothing is refilled; below it, hidden threads move up.
    store.removeMessages({threadRoot(100).id});
    EXPECT_EQ(model.rowCount(), 11);
    store.removeMessages({threadRoot(24).id, threadRoot(23).id, threadRoot(22).id});
    EXPECT_EQ(model.rowCount(), 10) << "refilled up to the page";
    expectConsistent(model, store);
    EXPECT_EQ(reset.count(), 0) << "incremental updates never reset";
    EXPECT_GT(inserted.count(), 0);
    EXPECT_GT(removed.count(), 0);
}

TEST(ThreadListModel, ModelTesterAcceptsEveryKindOfUpdate) {
    inboxtest::ModelTesterWarnings warnings;
    InboxStore store;
    ThreadListModel model(&store);
    model.setPageSize(7);
    ThreadFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Warning);

    std::mt19937 rng(42);
    QList<Message> live;
    int next = 0;
    auto pick = [&]() -> Message {
        return live[qsizetype(rng() % quint32(live.size()))];
    };
    for (int step = 0; step < 400; ++step) {
        const int action = live.isEmpty() ? 0 : int(rng() % 10);
        const QDateTime when = day(int(rng() % 60), int(rng() % 1000));
        if (action <= 2) { // new threads, sometimes several at once
            QList<Message> batch;
            const int n = 1 + int(rng() % 4);
            for (int i = 0; i < n; ++i) {
                Message m = threadRoot(next++, rng() % 2 ? "work" : "home");
                m.sentAt = m.receivedAt = when.addSecs(i);
                batch.append(m);
            }
            store.addMessages(batch);
            live += batch;
        } else if (action <= 4) { // replies, newer or older than the thread's activity
            const Message r = replyTo(pick(), QStringLiteral("r%1").arg(next++), when);
            store.addMessages({r});
            live.append(r);
        } else if (action == 5) { // an orphan now, its parent (a reply to another thread) later
            const Message parent = replyTo(pick(), QStringLiteral("p%1").arg(next++), when);
            const Message orphan = replyTo(parent, QStringLiteral("o%1").arg(next++), when.addSecs(60));
            store.addMessages({orphan});
            store.addMessages({parent});
            live << orphan << parent;
        } else if (action == 6) { // read / unread
            Event e;
            e.kind = EventKind::ReadChanged;
            Message f = pick();
            f.flags = (rng() % 2) ? MessageFlags(MessageFlag::Read) : MessageFlags();
            e.messages = {f};
            store.applyEvent(e);
            for (Message& m : live) {
                if (m.id == f.id)
                    m.flags = f.flags;
            }
        } else if (action == 7) { // delete one or a few
            QStringList ids;
            const int n = 1 + int(rng() % 3);
            for (int i = 0; i < n && !live.isEmpty(); ++i)
                ids.append(live.takeAt(qsizetype(rng() % quint32(live.size()))).id);
            store.removeMessages(ids);
        } else if (action == 8) { // filters change while data changes
            switch (rng() % 4) {
            case 0:
                proxy.setUnreadOnly(rng() % 2);
                break;
            case 1:
                proxy.setTextFilter(rng() % 2 ? QStringLiteral("Thread 1") : QString());
                break;
            case 2:
                proxy.setAccountFilter(rng() % 2 ? QStringList{QStringLiteral("work")} : QStringList{});
                break;
            default:
                proxy.setKindFilter(rng() % 2 ? std::optional(ConversationKind::Email) : std::nullopt);
                break;
            }
        } else { // paging and backfill, as a view scrolling would
            if (model.canFetchMore({}))
                model.fetchMore({});
            if (model.isBackfillPending())
                model.backfillFinished(rng() % 2);
        }
        ASSERT_NO_FATAL_FAILURE(expectConsistent(model, store)) << "step " << step;
        ASSERT_NO_FATAL_FAILURE(expectSortedNewestFirst(proxy)) << "step " << step;
        ASSERT_EQ(warnings.warnings(), 0) << "QAbstractItemModelTester complained at step " << step;
    }

    // Dropping a whole account with many shown rows takes the reset path; the testers still agree.
    store.addMessages(threadRoots(5000, 5000 + ThreadListModel::kResetThreshold + 50, "bulk"));
    while (model.rowCount() < model.totalCount())
        model.fetchMore({});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    store.removeAccount(QStringLiteral("bulk"));
    EXPECT_EQ(reset.count(), 1);
    expectConsistent(model, store);
    EXPECT_EQ(warnings.warnings(), 0);
}

TEST(ThreadListModel, HundredThousandMessagesStayResponsive) {
    InboxStore store;
    ThreadListModel model(&store);
    ThreadFilterProxy proxy;
    proxy.setSourceModel(&model);

    QList<Message> messages;
    messages.reserve(100000);
    for (int i = 0; i < 25000; ++i) {
        const Message root = threadRoot(i);
        messages.append(root);
        Message parent = root;
        for (int j = 1; j < 4; ++j) {
            parent = replyTo(parent, QStringLiteral("r%1.%2").arg(i).arg(j), day(0, i).addSecs(j));
            messages.append(parent);
        }
    }
    std::shuffle(messages.begin(), messages.end(), std::mt19937(3));
    QElapsedTimer timer;
    timer.start();
    store.addMessages(messages);
    std::printf("[ inbox ] 100000 messages into store + model + proxy: %lld ms\n",
                static_cast<long long>(timer.elapsed()));
    EXPECT_EQ(store.threadCount(), 25000);
    EXPECT_EQ(model.totalCount(), 25000);
    EXPECT_EQ(model.rowCount(), model.pageSize());
    EXPECT_EQ(proxy.rowCount(), model.pageSize());
    EXPECT_EQ(model.index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), tidOf(24999));

    timer.restart();
    for (int i = 0; i < 1000; ++i) {
        const Message r = replyTo(threadRoot(i * 20), QStringLiteral("live%1").arg(i), day(30, i));
        store.addMessages({r});
        ASSERT_EQ(model.rowOf(tidOf(i * 20)), 0);
    }
    std::printf("[ inbox ] 1000 live replies re-sorting 25000 threads: %lld ms\n",
                static_cast<long long>(timer.elapsed()));
    EXPECT_EQ(proxy.index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), tidOf(999 * 20));
    expectConsistent(model, store);
}
