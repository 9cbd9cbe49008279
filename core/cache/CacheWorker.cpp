#include "cache/CacheWorker.h"

#include "cache/CacheRows.h"
#include "cache/CacheSchema.h"
#include "util/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <sqlite3.h>

namespace tributary {

namespace {

constexpr int kDefaultBatchIntervalMs = 200;
//! Rows after which a batch commits at once instead of waiting for the timer.
constexpr qint64 kMaxBatchWeight = 5000;
constexpr int kBusyTimeoutMs = 5000;
const char kPrivacyKey[] = "privacy_mode";

// SQLite reports success of a statement run to completion as SQLITE_DONE.
int okay(int rc) {
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

} // namespace

CacheWorker::CacheWorker(QString path, std::shared_ptr<std::atomic<bool>> privacyFlag)
    : m_path(std::move(path))
    , m_privacyFlag(std::move(privacyFlag))
    , m_commitTimer(this) {
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(kDefaultBatchIntervalMs);
    connect(&m_commitTimer, &QTimer::timeout, this, [this] { (void)commitBatch(); });
}

CacheWorker::~CacheWorker() {
    (void)close();
}

void CacheWorker::setBatchInterval(int ms) {
    m_commitTimer.setInterval(ms);
}

void CacheWorker::setSizeLimit(qint64 bytes) {
    m_sizeLimit = bytes;
    applyConnectionLimits();
}

// ---- opening, closing, recovery ---------------------------------------------------

Result<void> CacheWorker::open() {
    if (m_db.isOpen())
        return Done{};
    bool tooNew = false;
    int rc = openOnce(&tooNew);
    if (rc == SQLITE_OK && !tooNew)
        return Done{};

    if (tooNew || isCorruption(rc)) {
        // Everything here is refetched from the accounts, so a file we cannot use is
        // set aside (kept for a bug report) and the cache starts afresh.
        const ProviderError why =
            tooNew ? ProviderError::storage(tr("The view cache was written by a newer version of Tributary. "
                                               "It was set aside and a fresh one was started; its contents "
                                               "are fetched again from your accounts."),
                                            QStringLiteral("cache_version"))
                   : ProviderError::storage(tr("The view cache was damaged. It was set aside and a fresh one "
                                               "was started; its contents are fetched again from your "
                                               "accounts."),
                                            QStringLiteral("cache_corrupt"));
        setAside(tooNew ? QStringLiteral(".newer-") : QStringLiteral(".corrupt-"));
        rc = openOnce(&tooNew);
        if (rc == SQLITE_OK) {
            // The cache works again: tell the user once, but open() itself succeeded.
            report(why);
            m_pendingError.reset();
            return Done{};
        }
    }
    const ProviderError err = sqliteError(rc, tr("opening %1").arg(QDir::toNativeSeparators(m_path)));
    m_db.close();
    report(err);
    return err;
}

int CacheWorker::openOnce(bool* tooNew) {
    *tooNew = false;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return SQLITE_CANTOPEN;
    if (!info.exists()) {
        // Created by us first so the file (and the -wal/-shm files SQLite derives from
        // it) are private to the user: they hold subjects and names.
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly))
            return SQLITE_CANTOPEN;
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.close();
    }
    int rc = m_db.open(m_path);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_busy_timeout(m_db.handle(), kBusyTimeoutMs);

    // The first statement that reads the file is where a garbage file shows as NOTADB.
    const QString mode = m_db.queryText("PRAGMA journal_mode = WAL", &rc);
    if (rc != SQLITE_OK) {
        m_db.close();
        return rc;
    }
    if (mode != QStringLiteral("wal"))
        qCWarning(lcCache) << "the file system refused WAL; the cache runs in" << mode << "mode";
    // NORMAL is crash-safe in WAL mode (a commit can only be lost to a power cut, and
    // flush() syncs); secure_delete zeroes freed bytes so scrubbed text leaves the file;
    // temp_store keeps VACUUM's copy and statement journals off disk; mmap spares the
    // warm start a read() copy of every page. foreign_keys is on so any future REFERENCES
    // clause is enforced; today's rows reference nothing, because sync may write a
    // message before its channel list arrives.
    rc = m_db.exec("PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA secure_delete = ON;"
                   "PRAGMA temp_store = MEMORY;"
                   "PRAGMA cache_size = -16000;"
                   "PRAGMA mmap_size = 268435456;");
    if (rc != SQLITE_OK) {
        m_db.close();
        return rc;
    }
    applyConnectionLimits();

    const cacheschema::Outcome migrated = cacheschema::migrate(m_db);
    if (migrated.rc != SQLITE_OK || migrated.tooNew) {
        *tooNew = migrated.tooNew;
        m_db.close();
        return migrated.rc;
    }
    if (migrated.fromVersion != cacheschema::kCurrentVersion)
        qCInfo(lcCache) << "migrated the cache from schema" << migrated.fromVersion << "to"
                        << cacheschema::kCurrentVersion;

    // Read directly rather than through setting(): a failure here must reach open()'s
    // recovery, not fail()'s (which would reopen from inside the open).
    m_privacy = m_db.queryInt("SELECT coalesce((SELECT value FROM settings WHERE key = 'privacy_mode'), 0)",
                              &rc) != 0;
    if (rc != SQLITE_OK) {
        m_db.close();
        return rc;
    }
    m_privacyFlag->store(m_privacy);
    qCInfo(lcCache) << "cache open, schema" << cacheschema::kCurrentVersion << "privacy mode" << m_privacy;
    return SQLITE_OK;
}

void CacheWorker::applyConnectionLimits() {
    if (!m_db.isOpen())
        return;
    // max_page_count bounds the file; when it is reached SQLite answers SQLITE_FULL,
    // which is reported exactly like a full disk.
    qint64 pages = 0;
    if (m_sizeLimit > 0) {
        const qint64 pageSize = m_db.queryInt("PRAGMA page_size");
        pages = std::max<qint64>(1, m_sizeLimit / std::max<qint64>(1, pageSize));
    } else {
        pages = 0xfffffffe; // SQLite's own maximum
    }
    const QByteArray sql = "PRAGMA max_page_count = " + QByteArray::number(pages);
    m_db.exec(sql.constData());
}

void CacheWorker::setAside(const QString& suffix) {
    m_db.close();
    removeSetAsideFiles();
    const QString target =
        m_path + suffix + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::rename(m_path, target))
        QFile::remove(m_path);
    // A WAL belongs to the file it was written for; never let it meet the fresh one.
    QFile::remove(m_path + QStringLiteral("-wal"));
    QFile::remove(m_path + QStringLiteral("-shm"));
    qCWarning(lcCache) << "set the unusable cache aside as" << target;
}

void CacheWorker::removeSetAsideFiles() {
    // Only the newest set-aside copy is kept, and none once privacy mode is on.
    const QFileInfo info(m_path);
    QDir dir = info.absoluteDir();
    const QStringList old = dir.entryList(
        {info.fileName() + QStringLiteral(".corrupt-*"), info.fileName() + QStringLiteral(".newer-*")},
        QDir::Files);
    for (const QString& name : old)
        dir.remove(name);
}

Result<void> CacheWorker::close() {
    if (!m_db.isOpen())
        return takePendingError();
    Result<void> result = flush();
    // Closing the last connection checkpoints and deletes the -wal file; do it explicitly
    // first so a failure is logged rather than silent.
    checkpoint(true);
    m_db.close();
    m_commitTimer.stop();
    qCInfo(lcCache) << "cache closed";
    return result;
}

// ---- batching -----------------------------------------------------------------------

int CacheWorker::beginBatch() {
    if (m_db.inTransaction())
        return SQLITE_OK;
    // IMMEDIATE: take the write lock now, so a commit can never fail for want of it.
    return m_db.exec("BEGIN IMMEDIATE");
}

void CacheWorker::scheduleCommit() {
    if (!m_commitTimer.isActive())
        m_commitTimer.start();
}

bool CacheWorker::runWrite(const QString& what, qint64 weight, const std::function<int()>& body) {
    if (!m_db.isOpen()) {
        (void)notOpen(what);
        return false;
    }
    int rc = beginBatch();
    if (rc == SQLITE_OK)
        rc = m_db.exec("SAVEPOINT op");
    if (rc == SQLITE_OK) {
        rc = body();
        if (rc == SQLITE_OK) {
            rc = m_db.exec("RELEASE op");
        } else if (m_db.inTransaction()) {
            // Undo this call only; earlier calls in the batch stay.
            m_db.exec("ROLLBACK TO op");
            m_db.exec("RELEASE op");
        }
    }
    if (rc != SQLITE_OK) {
        fail(rc, what);
        return false;
    }
    m_batchWeight += std::max<qint64>(1, weight);
    if (m_batchWeight >= kMaxBatchWeight)
        (void)commitBatch();
    else
        scheduleCommit();
    return true;
}

Result<void> CacheWorker::commitBatch() {
    m_commitTimer.stop();
    if (!m_db.isOpen() || !m_db.inTransaction())
        return Done{};
    const qint64 weight = m_batchWeight;
    const int rc = m_db.exec("COMMIT");
    if (rc != SQLITE_OK) {
        if (m_db.inTransaction())
            m_db.exec("ROLLBACK");
        const ProviderError err = fail(rc, tr("saving %1 changes").arg(weight));
        m_batchWeight = 0;
        return err;
    }
    m_batchWeight = 0;
    m_unsynced = true;
    m_lastReportedCode.clear();
    return Done{};
}

int CacheWorker::checkpoint(bool truncate) {
    if (!m_db.isOpen())
        return SQLITE_MISUSE;
    int logFrames = 0;
    int copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(
        m_db.handle(), nullptr, truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, &logFrames,
        &copied);
    if (rc != SQLITE_OK)
        qCWarning(lcCache) << "WAL checkpoint failed:" << m_db.lastErrorMessage();
    return rc;
}

Result<void> CacheWorker::flush() {
    if (!m_db.isOpen())
        return m_pendingError ? takePendingError() : notOpen(tr("saving"));
    (void)commitBatch();
    if (m_unsynced) {
        // With synchronous=NORMAL a commit is safe from a crash but not from a power cut;
        // a checkpoint syncs the WAL and the database, which makes "flushed" mean durable.
        const int rc = checkpoint(false);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            fail(rc, tr("syncing the cache to disk"));
        m_unsynced = false;
    }
    return takePendingError();
}

// ---- errors -------------------------------------------------------------------------

ProviderError CacheWorker::fail(int rc, const QString& what) {
    ProviderError err = sqliteError(rc, what, m_db.isOpen() ? m_db.lastErrorMessage() : QString());
    if (m_db.isOpen() && !m_db.inTransaction() && m_batchWeight > 0) {
        // SQLite rolls the whole transaction back on some errors (full disk, I/O):
        // the uncommitted part of the batch is gone. Say so rather than pretend.
        err.message += QLatin1Char(' ') + tr("Changes from the last moment were not saved.");
        m_batchWeight = 0;
        m_commitTimer.stop();
    }
    qCWarning(lcCache) << "cache error:" << err.code << "while" << what << "sqlite code" << rc;
    if (isCorruption(rc)) {
        m_commitTimer.stop();
        m_batchWeight = 0;
        setAside(QStringLiteral(".corrupt-"));
        bool tooNew = false;
        if (openOnce(&tooNew) == SQLITE_OK)
            err.message += QLatin1Char(' ') + tr("A fresh cache was started.");
    }
    report(err);
    return err;
}

void CacheWorker::report(const ProviderError& err) {
    if (!m_pendingError)
        m_pendingError = err;
    // A full disk fails every write until space is freed: report it once, not per row batch.
    if (err.code == m_lastReportedCode)
        return;
    m_lastReportedCode = err.code;
    emit error(err);
}

Result<void> CacheWorker::takePendingError() {
    if (!m_pendingError)
        return Done{};
    ProviderError err = *m_pendingError;
    m_pendingError.reset();
    return err;
}

Result<void> CacheWorker::notOpen(const QString& what) {
    const ProviderError err = ProviderError::storage(tr("The view cache is not open (while %1).").arg(what),
                                                     QStringLiteral("cache_io"));
    qCWarning(lcCache) << "cache not open; dropped a write";
    report(err);
    return err;
}

// ---- privacy ------------------------------------------------------------------------

void CacheWorker::setPrivacyMode(bool on) {
    const bool was = m_privacy;
    m_privacy = on;
    m_privacyFlag->store(on);
    setSetting(QString::fromLatin1(kPrivacyKey), on);
    // Only the switch scrubs: rows written while it is on hold nothing to remove, and the
    // app re-applying the stored choice at every start must not VACUUM every time.
    // A scrub that failed (full disk) is retried the next time the choice is applied.
    if (on && (!was || m_scrubPending) && m_db.isOpen()) {
        const Result<void> scrubbed = scrubPrivateFields();
        m_scrubPending = !scrubbed.ok();
        if (!scrubbed)
            qCWarning(lcCache) << "privacy scrub failed:" << scrubbed.error().code;
    }
    if (!on && was && m_db.isOpen()) {
        if (const Result<void> dropped = dropThinRows(); !dropped)
            qCWarning(lcCache) << "dropping rows written in privacy mode failed:" << dropped.error().code;
    }
    if (was != on)
        qCInfo(lcCache) << "privacy mode" << (on ? "on" : "off");
}

Result<void> CacheWorker::dropThinRows() {
    // Rows written in privacy mode lack names, subjects and snippets, and an incremental
    // sync never sends a known message again: forget them and the sync positions, so the
    // next sync lists every channel from the top and the rows come back whole.
    const bool ok = runWrite(tr("forgetting rows without names and subjects"), 1, [&]() {
        int rc = m_db.exec("DELETE FROM messages WHERE subject = '' AND snippet = '' AND author_name = ''");
        if (rc != SQLITE_OK)
            return rc;
        return m_db.exec("DELETE FROM cursors");
    });
    if (!ok)
        return takePendingError();
    return commitBatch();
}

Result<void> CacheWorker::scrubPrivateFields() {
    const bool ok = runWrite(tr("removing names, subjects and snippets"), 1, [&]() {
        int rc = m_db.exec("UPDATE messages SET subject = '', snippet = '', author_name = '' "
                           "WHERE subject <> '' OR snippet <> '' OR author_name <> ''");
        if (rc != SQLITE_OK)
            return rc;
        const QByteArray dmKinds = QByteArray::number(static_cast<int>(ChannelKind::DirectMessage)) + ", " +
                                   QByteArray::number(static_cast<int>(ChannelKind::GroupMessage));
        const QByteArray channelSql = "UPDATE channels SET name = '' WHERE kind IN (" + dmKinds + ")";
        if ((rc = m_db.exec(channelSql.constData())) != SQLITE_OK)
            return rc;
        // Recipient records carry names after \x1f; rewrite the rows that have any.
        SqliteStatement* sel =
            m_db.prepare("SELECT rowid, recipients FROM messages WHERE instr(recipients, char(31)) > 0");
        if (!sel)
            return m_db.lastErrorCode();
        QList<std::pair<qint64, QString>> rewritten;
        while ((rc = sel->step()) == SQLITE_ROW) {
            Message m;
            cacherows::decodeRecipients(sel->text(1), m);
            rewritten.append({sel->int64(0), cacherows::encodeRecipients(m, false)});
        }
        sel->reset();
        if (rc != SQLITE_DONE)
            return rc;
        for (const auto& [rowid, recipients] : std::as_const(rewritten)) {
            SqliteStatement* up = m_db.prepare("UPDATE messages SET recipients = ?2 WHERE rowid = ?1");
            if (!up)
                return m_db.lastErrorCode();
            up->bind(1, rowid);
            up->bind(2, recipients);
            if ((rc = okay(up->exec())) != SQLITE_OK)
                return rc;
        }
        return SQLITE_OK;
    });
    if (!ok)
        return takePendingError();
    if (Result<void> committed = commitBatch(); !committed)
        return committed;
    // secure_delete zeroed the old text inside the database pages; the WAL still holds
    // earlier page images, and free space may hold fragments. Checkpoint and truncate the
    // WAL, rebuild the file (VACUUM, in memory thanks to temp_store), and truncate again
    // so VACUUM's own frames leave too.
    checkpoint(true);
    if (const int rc = m_db.exec("VACUUM"); rc != SQLITE_OK)
        return fail(rc, tr("removing names, subjects and snippets"));
    checkpoint(true);
    m_unsynced = false;
    removeSetAsideFiles();
    return Done{};
}

} // namespace tributary
