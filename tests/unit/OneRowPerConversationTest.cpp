// "One conversation is one row, always, whatever the order of events" (issue 11): the store,
// the list model and a filtering proxy are driven through the events a mailbox produces
// (listings, an optimistic move and the server's answer, expunges reported by IDLE, another
// folder opened, Sent copies arriving, read changes) in many random orders, and after every
// step no thread id may show twice and every message must be in exactly the thread the
// engine names.
#include "InboxTestMessages.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <array>
#include <gtest/gtest.h>
#include <random>

using namespace tributary;
using inboxtest::day;

namespace {

//! A small mailbox: `conversations` threads of up to five messages each, every message in
//! INBOX or Sent, some replies arriving before their parents.
struct Mailbox {
    struct Copy {
        Message message;
        bool present = false;
    };
    QList<Copy> copies;
    int nextUid = 1;

    static Message mail(int conversation, int position, const QString& folder, int uid) {
        Message m;
        m.accountId = QStringLiteral("acc");
        m.nativeId = folder + QLatin1Char('/') + QString::number(uid);
        m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
        m.channelId = makeId(IdKind::Channel, m.accountId, folder);
        m.kind = ConversationKind::Email;
        m.messageIdHeader = QStringLiteral("c%1.m%2@x").arg(conversation).arg(position);
        for (int p = 0; p < position; ++p)
            m.references.append(QStringLiteral("c%1.m%2@x").arg(conversation).arg(p));
        if (position > 0)
            m.inReplyTo = m.references.last();
        m.subject = (position > 0 ? QStringLiteral("Re: ") : QString()) +
                    QStringLiteral("Flight itinerary %1").arg(conversation);
        m.sentAt = m.receivedAt = day(conversation % 7, position * 13 + conversation);
        m.author = {QStringLiteral("p%1@x").arg(position % 3), QStringLiteral("P%1").arg(position % 3), {}};
        return m;
    }
};

struct Harness {
    InboxStore store;
    ThreadListModel model{&store};
    ThreadFilterProxy unreadOnly;
    ThreadFilterProxy email;

    Harness() {
        model.setPageSize(1000);
        unreadOnly.setSourceModel(&model);
        unreadOnly.setUnreadOnly(true);
        email.setSourceModel(&model);
        email.setKindFilter(ConversationKind::Email);
    }

    static QStringList idsIn(const QAbstractItemModel& m) {
        QStringList ids;
        for (int r = 0; r < m.rowCount(); ++r)
            ids.append(m.index(r, 0).data(ThreadListModel::ThreadIdRole).toString());
        return ids;
    }

    //! Fails the test with `step` when a thread shows twice or the store disagrees with itself.
    void check(const QString& step) const {
        for (const QAbstractItemModel* m : {static_cast<const QAbstractItemModel*>(&model),
                                            static_cast<const QAbstractItemModel*>(&unreadOnly),
                                            static_cast<const QAbstractItemModel*>(&email)}) {
            const QStringList ids = idsIn(*m);
            const QSet<QString> distinct(ids.cbegin(), ids.cend());
            ASSERT_EQ(distinct.size(), ids.size()) << "a thread shows twice after " << step.toStdString();
        }
        // The list shows every thread of the store, each with the store's current data.
        const QList<Thread> threads = store.threads();
        ASSERT_EQ(model.rowCount(), threads.size()) << step.toStdString();
        QHash<QString, QString> threadOfMessage;
        for (const Thread& t : threads) {
            for (const QString& mid : t.messageIds) {
                ASSERT_FALSE(threadOfMessage.contains(mid))
                    << mid.toStdString() << " is in two threads after " << step.toStdString();
                threadOfMessage.insert(mid, t.id);
            }
            const int row = model.rowOf(t.id);
            ASSERT_GE(row, 0) << step.toStdString();
            const QModelIndex index = model.index(row, 0);
            EXPECT_EQ(index.data(ThreadListModel::UnreadCountRole).toInt(), t.unreadCount)
                << step.toStdString();
            EXPECT_EQ(index.data(ThreadListModel::MessageCountRole).toInt(), t.messageCount)
                << step.toStdString();
        }
        ASSERT_EQ(threadOfMessage.size(), store.messageCount()) << step.toStdString();
        for (auto it = threadOfMessage.cbegin(); it != threadOfMessage.cend(); ++it)
            ASSERT_EQ(store.message(it.key())->threadId, it.value()) << step.toStdString();
        // The unread view lists exactly the unread threads.
        int unread = 0;
        for (const Thread& t : threads)
            unread += t.unreadCount > 0 ? 1 : 0;
        ASSERT_EQ(unreadOnly.rowCount(), unread) << step.toStdString();
    }
};

class OneRowPerConversation : public ::testing::TestWithParam<unsigned> {};

} // namespace

TEST_P(OneRowPerConversation, WhateverTheOrderOfEvents) {
    std::mt19937 rng(GetParam());
    auto pick = [&](int n) {
        return int(std::uniform_int_distribution<int>(0, n - 1)(rng));
    };

    Harness h;
    QAbstractItemModelTester tester(&h.unreadOnly, QAbstractItemModelTester::FailureReportingMode::Warning);
    inboxtest::ModelTesterWarnings warnings;

    // Server side: each conversation's messages, in INBOX (received) or Sent (the user's).
    constexpr int kConversations = 6;
    Mailbox box;
    for (int c = 0; c < kConversations; ++c) {
        const int length = 1 + pick(5);
        for (int p = 0; p < length; ++p) {
            const QString folder = p % 2 == 1 ? QStringLiteral("Sent") : QStringLiteral("INBOX");
            box.copies.append({Mailbox::mail(c, p, folder, box.nextUid++), false});
        }
        if (pick(2) == 0) { // a forward: joins by subject, sometimes by a reference too
            Message fwd = Mailbox::mail(c, 9, QStringLiteral("INBOX"), box.nextUid++);
            fwd.subject = QStringLiteral("Fwd: Flight itinerary %1").arg(c);
            fwd.references = pick(3) == 0 ? QStringList{QStringLiteral("c%1.m0@x").arg(c)} : QStringList();
            fwd.inReplyTo.clear();
            box.copies.append({fwd, false});
        }
    }

    QString last;
    for (int step = 0; step < 160; ++step) {
        const int what = pick(7);
        QString name;
        if (what == 0) { // a listing page (the Inbox, or Sent opened): a few messages arrive
            QList<Message> page;
            for (int i = 0; i < 1 + pick(4); ++i) {
                Mailbox::Copy& c = box.copies[pick(int(box.copies.size()))];
                c.present = true;
                page.append(c.message);
            }
            h.store.addMessages(page);
            name = QStringLiteral("a listing of %1").arg(page.size());
        } else if (what == 1) { // archive: the optimistic removal ...
            Mailbox::Copy& c = box.copies[pick(int(box.copies.size()))];
            if (!c.present)
                continue;
            h.store.removeMessages({c.message.id});
            c.present = false;
            name = QStringLiteral("archive of ") + c.message.id;
            // ... and, now or later, the copy in the Archive with a new id (the server's answer).
            // (`c` dangles once a copy is appended: nothing below uses it.)
            Message moved = c.message;
            moved.nativeId = QStringLiteral("Archive/%1").arg(box.nextUid++);
            moved.id = makeId(IdKind::Message, moved.accountId, moved.nativeId);
            moved.channelId = makeId(IdKind::Channel, moved.accountId, QStringLiteral("Archive"));
            box.copies.append({moved, false});
            if (pick(2) == 0) {
                box.copies.last().present = true;
                h.store.addMessages({moved});
            }
        } else if (what == 2) { // IDLE: the server reports an expunge we may already have applied
            Mailbox::Copy& c = box.copies[pick(int(box.copies.size()))];
            h.store.removeMessages({c.message.id});
            c.present = false;
            name = QStringLiteral("expunge of ") + c.message.id;
        } else if (what == 3) { // read state changes (opening a thread, another client)
            Mailbox::Copy& c = box.copies[pick(int(box.copies.size()))];
            if (!c.present)
                continue;
            c.message.flags.setFlag(MessageFlag::Read, !c.message.isRead());
            Event e;
            e.kind = EventKind::ReadChanged;
            e.accountId = c.message.accountId;
            e.messages = {c.message};
            h.store.applyEvent(e);
            name = QStringLiteral("read change of ") + c.message.id;
        } else if (what == 4) { // a refresh that lists a message again with new flags
            Mailbox::Copy& c = box.copies[pick(int(box.copies.size()))];
            if (!c.present)
                continue;
            c.message.flags.setFlag(MessageFlag::Flagged, !c.message.flags.testFlag(MessageFlag::Flagged));
            h.store.addMessages({c.message});
            name = QStringLiteral("update of ") + c.message.id;
        } else if (what == 5) { // a refused move puts the message back
            Mailbox::Copy& c = box.copies[pick(int(box.copies.size()))];
            h.store.addMessages({c.message});
            c.present = true;
            name = QStringLiteral("put back of ") + c.message.id;
        } else { // a thread opened: every unread message of one thread marked read
            const QList<Thread> threads = h.store.threads();
            if (threads.isEmpty())
                continue;
            const Thread t = threads[pick(int(threads.size()))];
            Event e;
            e.kind = EventKind::ReadChanged;
            for (Message m : h.store.messagesInThread(t.id)) {
                m.flags.setFlag(MessageFlag::Read);
                e.messages.append(m);
            }
            h.store.applyEvent(e);
            name = QStringLiteral("thread opened");
        }
        h.check(QStringLiteral("step %1 (%2), after %3").arg(step).arg(name, last));
        if (::testing::Test::HasFatalFailure())
            return;
        last = name;
    }
    EXPECT_EQ(warnings.warnings(), 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, OneRowPerConversation, ::testing::Range(1u, 61u));

// The same invariant through the sync layer, with a provider: optimistic archive and delete,
// the server's answer, IDLE (ChannelChanged) refreshes, other folders opened, Sent and new
// replies arriving, reading and undo, in an order drawn from the seed.

#include "Await.h"
#include "FakeProvider.h"
#include "sync/SyncController.h"

using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

class OneRowThroughSync : public ::testing::TestWithParam<unsigned> {};

//! Makes `reply` answer `parent` (same conversation by References).
Message answering(Message reply, const Message& parent) {
    reply.references = parent.references + QStringList{parent.messageIdHeader};
    reply.inReplyTo = parent.messageIdHeader;
    reply.subject = QStringLiteral("Re: ") + parent.subject;
    return reply;
}

} // namespace

TEST_P(OneRowThroughSync, WhateverTheOrderOfEvents) {
    std::mt19937 rng(GetParam());
    auto pick = [&](int n) {
        return int(std::uniform_int_distribution<int>(0, n - 1)(rng));
    };

    FakeProvider provider(QStringLiteral("acme"));
    provider.incremental = true;
    const Channel inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    const Channel sent = provider.addChannel(QStringLiteral("Sent"), ChannelRole::Sent);
    const Channel archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
    const Channel trash = provider.addChannel(QStringLiteral("Trash"), ChannelRole::Trash);
    // Three conversations: a message in the INBOX, the user's answer in Sent, a reply to that.
    const QList<Message> roots = provider.addMessages(inbox, 3);
    QList<Message> answers = provider.addMessages(sent, 3, true);
    QList<Message> replies = provider.addMessages(inbox, 3);
    for (int c = 0; c < 3; ++c) {
        answers[c] = answering(answers[c], roots[c]);
        provider.replaceMessage(answers[c]);
        replies[c] = answering(replies[c], answers[c]);
        provider.replaceMessage(replies[c]);
    }

    Harness h;
    SyncController sync(&h.store, nullptr);
    sync.addProvider(&provider);
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return h.store.messageCount() == 6; }));
    h.check(QStringLiteral("the first listing"));

    auto channelChanged = [&](const Channel& c) {
        Event e;
        e.kind = EventKind::ChannelChanged;
        e.accountId = c.accountId;
        e.channelId = c.id;
        provider.push(e);
    };
    auto anyThread = [&]() -> QString {
        const QList<Thread> threads = h.store.threads();
        return threads.isEmpty() ? QString() : threads[pick(int(threads.size()))].id;
    };

    QString last;
    for (int step = 0; step < 40; ++step) {
        QString name;
        switch (pick(8)) {
        case 0: {
            const QString t = anyThread();
            QStringList ids;
            for (const Message& m : h.store.messagesInThread(t))
                ids.append(m.id);
            sync.archiveMessages(ids);
            name = QStringLiteral("archive");
            break;
        }
        case 1: {
            const QString t = anyThread();
            QStringList ids;
            for (const Message& m : h.store.messagesInThread(t)) {
                if (m.channelId != trash.id)
                    ids.append(m.id);
            }
            sync.deleteMessages(ids);
            name = QStringLiteral("delete");
            break;
        }
        case 2:
            channelChanged(inbox); // IDLE: the INBOX changed (our move, or another client's)
            name = QStringLiteral("IDLE on the INBOX");
            break;
        case 3: {
            const Channel opened = std::array{sent, archive, trash, inbox}[size_t(pick(4))];
            sync.openChannel(opened.id);
            name = QStringLiteral("opened ") + opened.name;
            break;
        }
        case 4: { // a new reply to a conversation arrives, announced by IDLE
            Message reply = provider.addMessages(inbox, 1).first();
            reply = answering(reply, roots[pick(3)]);
            provider.replaceMessage(reply);
            channelChanged(inbox);
            name = QStringLiteral("a reply arrived");
            break;
        }
        case 5:
            sync.markThreadRead(anyThread());
            name = QStringLiteral("read");
            break;
        case 6:
            sync.undo();
            name = QStringLiteral("undo");
            break;
        default:
            channelChanged(std::array{sent, archive, trash}[size_t(pick(3))]);
            name = QStringLiteral("IDLE elsewhere");
            break;
        }
        // Let the answers (the fake answers at once, queued) arrive in between.
        for (int spin = pick(4); spin > 0; --spin)
            QCoreApplication::processEvents();
        h.check(QStringLiteral("step %1 (%2), after %3").arg(step).arg(name, last));
        if (::testing::Test::HasFatalFailure())
            return;
        last = name;
    }
    for (int spin = 0; spin < 20; ++spin) // everything still in flight lands (the fake answers at once)
        QCoreApplication::processEvents();
    h.check(QStringLiteral("the end, after %1").arg(last));
}

INSTANTIATE_TEST_SUITE_P(Seeds, OneRowThroughSync, ::testing::Range(1u, 31u));
