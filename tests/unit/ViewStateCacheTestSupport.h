#pragma once

// Helpers shared by the ViewStateCache, DataPolicy and CacheKill tests: message
// factories and a raw, read-only look at the database file that bypasses the cache.

#include "cache/ViewStateCache.h"
#include "model/Ids.h"

#include <Await.h>
#include <QDateTime>
#include <QString>
#include <gtest/gtest.h>
#include <sqlite3.h>

namespace tributary::test {

inline QString cacheTestAccount() {
    return QStringLiteral("acc1");
}

inline QString channelIdFor(const QString& account, const QString& folder) {
    return makeId(IdKind::Channel, account, folder);
}

//! A fully populated message; `n` makes every field unique and orders by time.
inline Message makeCacheMessage(int n, const QString& account = cacheTestAccount(),
                                const QString& folder = QStringLiteral("INBOX")) {
    Message m;
    const QString native = QStringLiteral("%1/%2").arg(folder).arg(n);
    m.id = makeId(IdKind::Message, account, native);
    m.accountId = account;
    m.channelId = channelIdFor(account, folder);
    m.threadId = makeId(IdKind::Thread, account, QStringLiteral("t%1").arg(n / 3));
    m.nativeId = native;
    m.kind = ConversationKind::Email;
    m.messageIdHeader = QStringLiteral("msg%1@example.org").arg(n);
    m.inReplyTo = n > 0 ? QStringLiteral("msg%1@example.org").arg(n - 1) : QString();
    if (n > 1)
        m.references = {QStringLiteral("msg%1@example.org").arg(n - 2), m.inReplyTo};
    m.nativeThreadKey = QStringLiteral("key%1").arg(n / 3);
    m.author = {QStringLiteral("author%1@example.org").arg(n), QStringLiteral("Author %1").arg(n), {}};
    m.to = {{QStringLiteral("me@example.org"), QStringLiteral("Me"), {}}};
    m.cc = {{QStringLiteral("cc%1@example.org").arg(n), QString(), {}}};
    m.subject = QStringLiteral("Subject %1").arg(n);
    m.snippet = QStringLiteral("Snippet of message %1").arg(n);
    m.sentAt = QDateTime::fromMSecsSinceEpoch(1700000000000LL + n * 60000LL - 5000, Qt::UTC);
    m.receivedAt = QDateTime::fromMSecsSinceEpoch(1700000000000LL + n * 60000LL, Qt::UTC);
    m.flags = (n % 2) ? MessageFlags(MessageFlag::Read) : MessageFlags(MessageFlag::Flagged);
    m.hasAttachments = (n % 5) == 0;
    m.size = 1000 + n;
    return m;
}

//! Opens the cache and asserts that it worked.
inline void openCache(ViewStateCache& cache) {
    const auto opened = await(cache.open());
    ASSERT_TRUE(opened.has_value());
    ASSERT_TRUE(opened->ok()) << opened->error().describe().toStdString();
}

inline void flushCache(ViewStateCache& cache) {
    const auto flushed = await(cache.flush());
    ASSERT_TRUE(flushed.has_value());
    ASSERT_TRUE(flushed->ok()) << flushed->error().describe().toStdString();
}

//! Runs one query on a separate connection and returns the first column of the first
//! row as text ("" if no row). Sees only what the cache has committed.
inline QString rawQuery(const QString& path, const char* sql) {
    sqlite3* db = nullptr;
    QString out;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        else
            out = QStringLiteral("error: ") + QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

//! Runs statements on a separate connection (for building old or odd files by hand).
inline bool rawExec(const QString& path, const char* sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              nullptr) == SQLITE_OK;
    char* message = nullptr;
    ok = ok && sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK;
    if (message) {
        ADD_FAILURE() << message;
        sqlite3_free(message);
    }
    sqlite3_close(db);
    return ok;
}

} // namespace tributary::test
