#include "cache/SqliteDatabase.h"

#include "util/Logging.h"

#include <QCoreApplication>
#include <sqlite3.h>

namespace tributary {

SqliteStatement::SqliteStatement(sqlite3_stmt* stmt)
    : m_stmt(stmt) {}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int index, const QString& text) {
    // UTF-16 in, SQLite stores UTF-8; SQLITE_TRANSIENT because callers pass temporaries.
    sqlite3_bind_text16(m_stmt, index, text.utf16(), static_cast<int>(text.size() * 2), SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int index, qint64 value) {
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindDouble(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
}

void SqliteStatement::bindBlob(int index, const QByteArray& blob) {
    sqlite3_bind_blob(m_stmt, index, blob.constData(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
}

int SqliteStatement::step() {
    return sqlite3_step(m_stmt);
}

int SqliteStatement::exec() {
    int rc = sqlite3_step(m_stmt);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(m_stmt);
    // Reset at once so the statement holds no read transaction or lock afterwards.
    sqlite3_reset(m_stmt);
    return rc;
}

void SqliteStatement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

QString SqliteStatement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    if (!data || size == 0)
        return QString();
    return QString::fromUtf8(data, size);
}

QByteArrayView SqliteStatement::utf8(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? QByteArrayView(data, size) : QByteArrayView();
}

qint64 SqliteStatement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

int SqliteStatement::int32(int column) const {
    return sqlite3_column_int(m_stmt, column);
}

double SqliteStatement::real(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

QByteArray SqliteStatement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    if (!data || size == 0)
        return QByteArray();
    return QByteArray(data, size);
}

bool SqliteStatement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int SqliteStatement::type(int column) const {
    return sqlite3_column_type(m_stmt, column);
}

SqliteDatabase::~SqliteDatabase() {
    close();
}

int SqliteDatabase::open(const QString& path) {
    close();
    // NOMUTEX: the connection lives on one thread, so SQLite's own locking is pure overhead.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr);
    if (m_db)
        sqlite3_extended_result_codes(m_db, 1);
    if (rc != SQLITE_OK) {
        close();
        return rc;
    }
    return SQLITE_OK;
}

void SqliteDatabase::close() {
    // Statements must be finalized before the connection closes, or close fails with BUSY.
    m_statements.clear();
    if (m_db) {
        const int rc = sqlite3_close(m_db);
        if (rc != SQLITE_OK)
            qCWarning(lcCache) << "closing the cache failed:" << sqlite3_errstr(rc);
        m_db = nullptr;
    }
}

int SqliteDatabase::exec(const char* sql) {
    if (!m_db)
        return SQLITE_MISUSE;
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
}

SqliteStatement* SqliteDatabase::prepare(const char* sql) {
    if (!m_db)
        return nullptr;
    auto it = m_statements.find(sql);
    if (it != m_statements.end()) {
        it->second->reset();
        return it->second.get();
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return nullptr;
    }
    auto owned = std::make_unique<SqliteStatement>(stmt);
    SqliteStatement* raw = owned.get();
    m_statements.emplace(sql, std::move(owned));
    return raw;
}

qint64 SqliteDatabase::queryInt(const char* sql, int* rc) {
    SqliteStatement* st = prepare(sql);
    int code = st ? st->step() : lastErrorCode();
    qint64 value = 0;
    if (code == SQLITE_ROW) {
        value = st->int64(0);
        code = SQLITE_OK;
    }
    if (st)
        st->reset();
    if (rc)
        *rc = code == SQLITE_DONE ? SQLITE_OK : code;
    return value;
}

QString SqliteDatabase::queryText(const char* sql, int* rc) {
    SqliteStatement* st = prepare(sql);
    int code = st ? st->step() : lastErrorCode();
    QString value;
    if (code == SQLITE_ROW) {
        value = st->text(0);
        code = SQLITE_OK;
    }
    if (st)
        st->reset();
    if (rc)
        *rc = code == SQLITE_DONE ? SQLITE_OK : code;
    return value;
}

bool SqliteDatabase::inTransaction() const {
    return m_db && !sqlite3_get_autocommit(m_db);
}

int SqliteDatabase::lastErrorCode() const {
    return m_db ? sqlite3_extended_errcode(m_db) : SQLITE_CANTOPEN;
}

QString SqliteDatabase::lastErrorMessage() const {
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("not open");
}

qint64 SqliteDatabase::changes() const {
    return m_db ? sqlite3_changes64(m_db) : 0;
}

bool isCorruption(int rc) {
    const int primary = rc & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

ProviderError sqliteError(int rc, const QString& what, const QString& detail) {
    const int primary = rc & 0xff;
    const QString reason = detail.isEmpty() ? QString::fromUtf8(sqlite3_errstr(rc)) : detail;
    if (primary == SQLITE_FULL) {
        return ProviderError::storage(
            QCoreApplication::translate("ViewStateCache",
                                        "The disk is full (or the view cache reached its size limit) "
                                        "while %1. Free some disk space; what was saved before is intact.")
                .arg(what),
            QStringLiteral("disk_full"));
    }
    if (isCorruption(rc)) {
        return ProviderError::storage(
            QCoreApplication::translate("ViewStateCache",
                                        "The view cache is damaged (%1) while %2. It holds only data "
                                        "that is fetched again from your accounts.")
                .arg(reason, what),
            QStringLiteral("cache_corrupt"));
    }
    return ProviderError::storage(
        QCoreApplication::translate("ViewStateCache", "The view cache failed while %1: %2.")
            .arg(what, reason),
        QStringLiteral("cache_io"));
}

} // namespace tributary
