#pragma once

#include "provider/ProviderError.h"
#include "util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <map>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace tributary {

// A thin RAII layer over the SQLite C API. The cache uses the C API rather than
// QSqlDatabase because it needs exact control over PRAGMAs (WAL, secure_delete,
// max_page_count, wal_checkpoint(TRUNCATE)), extended result codes to tell a full
// disk from a corrupt file, persistent prepared statements, and zero-copy column
// access on the 100k-row warm start; QtSql hides or copies all of these.
// Every object here is used on the cache's own thread only.

//! One prepared statement. Owned by SqliteDatabase's statement cache.
class SqliteStatement {
public:
    explicit SqliteStatement(sqlite3_stmt* stmt);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    //! Binds are 1-based, as in SQLite. Text is always bound as TEXT (never NULL).
    void bind(int index, const QString& text);
    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, static_cast<qint64>(value)); }
    void bind(int index, bool value) { bind(index, static_cast<qint64>(value ? 1 : 0)); }
    void bindDouble(int index, double value);
    void bindBlob(int index, const QByteArray& blob);
    void bindNull(int index);

    //! Steps once; returns the SQLite result code (SQLITE_ROW, SQLITE_DONE or an error).
    int step();
    //! Runs a statement that returns no rows to completion; returns SQLITE_DONE or an error.
    int exec();
    //! Makes the statement ready for reuse (done automatically by SqliteDatabase::prepare).
    void reset();

    //! Columns are 0-based. An empty value gives a null QString (no allocation).
    QString text(int column) const;
    //! The column's UTF-8 bytes, valid only until the next step() or reset().
    QByteArrayView utf8(int column) const;
    qint64 int64(int column) const;
    int int32(int column) const;
    double real(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;
    //! SQLITE_INTEGER, SQLITE_TEXT, SQLITE_BLOB, SQLITE_FLOAT or SQLITE_NULL.
    int type(int column) const;

private:
    sqlite3_stmt* m_stmt;
};

//! One connection, with a cache of prepared statements keyed by their SQL text.
class SqliteDatabase {
public:
    SqliteDatabase() = default;
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    //! Opens (creating if needed) the file; returns the SQLite result code.
    int open(const QString& path);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    sqlite3* handle() const { return m_db; }

    //! Runs one or more statements without results (DDL, PRAGMA, BEGIN/COMMIT).
    int exec(const char* sql);
    //! A cached, reset statement for `sql`, or nullptr on a prepare error (see lastError()).
    //! `sql` must outlive the database: pass string literals.
    SqliteStatement* prepare(const char* sql);
    //! Runs a query that yields one integer (e.g. "PRAGMA user_version"); `ok` is false on error.
    qint64 queryInt(const char* sql, int* rc = nullptr);
    //! The first column of the first row as text (e.g. "PRAGMA integrity_check").
    QString queryText(const char* sql, int* rc = nullptr);

    //! True while a transaction is open on this connection.
    bool inTransaction() const;
    //! The last result code and its message, for error reports (never contains row data).
    int lastErrorCode() const;
    QString lastErrorMessage() const;
    qint64 changes() const;

private:
    sqlite3* m_db = nullptr;
    std::map<const char*, std::unique_ptr<SqliteStatement>> m_statements;
};

//! Maps a SQLite result code to a typed, user-readable storage error.
//! Codes: "disk_full" (SQLITE_FULL), "cache_corrupt" (SQLITE_CORRUPT, SQLITE_NOTADB), "cache_io".
ProviderError sqliteError(int rc, const QString& what, const QString& detail = {});
//! True for result codes that mean the file itself is damaged.
bool isCorruption(int rc);

} // namespace tributary
