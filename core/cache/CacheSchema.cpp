#include "cache/CacheSchema.h"

#include "cache/SqliteDatabase.h"
#include "util/Logging.h"

#include <sqlite3.h>

namespace tributary::cacheschema {

namespace {

// Version 1: the first shipped layout. Frozen: never edit, only add steps after it.
// Message rows hold only what the list paints and threading needs (no bodies, no
// attachments, no provider extras); recipients are "<kind><address>\x1f<name>" records
// joined by \x1e, kind one of t c b r (to, cc, bcc, reply-to).
const char kVersion1[] = R"sql(
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

// Version 2: threads and team triage. Messages gain the thread the threading engine
// or provider assigned, and a sort key (received, else sent) so rows without a
// received time still sort; the list's newest-first load walks messages_by_time.
// Triage state (assignee, open/pending/done, snooze) is per thread.
const char kVersion2[] = R"sql(
ALTER TABLE messages ADD COLUMN thread_id TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN sort_at INTEGER NOT NULL DEFAULT 0;
UPDATE messages SET sort_at = coalesce(received_at, sent_at, 0);
DROP INDEX messages_by_received;
CREATE INDEX messages_by_time ON messages(sort_at DESC);
CREATE INDEX messages_by_thread ON messages(thread_id);
CREATE TABLE triage (
    thread_id TEXT PRIMARY KEY NOT NULL,
    assignee TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    snooze_until INTEGER
);
)sql";

struct Step {
    int toVersion;
    const char* sql;
};

constexpr Step kSteps[] = {
    {1, kVersion1},
    {2, kVersion2},
};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kCurrentVersion, "one step per schema version");

int runStep(SqliteDatabase& db, const Step& step) {
    // IMMEDIATE takes the write lock up front, so the step cannot fail half-way on BUSY.
    int rc = db.exec("BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        return rc;
    rc = db.exec(step.sql);
    if (rc == SQLITE_OK) {
        // user_version lives in the database header, so the bump commits atomically with the DDL.
        const QByteArray bump = "PRAGMA user_version = " + QByteArray::number(step.toVersion);
        rc = db.exec(bump.constData());
    }
    if (rc == SQLITE_OK)
        rc = db.exec("COMMIT");
    if (rc != SQLITE_OK && db.inTransaction())
        db.exec("ROLLBACK");
    return rc;
}

} // namespace

const char* version1Ddl() {
    return kVersion1;
}

Outcome migrate(SqliteDatabase& db) {
    Outcome out;
    const qint64 version = db.queryInt("PRAGMA user_version", &out.rc);
    if (out.rc != SQLITE_OK)
        return out;
    out.fromVersion = static_cast<int>(version);
    if (version > kCurrentVersion) {
        out.tooNew = true;
        return out;
    }
    for (const Step& step : kSteps) {
        if (step.toVersion <= version)
            continue;
        out.rc = runStep(db, step);
        if (out.rc != SQLITE_OK) {
            qCWarning(lcCache) << "cache schema step to version" << step.toVersion
                               << "failed:" << db.lastErrorMessage();
            return out;
        }
        qCInfo(lcCache) << "cache schema now at version" << step.toVersion;
    }
    return out;
}

} // namespace tributary::cacheschema
