#include "ViewStateCacheTestSupport.h"
#include "cache/CacheSchema.h"

#include <QDir>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::test;

namespace {

// The schema as version 1 shipped it, frozen here: files like this exist on users'
// disks, so the cache must keep migrating them whatever the current schema becomes.
const char kFrozenVersion1[] = R"sql(
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    provider TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '',
    settings_json TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE channels (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    native_id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    parent_id TEXT NOT NULL DEFAULT '',
    kind INTEGER NOT NULL DEFAULT 0,
    role INTEGER NOT NULL DEFAULT 0,
    shared INTEGER NOT NULL DEFAULT 0,
    selectable INTEGER NOT NULL DEFAULT 1,
    unread INTEGER NOT NULL DEFAULT -1,
    total INTEGER NOT NULL DEFAULT -1,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX channels_by_account ON channels(account_id);
CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    native_id TEXT NOT NULL,
    kind INTEGER NOT NULL DEFAULT 0,
    message_id_header TEXT NOT NULL DEFAULT '',
    in_reply_to TEXT NOT NULL DEFAULT '',
    refs TEXT NOT NULL DEFAULT '',
    native_thread_key TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL DEFAULT '',
    author_address TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    snippet TEXT NOT NULL DEFAULT '',
    sent_at INTEGER,
    received_at INTEGER,
    flags INTEGER NOT NULL DEFAULT 0,
    has_attachments INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX messages_by_received ON messages(received_at);
CREATE INDEX messages_by_channel ON messages(channel_id);
CREATE TABLE cursors (
    account_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value,
    PRIMARY KEY (account_id, channel_id, key)
) WITHOUT ROWID;
CREATE TABLE layout (
    key TEXT PRIMARY KEY NOT NULL,
    value BLOB
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value
);
)sql";

// Rows as a version-1 build wrote them: no thread ids, no triage. m2 has no received
// time (a chat message) and must sort by its sent time.
const char kVersion1Rows[] = R"sql(
INSERT INTO accounts VALUES ('acc1', 'imap', 'Work', '#ff3366cc', '{"host":"imap.example.org"}', 0);
INSERT INTO channels VALUES ('v1:c:acc1:INBOX', 'acc1', 'INBOX', 'INBOX', '', 0, 1, 0, 1, 3, 10, 0);
INSERT INTO messages (id, account_id, channel_id, native_id, kind, message_id_header, in_reply_to, refs,
    native_thread_key, author_name, author_address, recipients, subject, snippet, sent_at, received_at,
    flags, has_attachments, size)
VALUES
 ('v1:m:acc1:INBOX%2F1', 'acc1', 'v1:c:acc1:INBOX', 'INBOX/1', 0, 'a@x', '', '', '', 'Ann', 'ann@x',
  'tme@x' || char(31) || 'Me', 'Hello', 'First', 1000, 2000, 1, 0, 10),
 ('v1:m:acc1:INBOX%2F2', 'acc1', 'v1:c:acc1:INBOX', 'INBOX/2', 1, '', '', '', 'C1/17.5', 'Bob', 'U2',
  '', '', 'chat line', 5000, NULL, 0, 0, -1),
 ('v1:m:acc1:INBOX%2F3', 'acc1', 'v1:c:acc1:INBOX', 'INBOX/3', 0, 'c@x', 'a@x', 'a@x', '', 'Cy', 'cy@x',
  '', 'Re: Hello', 'Third', 3000, 4000, 2, 1, 30);
INSERT INTO cursors VALUES ('acc1', 'v1:c:acc1:INBOX', 'uidvalidity', 42);
INSERT INTO layout VALUES ('splitter', x'0102');
PRAGMA user_version = 1;
)sql";

} // namespace

TEST(ViewStateCacheMigration, FrozenVersion1MatchesTheFirstStep) {
    // If this fails, someone edited a shipped migration step: add a new step instead.
    EXPECT_STREQ(cacheschema::version1Ddl(), kFrozenVersion1);
}

TEST(ViewStateCacheMigration, Version1FileMigratesWithRowsIntact) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    ASSERT_TRUE(rawExec(path, kFrozenVersion1));
    ASSERT_TRUE(rawExec(path, kVersion1Rows));
    ASSERT_EQ(rawQuery(path, "PRAGMA user_version").toInt(), 1);

    ViewStateCache cache(path);
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    EXPECT_EQ(rawQuery(path, "PRAGMA user_version").toInt(), cacheschema::kCurrentVersion);
    EXPECT_EQ(rawQuery(path, "PRAGMA integrity_check"), QStringLiteral("ok"));

    const auto rows = await(cache.loadMessages());
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 3);
    // Newest first by received time, else sent time: m2 (sent 5000), m3 (4000), m1 (2000).
    EXPECT_EQ(rows->at(0).nativeId, QStringLiteral("INBOX/2"));
    EXPECT_EQ(rows->at(1).nativeId, QStringLiteral("INBOX/3"));
    EXPECT_EQ(rows->at(2).nativeId, QStringLiteral("INBOX/1"));
    for (const Message& m : *rows)
        EXPECT_TRUE(m.threadId.isEmpty()) << "unthreaded until the threading engine runs";

    const Message& chat = rows->at(0);
    EXPECT_EQ(chat.kind, ConversationKind::Chat);
    EXPECT_FALSE(chat.receivedAt.isValid());
    EXPECT_EQ(chat.sentAt.toMSecsSinceEpoch(), 5000);
    EXPECT_EQ(chat.nativeThreadKey, QStringLiteral("C1/17.5"));

    const Message& reply = rows->at(1);
    EXPECT_EQ(reply.subject, QStringLiteral("Re: Hello"));
    EXPECT_EQ(reply.references, QStringList{QStringLiteral("a@x")});
    EXPECT_EQ(reply.flags, MessageFlags(MessageFlag::Flagged));
    EXPECT_TRUE(reply.hasAttachments);

    const Message& first = rows->at(2);
    EXPECT_EQ(first.author.displayName, QStringLiteral("Ann"));
    ASSERT_EQ(first.to.size(), 1);
    EXPECT_EQ(first.to.at(0).address, QStringLiteral("me@x"));
    EXPECT_EQ(first.to.at(0).displayName, QStringLiteral("Me"));

    const QList<Account> accounts = cache.loadAccounts();
    ASSERT_EQ(accounts.size(), 1);
    EXPECT_EQ(accounts.at(0).settings.value(QStringLiteral("host")).toString(),
              QStringLiteral("imap.example.org"));
    EXPECT_EQ(await(cache.loadChannels()).value_or(QList<Channel>()).size(), 1);
    EXPECT_EQ(await(cache.cursors(QStringLiteral("acc1"), QStringLiteral("v1:c:acc1:INBOX")))
                  .value_or(QVariantMap())
                  .value(QStringLiteral("uidvalidity"))
                  .toInt(),
              42);
    EXPECT_EQ(await(cache.layout(QStringLiteral("splitter"))).value_or(QByteArray()), QByteArray("\x01\x02"));

    // Version 2 features work on the migrated file.
    EXPECT_TRUE(await(cache.loadTriage()).value_or(QList<TriageState>{TriageState{}}).isEmpty());
    const QString thread = makeId(IdKind::Thread, QStringLiteral("acc1"), QStringLiteral("a@x"));
    cache.setTriage({thread, QStringLiteral("bob@x"), QStringLiteral("open"), {}});
    Message threaded = first;
    threaded.threadId = thread;
    cache.upsertMessages({threaded});
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(rawQuery(path, "SELECT thread_id FROM messages WHERE native_id = 'INBOX/1'"), thread);
    EXPECT_EQ(await(cache.loadTriage()).value_or(QList<TriageState>()).size(), 1);
}
