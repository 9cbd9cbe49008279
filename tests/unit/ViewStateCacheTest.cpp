#include "ViewStateCacheTestSupport.h"
#include "cache/CacheSchema.h"
#include "model/Json.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <cstdio>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::test;

namespace {

struct ViewStateCacheTest : ::testing::Test {
    QTemporaryDir dir;
    QString path() const { return dir.filePath(QStringLiteral("state/viewstate.sqlite3")); }
};

Channel makeChannel(const QString& account, const QString& folder, ChannelRole role = ChannelRole::None) {
    Channel c;
    c.id = channelIdFor(account, folder);
    c.accountId = account;
    c.nativeId = folder;
    c.name = folder.section(QLatin1Char('/'), -1);
    c.parentId = folder.contains(QLatin1Char('/'))
                     ? channelIdFor(account, folder.section(QLatin1Char('/'), 0, -2))
                     : QString();
    c.role = role;
    c.shared = folder.startsWith(QStringLiteral("Public"));
    c.selectable = folder != QStringLiteral("Public");
    c.unreadCount = folder.size();
    c.totalCount = folder.size() * 10;
    return c;
}

// What the cache gives back for a message: the envelope without body, attachments,
// reactions, extras or participant provider ids.
Message expectedFromCache(const Message& in) {
    Message m = in;
    m.bodyLoaded = false;
    m.text.clear();
    m.html.clear();
    m.attachments.clear();
    m.reactions.clear();
    m.extras.clear();
    m.snippet = makeSnippet(in.snippet);
    m.hasAttachments = in.hasAttachments || !in.attachments.isEmpty();
    return m;
}

} // namespace

TEST_F(ViewStateCacheTest, OpenCreatesFolderWalAndCurrentSchema) {
    ViewStateCache cache(path());
    EXPECT_FALSE(QFile::exists(path())) << "nothing touches the disk before open()";
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    EXPECT_TRUE(QFile::exists(path()));
    EXPECT_EQ(rawQuery(path(), "PRAGMA user_version").toInt(), cacheschema::kCurrentVersion);
    EXPECT_EQ(rawQuery(path(), "PRAGMA journal_mode"), QStringLiteral("wal"));
    EXPECT_EQ(QFile::permissions(path()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), 0)
        << "the cache holds subjects and names: private to the user";
    EXPECT_EQ(cache.path(), path());
}

TEST_F(ViewStateCacheTest, MessagesRoundTripNewestFirstWithoutBodies) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    QList<Message> in;
    for (int i = 0; i < 5; ++i) {
        Message m = makeCacheMessage(i);
        m.bodyLoaded = true;
        m.text = QStringLiteral("body text %1").arg(i);
        m.html = QStringLiteral("<p>body %1</p>").arg(i);
        m.attachments = {Attachment{
            QStringLiteral("2"), QStringLiteral("a.pdf"), QStringLiteral("application/pdf"), 10, {}, false}};
        m.extras = {{QStringLiteral("x"), 1}};
        m.bcc = {{QStringLiteral("bcc@example.org"), QStringLiteral("Hidden"), {}}};
        m.replyTo = {{QStringLiteral("reply@example.org"), QString(), {}}};
        in.append(m);
    }
    cache.upsertMessages(in);
    const auto out = await(cache.loadMessages());
    ASSERT_TRUE(out.has_value());
    ASSERT_EQ(out->size(), 5);
    for (int i = 0; i < 5; ++i) {
        const Message& got = out->at(i);
        const Message want = expectedFromCache(in.at(4 - i)); // newest first
        EXPECT_EQ(QJsonDocument(json::toJson(got)).toJson().toStdString(),
                  QJsonDocument(json::toJson(want)).toJson().toStdString());
        EXPECT_EQ(got, want) << "row " << i << " id " << got.id.toStdString();
        EXPECT_FALSE(got.bodyLoaded);
        EXPECT_TRUE(got.text.isEmpty());
        EXPECT_TRUE(got.attachments.isEmpty());
        EXPECT_TRUE(got.hasAttachments) << "the list paints the paper clip from the flag";
    }
    const auto limited = await(cache.loadMessages(2));
    ASSERT_TRUE(limited.has_value());
    ASSERT_EQ(limited->size(), 2);
    EXPECT_EQ(limited->at(0).id, in.at(4).id);
    // The next page after the two newest (how a warm start loads after its first page).
    const auto next = await(cache.loadMessages(2, 2));
    ASSERT_TRUE(next.has_value());
    ASSERT_EQ(next->size(), 2);
    EXPECT_EQ(next->at(0).id, in.at(2).id);
    EXPECT_EQ(next->at(1).id, in.at(1).id);
    const auto tail = await(cache.loadMessages(10, 4));
    ASSERT_TRUE(tail.has_value());
    ASSERT_EQ(tail->size(), 1);
    EXPECT_EQ(tail->at(0).id, in.at(0).id);
}

TEST_F(ViewStateCacheTest, SnippetIsCappedAt200Characters) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    Message m = makeCacheMessage(1);
    m.snippet = QString(500, QLatin1Char('x'));
    cache.upsertMessages({m});
    const auto out = await(cache.loadMessages());
    ASSERT_TRUE(out.has_value());
    ASSERT_EQ(out->size(), 1);
    EXPECT_EQ(out->at(0).snippet.size(), Message::kSnippetLength);
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(rawQuery(path(), "SELECT max(length(snippet)) FROM messages").toInt(), Message::kSnippetLength);
}

TEST_F(ViewStateCacheTest, UpdateKeepsKnownThreadAndSnippetAndFlagsUpdate) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    const Message full = makeCacheMessage(7);
    cache.upsertMessages({full});
    Message bare = full;
    bare.threadId.clear();
    bare.snippet.clear();
    bare.subject = QStringLiteral("Edited subject");
    cache.upsertMessages({bare});
    cache.updateFlags(full.id, MessageFlag::Read | MessageFlag::Answered);
    const auto out = await(cache.loadMessages());
    ASSERT_TRUE(out.has_value());
    ASSERT_EQ(out->size(), 1);
    EXPECT_EQ(out->at(0).threadId, full.threadId);
    EXPECT_EQ(out->at(0).snippet, full.snippet);
    EXPECT_EQ(out->at(0).subject, QStringLiteral("Edited subject"));
    EXPECT_EQ(out->at(0).flags, MessageFlag::Read | MessageFlag::Answered);

    cache.removeMessages({full.id});
    const auto after = await(cache.loadMessages());
    ASSERT_TRUE(after.has_value());
    EXPECT_TRUE(after->isEmpty());
}

TEST_F(ViewStateCacheTest, ChannelListReplacesAccountsChannelsAndDropsTheirMessages) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    const QString acc = cacheTestAccount();
    const QList<Channel> first = {makeChannel(acc, QStringLiteral("INBOX"), ChannelRole::Inbox),
                                  makeChannel(acc, QStringLiteral("Old")),
                                  makeChannel(acc, QStringLiteral("Public")),
                                  makeChannel(acc, QStringLiteral("Public/Team"))};
    Channel dm = makeChannel(QStringLiteral("slack"), QStringLiteral("D123"));
    dm.kind = ChannelKind::DirectMessage;
    dm.name = QStringLiteral("Alice");
    cache.upsertChannels(acc, first);
    cache.upsertChannels(QStringLiteral("slack"), {dm});
    cache.upsertMessages(
        {makeCacheMessage(1, acc, QStringLiteral("INBOX")), makeCacheMessage(2, acc, QStringLiteral("Old"))});
    cache.setCursor(acc, channelIdFor(acc, QStringLiteral("Old")), QStringLiteral("uidnext"), 5);

    auto loaded = await(cache.loadChannels());
    ASSERT_TRUE(loaded.has_value());
    ASSERT_EQ(loaded->size(), 5);
    EXPECT_EQ(loaded->mid(0, 4), first) << "order within an account is kept";
    EXPECT_EQ(loaded->at(4), dm);

    cache.upsertChannels(acc, {first.at(0), first.at(2), first.at(3)});
    loaded = await(cache.loadChannels());
    ASSERT_TRUE(loaded.has_value());
    ASSERT_EQ(loaded->size(), 4);
    const auto messages = await(cache.loadMessages());
    ASSERT_TRUE(messages.has_value());
    ASSERT_EQ(messages->size(), 1);
    EXPECT_EQ(messages->at(0).channelId, first.at(0).id);
    const auto cursors = await(cache.cursors(acc, channelIdFor(acc, QStringLiteral("Old"))));
    ASSERT_TRUE(cursors.has_value());
    EXPECT_TRUE(cursors->isEmpty());
}

TEST_F(ViewStateCacheTest, CursorsLayoutTriageAndSettingsRoundTrip) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    const QString acc = cacheTestAccount();
    const QString inbox = channelIdFor(acc, QStringLiteral("INBOX"));
    cache.setCursor(acc, inbox, QStringLiteral("uidvalidity"), 1700000001u);
    cache.setCursor(acc, inbox, QStringLiteral("highestmodseq"), Q_UINT64_C(9007199254740993));
    cache.setCursor(acc, inbox, QStringLiteral("deltaLink"),
                    QStringLiteral("https://graph/delta?$deltatoken=abc"));
    cache.setCursor(acc, inbox, QStringLiteral("blob"), QByteArray("\x00\x01\x02", 3));
    cache.setCursor(acc, QString(), QStringLiteral("historyId"), QStringLiteral("12345"));
    cache.setCursor(acc, inbox, QStringLiteral("gone"), 1);
    cache.setCursor(acc, inbox, QStringLiteral("gone"), QVariant());

    const QByteArray geometry("\x01\xd9\xd0\xcb\x00\x03", 6);
    cache.setLayout(QStringLiteral("mainwindow/geometry"), geometry);
    cache.setLayout(QStringLiteral("collapsed"), QByteArray("v1:t:a:1\nv1:t:a:2"));

    const TriageState triage{makeId(IdKind::Thread, acc, QStringLiteral("t1")),
                             QStringLiteral("bob@example.org"), QStringLiteral("pending"),
                             QDateTime::fromMSecsSinceEpoch(1800000000000LL, Qt::UTC)};
    const TriageState other{
        makeId(IdKind::Thread, acc, QStringLiteral("t2")), {}, QStringLiteral("done"), {}};
    cache.setTriage(triage);
    cache.setTriage(other);
    cache.setTriage(
        TriageState{makeId(IdKind::Thread, acc, QStringLiteral("t3")), QStringLiteral("x"), {}, {}});
    cache.setTriage(TriageState{makeId(IdKind::Thread, acc, QStringLiteral("t3")), {}, {}, {}});

    cache.setSetting(QStringLiteral("view/selected"), QStringLiteral("unified-inbox"));
    cache.setSetting(QStringLiteral("reader/zoom"), 1.25);
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));

    const auto c = await(cache.cursors(acc, inbox));
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->size(), 4);
    EXPECT_EQ(c->value(QStringLiteral("uidvalidity")).toLongLong(), 1700000001LL);
    EXPECT_EQ(c->value(QStringLiteral("highestmodseq")).toULongLong(), Q_UINT64_C(9007199254740993));
    EXPECT_EQ(c->value(QStringLiteral("deltaLink")).toString(),
              QStringLiteral("https://graph/delta?$deltatoken=abc"));
    EXPECT_EQ(c->value(QStringLiteral("blob")).toByteArray(), QByteArray("\x00\x01\x02", 3));
    const auto accountWide = await(cache.cursors(acc, QString()));
    ASSERT_TRUE(accountWide.has_value());
    EXPECT_EQ(accountWide->value(QStringLiteral("historyId")).toString(), QStringLiteral("12345"));

    EXPECT_EQ(await(cache.layout(QStringLiteral("mainwindow/geometry"))).value_or(QByteArray()), geometry);
    EXPECT_TRUE(await(cache.layout(QStringLiteral("missing"))).value_or(QByteArray("x")).isEmpty());

    const auto t = await(cache.loadTriage());
    ASSERT_TRUE(t.has_value());
    ASSERT_EQ(t->size(), 2);
    EXPECT_TRUE(t->contains(triage));
    EXPECT_TRUE(t->contains(other));

    EXPECT_EQ(await(cache.setting(QStringLiteral("view/selected"))).value_or(QVariant()).toString(),
              QStringLiteral("unified-inbox"));
    EXPECT_DOUBLE_EQ(await(cache.setting(QStringLiteral("reader/zoom"))).value_or(QVariant()).toDouble(),
                     1.25);

    QSignalSpy errors(&cache, &ViewStateCache::error);
    cache.setSetting(QStringLiteral("apiToken"), QStringLiteral("nope"));
    ASSERT_TRUE(waitUntil([&] { return errors.size() == 1; }));
    EXPECT_EQ(errors.at(0).at(0).value<ProviderError>().code, QStringLiteral("secret_refused"));
    EXPECT_FALSE(await(cache.setting(QStringLiteral("apiToken"))).value_or(QVariant(1)).isValid());
}

TEST_F(ViewStateCacheTest, AccountsRoundTripWithoutSecrets) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    const Account work{QStringLiteral("work"),
                       QStringLiteral("imap"),
                       QStringLiteral("Work mail"),
                       QColor(QStringLiteral("#3366cc")),
                       {{QStringLiteral("host"), QStringLiteral("imap.example.org")},
                        {QStringLiteral("port"), 993},
                        {QStringLiteral("passwordEnv"), QStringLiteral("WORK_PW")},
                        {QStringLiteral("password"), QStringLiteral("hunter2")}}};
    const Account chat{QStringLiteral("team"), QStringLiteral("slack"), QStringLiteral("Team"), QColor(), {}};
    const Result<void> saved = cache.saveAccounts({work, chat});
    ASSERT_TRUE(saved.ok()) << saved.error().describe().toStdString();
    const QList<Account> loaded = cache.loadAccounts();
    ASSERT_EQ(loaded.size(), 2);
    Account expected = work;
    expected.settings.remove(QStringLiteral("password"));
    EXPECT_EQ(loaded.at(0).settings, expected.settings);
    EXPECT_EQ(loaded.at(0), expected);
    EXPECT_EQ(loaded.at(1), chat);

    ASSERT_TRUE(cache.saveAccounts({chat}).ok());
    ASSERT_EQ(cache.loadAccounts().size(), 1);
}

TEST_F(ViewStateCacheTest, BatchedWritesBecomeVisibleAfterFlush) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    cache.setBatchInterval(60 * 60 * 1000); // only flush() commits in this test
    QList<Message> batch;
    for (int i = 0; i < 50; ++i)
        batch.append(makeCacheMessage(i));
    cache.upsertMessages(batch.mid(0, 25));
    cache.upsertMessages(batch.mid(25));
    // The cache's own reads see the open batch ...
    const auto own = await(cache.loadMessages());
    ASSERT_TRUE(own.has_value());
    EXPECT_EQ(own->size(), 50);
    // ... another connection sees only commits.
    EXPECT_EQ(rawQuery(path(), "SELECT count(*) FROM messages").toInt(), 0);
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(rawQuery(path(), "SELECT count(*) FROM messages").toInt(), 50);
}

TEST_F(ViewStateCacheTest, TimerCommitsWithoutFlush) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    cache.setBatchInterval(50);
    cache.upsertMessages({makeCacheMessage(1), makeCacheMessage(2)});
    EXPECT_TRUE(
        waitUntil([&] { return rawQuery(path(), "SELECT count(*) FROM messages").toInt() == 2; }, 5000));
}

TEST_F(ViewStateCacheTest, ReopeningSeesTheData) {
    const QString acc = cacheTestAccount();
    {
        ViewStateCache cache(path());
        ASSERT_NO_FATAL_FAILURE(openCache(cache));
        cache.upsertChannels(acc, {makeChannel(acc, QStringLiteral("INBOX"), ChannelRole::Inbox)});
        cache.upsertMessages({makeCacheMessage(1), makeCacheMessage(2)});
        cache.setLayout(QStringLiteral("splitter"), QByteArray("abc"));
        cache.setPrivacyMode(false);
        // No flush: the destructor commits what was queued.
    }
    EXPECT_FALSE(QFile::exists(path() + QStringLiteral("-wal"))) << "a clean close folds the WAL back";
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    EXPECT_EQ(await(cache.loadMessages()).value_or(QList<Message>()).size(), 2);
    EXPECT_EQ(await(cache.loadChannels()).value_or(QList<Channel>()).size(), 1);
    EXPECT_EQ(await(cache.layout(QStringLiteral("splitter"))).value_or(QByteArray()), QByteArray("abc"));
}

TEST_F(ViewStateCacheTest, RemoveAccountDataLeavesOtherAccounts) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    const QString a = QStringLiteral("a");
    const QString b = QStringLiteral("b");
    cache.upsertChannels(a, {makeChannel(a, QStringLiteral("INBOX"))});
    cache.upsertChannels(b, {makeChannel(b, QStringLiteral("INBOX"))});
    cache.upsertMessages({makeCacheMessage(1, a), makeCacheMessage(2, b)});
    cache.setCursor(a, {}, QStringLiteral("k"), 1);
    cache.setCursor(b, {}, QStringLiteral("k"), 2);
    cache.setTriage({makeId(IdKind::Thread, a, QStringLiteral("1")), {}, QStringLiteral("open"), {}});
    cache.setTriage({makeId(IdKind::Thread, b, QStringLiteral("1")), {}, QStringLiteral("open"), {}});
    cache.removeAccountData(a);

    const auto messages = await(cache.loadMessages());
    ASSERT_TRUE(messages.has_value());
    ASSERT_EQ(messages->size(), 1);
    EXPECT_EQ(messages->at(0).accountId, b);
    const auto channels = await(cache.loadChannels());
    ASSERT_TRUE(channels.has_value());
    ASSERT_EQ(channels->size(), 1);
    EXPECT_EQ(channels->at(0).accountId, b);
    EXPECT_TRUE(await(cache.cursors(a, {})).value_or(QVariantMap{{QStringLiteral("x"), 1}}).isEmpty());
    EXPECT_EQ(await(cache.cursors(b, {})).value_or(QVariantMap()).size(), 1);
    const auto triage = await(cache.loadTriage());
    ASSERT_TRUE(triage.has_value());
    ASSERT_EQ(triage->size(), 1);
    EXPECT_EQ(accountOf(triage->at(0).threadId), b);
}

TEST_F(ViewStateCacheTest, CorruptFileIsSetAsideAndAFreshCacheStarts) {
    ASSERT_TRUE(QDir().mkpath(QFileInfo(path()).absolutePath()));
    {
        QFile garbage(path());
        ASSERT_TRUE(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, 'Z'));
    }
    ViewStateCache cache(path());
    QSignalSpy errors(&cache, &ViewStateCache::error);
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    ASSERT_TRUE(waitUntil([&] { return errors.size() >= 1; }));
    const auto err = errors.at(0).at(0).value<ProviderError>();
    EXPECT_EQ(err.kind, ErrorKind::Storage);
    EXPECT_EQ(err.code, QStringLiteral("cache_corrupt"));
    EXPECT_TRUE(err.message.contains(QStringLiteral("fetched again"))) << err.message.toStdString();
    const QStringList asides = QFileInfo(path()).absoluteDir().entryList({QStringLiteral("*.corrupt-*")});
    EXPECT_EQ(asides.size(), 1);

    cache.upsertMessages({makeCacheMessage(1)});
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(rawQuery(path(), "SELECT count(*) FROM messages").toInt(), 1);
}

TEST_F(ViewStateCacheTest, FileFromANewerVersionIsSetAside) {
    ASSERT_TRUE(QDir().mkpath(QFileInfo(path()).absolutePath()));
    ASSERT_TRUE(rawExec(path(), "CREATE TABLE future (x); PRAGMA user_version = 99;"));
    ViewStateCache cache(path());
    QSignalSpy errors(&cache, &ViewStateCache::error);
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    ASSERT_TRUE(waitUntil([&] { return errors.size() >= 1; }));
    EXPECT_EQ(errors.at(0).at(0).value<ProviderError>().code, QStringLiteral("cache_version"));
    EXPECT_EQ(rawQuery(path(), "PRAGMA user_version").toInt(), cacheschema::kCurrentVersion);
}

TEST_F(ViewStateCacheTest, FullDiskIsATypedErrorAndKeepsCommittedRows) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    cache.upsertMessages({makeCacheMessage(0), makeCacheMessage(1)});
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    const qint64 committedSize = QFileInfo(path()).size();

    QSignalSpy errors(&cache, &ViewStateCache::error);
    cache.setSizeLimit(std::max<qint64>(committedSize, 64 * 1024));
    QList<Message> big;
    for (int i = 100; i < 2100; ++i)
        big.append(makeCacheMessage(i));
    cache.upsertMessages(big);
    const auto flushed = await(cache.flush());
    ASSERT_TRUE(flushed.has_value());
    ASSERT_FALSE(flushed->ok()) << "2000 rows cannot fit in 64 KiB";
    EXPECT_EQ(flushed->error().kind, ErrorKind::Storage);
    EXPECT_EQ(flushed->error().code, QStringLiteral("disk_full"));
    EXPECT_TRUE(flushed->error().message.contains(QStringLiteral("disk is full")))
        << flushed->error().message.toStdString();
    ASSERT_TRUE(waitUntil([&] { return errors.size() == 1; }));
    EXPECT_EQ(errors.at(0).at(0).value<ProviderError>().code, QStringLiteral("disk_full"));

    // The batch failed as a whole; what was committed before is intact and the cache still works.
    EXPECT_EQ(await(cache.loadMessages()).value_or(QList<Message>()).size(), 2);
    cache.setSizeLimit(0);
    cache.upsertMessages({makeCacheMessage(2)});
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(rawQuery(path(), "PRAGMA integrity_check"), QStringLiteral("ok"));
    EXPECT_EQ(rawQuery(path(), "SELECT count(*) FROM messages").toInt(), 3);
}

TEST_F(ViewStateCacheTest, LoadsHundredThousandRows) {
    constexpr int kRows = 100000;
    {
        ViewStateCache cache(path());
        ASSERT_NO_FATAL_FAILURE(openCache(cache));
        QList<Message> batch;
        for (int i = 0; i < kRows; ++i) {
            // Stored in scrambled time order (7919 is coprime with kRows), as sync and
            // backfill write them, so the in-memory sort of the full load is exercised.
            const int n = static_cast<int>((static_cast<qint64>(i) * 7919) % kRows);
            batch.append(makeCacheMessage(n, cacheTestAccount(),
                                          n % 2 ? QStringLiteral("INBOX") : QStringLiteral("Sent")));
            if (batch.size() == 5000) {
                cache.upsertMessages(batch);
                batch.clear();
            }
        }
        ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    }
    ViewStateCache cache(path());
    QElapsedTimer timer;
    timer.start();
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    const qint64 openMs = timer.elapsed();
    const auto page = await(cache.loadMessages(300));
    const qint64 pageMs = timer.elapsed() - openMs;
    timer.restart();
    const auto rows = await(cache.loadMessages(), 120000);
    const qint64 loadMs = timer.elapsed();
    ASSERT_TRUE(page.has_value());
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(page->size(), 300);
    ASSERT_EQ(rows->size(), kRows);
    for (qsizetype i = 1; i < rows->size(); ++i) {
        ASSERT_GT(rows->at(i - 1).receivedAt, rows->at(i).receivedAt) << "not newest first at " << i;
    }
    for (qsizetype i = 0; i < page->size(); ++i)
        ASSERT_EQ(page->at(i).id, rows->at(i).id) << "the first page and the full load disagree at " << i;
    EXPECT_EQ(rows->first().id, makeCacheMessage(kRows - 1).id);
    // Figures for the record, never a pass/fail threshold (the bench measures first paint).
    std::printf(
        "[ ViewStateCache ] open %lld ms, newest 300 rows %lld ms, all %d rows %lld ms, file %lld KiB\n",
        static_cast<long long>(openMs), static_cast<long long>(pageMs), kRows, static_cast<long long>(loadMs),
        static_cast<long long>(QFileInfo(path()).size() / 1024));
}
