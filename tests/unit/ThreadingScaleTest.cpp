#include "InboxTestMessages.h"
#include "inbox/ThreadingEngine.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <random>

using namespace tributary;
using inboxtest::day;

namespace {

struct Corpus {
    QList<Message> messages;
    QHash<QString, QString> expectedThread; //!< message id -> thread id
    int expectedThreads = 0;
};

//! ~100,000 envelopes: conversations of 1..40 messages shaped as random trees (some long chains),
//! 3% of messages never delivered (their replies hang off dummies), 1% delivered twice through a
//! second account, and standalone notes without Message-ID. Subjects are unique per conversation,
//! so the expected thread of every message is known: the conversation's root id.
Corpus makeCorpus(int target, quint32 seed) {
    std::mt19937 rng(seed);
    Corpus c;
    QSet<QString> threads;
    int conversation = 0;
    while (c.messages.size() < target) {
        const int size = 1 + int(rng() % 40);
        const QString rootId = QStringLiteral("c%1.0@gen.test").arg(conversation);
        const QString subject = QStringLiteral("Topic %1").arg(conversation);
        const QString thread = makeId(IdKind::Thread, QStringLiteral("*"), rootId);
        QList<QStringList> ancestry; // per message: its References (root first)
        bool any = false;
        for (int j = 0; j < size; ++j) {
            QStringList refs;
            if (j > 0) {
                // 30% continue the deepest chain, the rest answer a random earlier message.
                const int parent = (rng() % 10 < 3) ? j - 1 : int(rng() % quint32(j));
                refs = ancestry[parent];
                refs.append(QStringLiteral("c%1.%2@gen.test").arg(conversation).arg(parent));
            }
            ancestry.append(refs);
            if (rng() % 100 < 3)
                continue; // never delivered
            Message m;
            m.accountId = QStringLiteral("acc");
            m.nativeId = QStringLiteral("%1/%2").arg(conversation).arg(j);
            m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
            m.messageIdHeader = QStringLiteral("c%1.%2@gen.test").arg(conversation).arg(j);
            m.references = refs;
            if (!refs.isEmpty())
                m.inReplyTo = refs.last();
            m.subject = j == 0 ? subject : QStringLiteral("Re: ") + subject;
            m.sentAt = day(conversation % 700, j * 7);
            m.receivedAt = m.sentAt;
            c.messages.append(m);
            c.expectedThread.insert(m.id, thread);
            any = true;
            if (rng() % 100 == 0) {
                Message copy = m;
                copy.accountId = QStringLiteral("acc2");
                copy.id = makeId(IdKind::Message, copy.accountId, m.nativeId);
                c.messages.append(copy);
                c.expectedThread.insert(copy.id, thread);
            }
        }
        if (any)
            threads.insert(thread);
        ++conversation;
        if (conversation % 50 == 0) {
            Message note;
            note.accountId = QStringLiteral("acc");
            note.nativeId = QStringLiteral("note/%1").arg(conversation);
            note.id = makeId(IdKind::Message, note.accountId, note.nativeId);
            note.subject = QStringLiteral("Note %1").arg(conversation);
            note.sentAt = day(conversation % 700);
            const QString noteThread = makeId(IdKind::Thread, QStringLiteral("*"), note.id);
            c.messages.append(note);
            c.expectedThread.insert(note.id, noteThread);
            threads.insert(noteThread);
        }
    }
    c.expectedThreads = int(threads.size());
    return c;
}

QHash<QString, QString> assignmentsOf(const ThreadingEngine& engine, const QList<Message>& messages) {
    QHash<QString, QString> out;
    out.reserve(messages.size());
    for (const Message& m : messages)
        out.insert(m.id, engine.threadOf(m.id));
    return out;
}

} // namespace

TEST(ThreadingScale, HundredThousandMessagesShuffledAreThreadedDeterministically) {
    Corpus corpus = makeCorpus(100000, 20250101u);
    ASSERT_GE(corpus.messages.size(), 100000);
    std::mt19937 rng(7);
    std::shuffle(corpus.messages.begin(), corpus.messages.end(), rng);

    ThreadingEngine engine;
    QElapsedTimer timer;
    timer.start();
    const ThreadingChanges changes = engine.apply(corpus.messages);
    const qint64 batchMs = timer.elapsed();
    std::printf("[ threading ] %lld messages in one batch: %lld ms, %d threads\n",
                static_cast<long long>(corpus.messages.size()), static_cast<long long>(batchMs),
                engine.threadCount());

    EXPECT_EQ(engine.messageCount(), corpus.messages.size());
    EXPECT_EQ(engine.threadCount(), corpus.expectedThreads);
    EXPECT_EQ(changes.insertedThreads.size(), corpus.expectedThreads);
    EXPECT_EQ(changes.assignedCount(), corpus.messages.size());
    const QHash<QString, QString> batch = assignmentsOf(engine, corpus.messages);
    int wrong = 0;
    for (auto it = corpus.expectedThread.cbegin(); it != corpus.expectedThread.cend(); ++it) {
        if (batch.value(it.key()) != it.value())
            ++wrong;
    }
    EXPECT_EQ(wrong, 0);

    // The same corpus in another order, arriving incrementally in pages of 500, threads identically.
    std::shuffle(corpus.messages.begin(), corpus.messages.end(), rng);
    ThreadingEngine incremental;
    timer.restart();
    for (qsizetype i = 0; i < corpus.messages.size(); i += 500)
        incremental.apply(corpus.messages.mid(i, 500));
    const qint64 pagedMs = timer.elapsed();
    std::printf("[ threading ] same messages in pages of 500: %lld ms\n", static_cast<long long>(pagedMs));
    EXPECT_EQ(assignmentsOf(incremental, corpus.messages), batch);

    // Live arrivals one at a time on top of the full mailbox stay cheap (only the touched tree).
    timer.restart();
    for (int i = 0; i < 1000; ++i) {
        Message m;
        m.accountId = QStringLiteral("acc");
        m.nativeId = QStringLiteral("live/%1").arg(i);
        m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
        m.messageIdHeader = QStringLiteral("live%1@gen.test").arg(i);
        m.references = {QStringLiteral("c%1.0@gen.test").arg(i * 7)};
        m.subject = QStringLiteral("Re: Topic %1").arg(i * 7);
        m.sentAt = day(800);
        incremental.apply({m});
        ASSERT_EQ(incremental.threadOf(m.id),
                  makeId(IdKind::Thread, QStringLiteral("*"), QStringLiteral("c%1.0@gen.test").arg(i * 7)));
    }
    std::printf("[ threading ] 1000 live single-message arrivals: %lld ms\n",
                static_cast<long long>(timer.elapsed()));
}
