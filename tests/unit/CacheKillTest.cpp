#include "ViewStateCacheTestSupport.h"
#include "cache/CacheSchema.h"

#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QThread>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::test;

// A process killed in the middle of writing must leave a cache that opens, passes
// integrity_check and holds only whole batches. The parent test re-runs this binary
// as a child that writes batches forever, SIGKILLs it and inspects the file.

namespace {

const char kChildEnv[] = "TRIBUTARY_CACHE_KILL_CHILD";
const char kChildRunEnv[] = "TRIBUTARY_CACHE_KILL_RUN";
constexpr int kBatchSize = 37; // odd on purpose: a half batch cannot hide in a round number
constexpr int kRounds = 3;

} // namespace

// Child only: skipped in a normal run.
TEST(CacheKillChild, WritesBatchesForever) {
    const QString path = qEnvironmentVariable(kChildEnv);
    if (path.isEmpty())
        GTEST_SKIP() << "runs only as the child of CacheKill.KilledMidWriteReopensConsistent";
    const int run = qEnvironmentVariableIntValue(kChildRunEnv);
    ViewStateCache cache(path);
    cache.setBatchInterval(5); // commit often, so the kill lands in and around commits
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    std::printf("ready\n");
    std::fflush(stdout);
    for (int batch = 0;; ++batch) {
        QList<Message> rows;
        rows.reserve(kBatchSize);
        for (int i = 0; i < kBatchSize; ++i) {
            Message m = makeCacheMessage(batch * kBatchSize + i);
            m.id += QStringLiteral("-r%1").arg(run);
            rows.append(m);
        }
        cache.upsertMessages(rows);
        cache.setCursor(cacheTestAccount(), {}, QStringLiteral("batch"), batch);
        // Bound the queue and mix explicit flushes (WAL checkpoints) into the timer commits.
        if (batch % 8 == 7)
            await(cache.flush());
        else
            QCoreApplication::processEvents();
        // The parent kills after a number of these: an event, not a guess at timing.
        std::printf("batch\n");
        std::fflush(stdout);
    }
}

TEST(CacheKill, KilledMidWriteReopensConsistent) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    qint64 previous = 0;
    for (int round = 0; round < kRounds; ++round) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildEnv), path);
        env.insert(QString::fromLatin1(kChildRunEnv), QString::number(round));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--gtest_filter=CacheKillChild.WritesBatchesForever")});
        ASSERT_TRUE(child.waitForStarted(10000));
        QByteArray output;
        ASSERT_TRUE(waitUntil(
            [&] {
                output += child.readAllStandardOutput();
                return output.contains("ready") || child.state() == QProcess::NotRunning;
            },
            30000));
        ASSERT_EQ(child.state(), QProcess::Running) << "the child stopped on its own";
        // Killed while it writes, after a different number of batches each round (never a
        // multiple of the 8 between flushes), so the kill lands between timer commits, in one
        // or just after one, at a different point each time.
        const int batches = 13 + 21 * round;
        ASSERT_TRUE(waitUntil(
            [&] {
                output += child.readAllStandardOutput();
                return output.count("batch\n") >= batches || child.state() == QProcess::NotRunning;
            },
            60000));
        ASSERT_EQ(child.state(), QProcess::Running) << "the child stopped on its own";
        // Then a few of its 5 ms timer commits: this sleep does not wait for anything, it picks
        // the kill's moment (a varying one, so it lands in or between commits).
        QThread::msleep(20 + 37 * round);
        child.kill(); // SIGKILL: no destructor, no flush, no close
        ASSERT_TRUE(child.waitForFinished(10000));
        EXPECT_EQ(child.exitStatus(), QProcess::CrashExit);

        EXPECT_EQ(rawQuery(path, "PRAGMA integrity_check"), QStringLiteral("ok")) << "round " << round;
        {
            ViewStateCache cache(path);
            ASSERT_NO_FATAL_FAILURE(openCache(cache));
            EXPECT_EQ(rawQuery(path, "PRAGMA user_version").toInt(), cacheschema::kCurrentVersion);
            EXPECT_EQ(rawQuery(path, "PRAGMA integrity_check"), QStringLiteral("ok"));
            const auto rows = await(cache.loadMessages());
            ASSERT_TRUE(rows.has_value());
            const qint64 count = rows->size();
            EXPECT_EQ(count % kBatchSize, 0) << "a half batch survived the kill: " << count << " rows";
            EXPECT_GT(count, previous)
                << "round " << round << " committed nothing in " << batches << " batches";
            std::printf("[ CacheKill ] round %d: %lld rows (%lld whole batches) after SIGKILL\n", round,
                        static_cast<long long>(count), static_cast<long long>(count / kBatchSize));
            previous = count;
        }
    }
}
