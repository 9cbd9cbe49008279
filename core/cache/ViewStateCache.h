#pragma once

#include "cache/TriageState.h"
#include "model/Model.h"
#include "provider/AccountManager.h"
#include "util/Result.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>
#include <QVariant>
#include <atomic>
#include <memory>

namespace tributary {

class CacheWorker;

//! The on-disk view state: exactly what the window needs to paint at once on the next
//! start, per the data policy in ARCHITECTURE.md. Stored: accounts (non-secret
//! settings), channel lists, the envelope fields of message rows (ids, threading
//! headers, author, recipient addresses, subject, a snippet of at most 200 chars,
//! dates, flags), triage state, sync cursors, window layout and app settings.
//! Never stored: bodies, attachments, provider extras, tokens, passwords. In privacy
//! mode subjects, snippets and people's names are kept off disk too.
//!
//! One SQLite connection lives on the cache's own thread (WAL, user_version
//! migrations, batched commits; see CacheWorker). Every method here may be called from
//! the GUI thread and returns at once: writes are queued in call order and committed
//! in batches, reads return futures that see every write queued before them. Failures
//! are typed ProviderErrors (kind Storage; codes "disk_full", "cache_corrupt",
//! "cache_version", "cache_io") delivered by error() and by open()/flush().
class ViewStateCache : public QObject, public AccountStorage {
    Q_OBJECT
public:
    //! `path` is the database file (the app passes AppDataLocation/viewstate.sqlite3);
    //! its folder is created if missing. Nothing touches the disk before open().
    explicit ViewStateCache(QString path, QObject* parent = nullptr);
    //! Flushes and closes (blocking until the queued writes are committed).
    ~ViewStateCache() override;

    //! Opens or creates the file and migrates it to the current schema. A damaged file,
    //! or one from a newer version, is renamed "<file>.corrupt-<time>" / ".newer-<time>"
    //! and a fresh cache is started: open() then succeeds and error() says what happened.
    QFuture<Result<void>> open();
    //! Commits everything queued so far, checkpoints and closes the connection.
    QFuture<Result<void>> close();
    //! Completes when everything queued so far is committed and synced to disk. Carries
    //! the first error since the previous flush, so a caller learns a write did not land.
    QFuture<Result<void>> flush();
    QString path() const { return m_path; }

    // -- accounts (AccountStorage). Called once at startup and on account edits; they
    // wait briefly for the cache thread because the interface is synchronous.
    QList<Account> loadAccounts() override;
    //! Replaces the stored accounts. Settings whose keys look like secrets are dropped.
    Result<void> saveAccounts(const QList<Account>& accounts) override;

    //! Stores `accountId`'s complete channel list, in display order. Channels of that
    //! account missing from `channels` are removed with their messages and cursors.
    void upsertChannels(const QString& accountId, const QList<Channel>& channels);
    //! All channels, grouped by account, each account's in the order given.
    QFuture<QList<Channel>> loadChannels();

    //! Inserts or updates message rows (envelope fields only; the snippet is capped at
    //! Message::kSnippetLength). An update without a thread id or snippet keeps the stored one.
    void upsertMessages(const QList<Message>& messages);
    void removeMessages(const QStringList& messageIds);
    void updateFlags(const QString& messageId, MessageFlags flags);
    //! Newest first (received, else sent time); `limit` < 0 loads all, else `limit` rows
    //! after skipping the `offset` newest. Rows come back with bodyLoaded = false and no
    //! text, html, attachments, reactions or extras.
    QFuture<QList<Message>> loadMessages(int limit = -1, int offset = 0);

    //! Removes an account's channels, messages, cursors and triage rows (not its
    //! account row: that is saveAccounts()'s), and truncates the WAL so they leave the disk.
    void removeAccountData(const QString& accountId);

    //! Sync state (UIDVALIDITY, HIGHESTMODSEQ, historyId, deltaLink ...). Integers, strings,
    //! doubles and byte arrays keep their type; an invalid QVariant removes the key.
    //! `channelId` may be empty for account-wide cursors.
    void setCursor(const QString& accountId, const QString& channelId, const QString& key,
                   const QVariant& value);
    QFuture<QVariantMap> cursors(const QString& accountId, const QString& channelId);

    //! Window geometry, splitter states, selected view, collapsed threads ...
    void setLayout(const QString& key, const QByteArray& value);
    QFuture<QByteArray> layout(const QString& key);

    //! Stores a thread's triage state; an empty state removes the row.
    void setTriage(const TriageState& state);
    QFuture<QList<TriageState>> loadTriage();

    //! App settings (not account settings). Secret-looking keys are refused with an error().
    void setSetting(const QString& key, const QVariant& value);
    QFuture<QVariant> setting(const QString& key);

    //! Privacy mode keeps subjects, snippets and people's names (authors, recipients, DM
    //! names) off disk. Turning it on scrubs rows already written, truncates the WAL and
    //! VACUUMs, so the old bytes leave the files. The choice itself is persisted.
    void setPrivacyMode(bool on);
    //! The current choice (as stored, once open() has run).
    bool privacyMode() const;

    //! Commit delay for queued writes (default 200 ms). Larger batches mean fewer commits.
    void setBatchInterval(int ms);
    //! Bounds the file size (0 = unbounded). Past it, writes fail like a full disk ("disk_full").
    void setSizeLimit(qint64 bytes);

signals:
    //! A storage failure, reported once per kind until a later commit succeeds.
    void error(const tributary::ProviderError& error);

private:
    //! Runs `job` on the cache thread (in call order with every other job).
    template <typename Job>
    void post(Job job);
    //! Runs `job` on the cache thread and hands its return value to a future.
    template <typename T, typename Job>
    QFuture<T> request(Job job);

    const QString m_path;
    std::shared_ptr<std::atomic<bool>> m_privacy;
    QThread m_thread;
    CacheWorker* m_worker = nullptr; //!< lives on m_thread; deleted when it finishes
};

} // namespace tributary
