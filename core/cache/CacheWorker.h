#pragma once

#include "cache/SqliteDatabase.h"
#include "cache/TriageState.h"
#include "model/Model.h"
#include "util/Result.h"

#include <QObject>
#include <QTimer>
#include <QVariant>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace tributary {

//! The ViewStateCache's engine: owns the one SQLite connection and lives on the
//! cache's own QThread. Every method runs on that thread (ViewStateCache posts to it).
//!
//! Writes are applied at once inside a batch transaction that commits on a short
//! timer or when it grows large, so a burst of sync results costs one fsync-free
//! WAL commit instead of hundreds. Each write call runs under its own SAVEPOINT, so
//! it lands whole or not at all, and batches commit only between calls: a crash
//! never leaves half of an upsertMessages() behind. Reads on the same connection see
//! the open batch, so the cache always answers with what was written before.
//! (Connection, batching, errors and privacy: CacheWorker.cpp; tables: CacheWorkerTables.cpp.)
class CacheWorker : public QObject {
    Q_OBJECT
public:
    CacheWorker(QString path, std::shared_ptr<std::atomic<bool>> privacyFlag);
    ~CacheWorker() override;

    Result<void> open();
    //! Commits, checkpoints and closes the connection. Later writes are refused until open().
    Result<void> close();
    //! Commits the batch and syncs the WAL; reports the first error since the last flush.
    Result<void> flush();

    void setBatchInterval(int ms);
    void setSizeLimit(qint64 bytes);

    Result<void> saveAccounts(const QList<Account>& accounts);
    QList<Account> loadAccounts();

    void upsertChannels(const QString& accountId, const QList<Channel>& channels);
    QList<Channel> loadChannels();

    void upsertMessages(const QList<Message>& messages);
    void removeMessages(const QStringList& ids);
    void updateFlags(const QString& messageId, MessageFlags flags);
    QList<Message> loadMessages(int limit, int offset);

    void removeAccountData(const QString& accountId);

    void setCursor(const QString& accountId, const QString& channelId, const QString& key,
                   const QVariant& value);
    QVariantMap cursors(const QString& accountId, const QString& channelId);

    void setLayout(const QString& key, const QByteArray& value);
    QByteArray layout(const QString& key);

    void setTriage(const TriageState& state);
    QList<TriageState> loadTriage();

    void setSetting(const QString& key, const QVariant& value);
    QVariant setting(const QString& key);

    void setPrivacyMode(bool on);

signals:
    void error(const tributary::ProviderError& error);

private:
    int openOnce(bool* tooNew);
    void applyConnectionLimits();
    void setAside(const QString& suffix);
    void removeSetAsideFiles();

    //! Runs `body` (returning an SQLite code) as one atomic write in the batch.
    bool runWrite(const QString& what, qint64 weight, const std::function<int()>& body);
    int beginBatch();
    Result<void> commitBatch();
    void scheduleCommit();
    //! Checkpoints the WAL; TRUNCATE also empties the -wal file so old bytes leave it.
    int checkpoint(bool truncate);
    //! Leaving privacy mode: drops the rows it wrote (and every sync position) so they are
    //! listed again, whole.
    Result<void> dropThinRows();
    //! Scrubs names, subjects and snippets from rows written before privacy mode.
    Result<void> scrubPrivateFields();

    //! Records and reports a failure; recovers from a corrupt file.
    ProviderError fail(int rc, const QString& what);
    void report(const ProviderError& error);
    Result<void> takePendingError();
    Result<void> notOpen(const QString& what);

    const QString m_path;
    std::shared_ptr<std::atomic<bool>> m_privacyFlag;
    SqliteDatabase m_db;
    QTimer m_commitTimer;
    qint64 m_batchWeight = 0;
    qint64 m_sizeLimit = 0;
    bool m_privacy = false;
    bool m_unsynced = false;     //!< commits since the last checkpoint
    bool m_scrubPending = false; //!< privacy mode is on but its scrub has not succeeded
    std::optional<ProviderError> m_pendingError;
    QString m_lastReportedCode;
};

} // namespace tributary
