#include "cache/CacheRows.h"
#include "cache/CacheWorker.h"
#include "cache/MessageRowReader.h"
#include "model/Ids.h"
#include "provider/AccountManager.h"
#include "util/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>
#include <limits>
#include <sqlite3.h>
#include <vector>

// The table-by-table reads and writes of CacheWorker; the connection, batching,
// error handling and privacy scrub are in CacheWorker.cpp.

namespace tributary {

namespace {

// SQLite reports success of a statement run to completion as SQLITE_DONE.
int okay(int rc) {
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

// Cursor and setting values keep their SQLite type: sync state is integers
// (UIDVALIDITY, MODSEQ) or opaque strings (historyId, deltaLink, Slack ts).
void bindVariant(SqliteStatement& st, int index, const QVariant& value) {
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        st.bind(index, value.toLongLong());
        break;
    case QMetaType::ULongLong:
        // A 64-bit unsigned beyond qint64 (never a real MODSEQ, which is 63-bit) keeps its digits.
        if (value.toULongLong() > static_cast<quint64>(std::numeric_limits<qint64>::max()))
            st.bind(index, value.toString());
        else
            st.bind(index, value.toLongLong());
        break;
    case QMetaType::Double:
    case QMetaType::Float:
        st.bindDouble(index, value.toDouble());
        break;
    case QMetaType::QByteArray:
        st.bindBlob(index, value.toByteArray());
        break;
    default:
        st.bind(index, value.toString());
        break;
    }
}

QVariant readVariant(const SqliteStatement& st, int column) {
    switch (st.type(column)) {
    case SQLITE_INTEGER:
        return QVariant(st.int64(column));
    case SQLITE_FLOAT:
        return QVariant(st.real(column));
    case SQLITE_BLOB:
        return QVariant(st.blob(column));
    case SQLITE_TEXT:
        return QVariant(st.text(column));
    default:
        return QVariant();
    }
}

// Account settings are non-secret by contract; this is the second fence. Nested maps
// are filtered too, because a provider's settings may group options.
QVariantMap withoutSecrets(const QVariantMap& settings) {
    QVariantMap out;
    for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
        if (AccountManager::isSecretKey(it.key())) {
            qCWarning(lcCache) << "not caching the secret-looking account setting" << it.key();
            continue;
        }
        if (it.value().typeId() == QMetaType::QVariantMap)
            out.insert(it.key(), withoutSecrets(it.value().toMap()));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

// Reorders `rows` so that position i holds the row that was at order[i].second, by
// following cycles: every Message is moved once or twice, never copied.
void applyPermutation(QList<Message>& rows, const std::vector<std::pair<qint64, qsizetype>>& order) {
    Message* data = rows.data();
    std::vector<bool> placed(order.size(), false);
    for (size_t start = 0; start < order.size(); ++start) {
        if (placed[start] || static_cast<size_t>(order[start].second) == start) {
            placed[start] = true;
            continue;
        }
        Message held = std::move(data[start]);
        size_t at = start;
        for (;;) {
            placed[at] = true;
            const auto from = static_cast<size_t>(order[at].second);
            if (from == start) {
                data[at] = std::move(held);
                break;
            }
            data[at] = std::move(data[from]);
            at = from;
        }
    }
}

bool isPersonNamedChannel(ChannelKind kind) {
    return kind == ChannelKind::DirectMessage || kind == ChannelKind::GroupMessage;
}

QString threadIdPrefix(const QString& accountId) {
    // "v1:t:<account>:" names every thread id minted for this account.
    return makeId(IdKind::Thread, accountId, QString());
}

} // namespace

// ---- accounts -------------------------------------------------------------------------

Result<void> CacheWorker::saveAccounts(const QList<Account>& accounts) {
    const bool ok = runWrite(tr("saving accounts"), 1, [&]() {
        int rc = m_db.exec("DELETE FROM accounts");
        for (qsizetype i = 0; rc == SQLITE_OK && i < accounts.size(); ++i) {
            const Account& a = accounts.at(i);
            SqliteStatement* st = m_db.prepare("INSERT INTO accounts (id, provider, display_name, colour, "
                                               "settings_json, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            if (!st)
                return m_db.lastErrorCode();
            st->bind(1, a.id);
            st->bind(2, a.providerId);
            st->bind(3, a.displayName);
            st->bind(4, a.colour.isValid() ? a.colour.name(QColor::HexArgb) : QString());
            const QByteArray json = QJsonDocument(QJsonObject::fromVariantMap(withoutSecrets(a.settings)))
                                        .toJson(QJsonDocument::Compact);
            st->bind(5, QString::fromUtf8(json));
            st->bind(6, static_cast<qint64>(i));
            rc = okay(st->exec());
        }
        return rc;
    });
    if (!ok)
        return takePendingError();
    // Accounts are the user's own configuration: make them durable now, not in 200 ms.
    return flush();
}

QList<Account> CacheWorker::loadAccounts() {
    QList<Account> out;
    SqliteStatement* st = m_db.prepare(
        "SELECT id, provider, display_name, colour, settings_json FROM accounts ORDER BY position, id");
    if (!st) {
        if (m_db.isOpen())
            fail(m_db.lastErrorCode(), tr("loading accounts"));
        return out;
    }
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) {
        Account a;
        a.id = st->text(0);
        a.providerId = st->text(1);
        a.displayName = st->text(2);
        const QString colour = st->text(3);
        if (!colour.isEmpty())
            a.colour = QColor::fromString(colour);
        a.settings = QJsonDocument::fromJson(st->text(4).toUtf8()).object().toVariantMap();
        out.append(a);
    }
    st->reset();
    if (rc != SQLITE_DONE)
        fail(rc, tr("loading accounts"));
    return out;
}

// ---- channels -------------------------------------------------------------------------

void CacheWorker::upsertChannels(const QString& accountId, const QList<Channel>& channels) {
    runWrite(tr("saving folders and channels"), channels.size(), [&]() {
        QSet<QString> keep;
        for (const Channel& c : channels)
            keep.insert(c.id);
        // The list is the account's whole channel list: channels gone from it take
        // their messages and sync cursors with them.
        QStringList gone;
        SqliteStatement* st = m_db.prepare("SELECT id FROM channels WHERE account_id = ?1");
        if (!st)
            return m_db.lastErrorCode();
        st->bind(1, accountId);
        int rc;
        while ((rc = st->step()) == SQLITE_ROW) {
            const QString id = st->text(0);
            if (!keep.contains(id))
                gone.append(id);
        }
        st->reset();
        if (rc != SQLITE_DONE)
            return rc;
        rc = SQLITE_OK;
        for (const QString& id : std::as_const(gone)) {
            for (const char* sql :
                 {"DELETE FROM messages WHERE channel_id = ?1", "DELETE FROM cursors WHERE channel_id = ?1",
                  "DELETE FROM channels WHERE id = ?1"}) {
                SqliteStatement* del = m_db.prepare(sql);
                if (!del)
                    return m_db.lastErrorCode();
                del->bind(1, id);
                if ((rc = okay(del->exec())) != SQLITE_OK)
                    return rc;
            }
        }
        for (qsizetype i = 0; i < channels.size(); ++i) {
            const Channel& c = channels.at(i);
            SqliteStatement* up = m_db.prepare(R"sql(
INSERT INTO channels (id, account_id, native_id, name, parent_id, kind, role, shared, selectable,
    unread, total, position)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, native_id = excluded.native_id,
    name = excluded.name, parent_id = excluded.parent_id, kind = excluded.kind, role = excluded.role,
    shared = excluded.shared, selectable = excluded.selectable, unread = excluded.unread,
    total = excluded.total, position = excluded.position
)sql");
            if (!up)
                return m_db.lastErrorCode();
            up->bind(1, c.id);
            up->bind(2, accountId);
            up->bind(3, c.nativeId);
            // A DM or group is named after people, so privacy mode keeps that name off disk.
            up->bind(4, m_privacy && isPersonNamedChannel(c.kind) ? QString() : c.name);
            up->bind(5, c.parentId);
            up->bind(6, static_cast<int>(c.kind));
            up->bind(7, static_cast<int>(c.role));
            up->bind(8, c.shared);
            up->bind(9, c.selectable);
            up->bind(10, c.unreadCount);
            up->bind(11, c.totalCount);
            up->bind(12, static_cast<qint64>(i));
            if ((rc = okay(up->exec())) != SQLITE_OK)
                return rc;
        }
        return SQLITE_OK;
    });
}

QList<Channel> CacheWorker::loadChannels() {
    QList<Channel> out;
    SqliteStatement* st =
        m_db.prepare("SELECT id, account_id, native_id, name, parent_id, kind, role, shared, "
                     "selectable, unread, total FROM channels ORDER BY account_id, position");
    if (!st) {
        if (m_db.isOpen())
            fail(m_db.lastErrorCode(), tr("loading folders and channels"));
        return out;
    }
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) {
        Channel c;
        c.id = st->text(0);
        c.accountId = st->text(1);
        c.nativeId = st->text(2);
        c.name = st->text(3);
        c.parentId = st->text(4);
        c.kind = static_cast<ChannelKind>(st->int32(5));
        c.role = static_cast<ChannelRole>(st->int32(6));
        c.shared = st->int32(7) != 0;
        c.selectable = st->int32(8) != 0;
        c.unreadCount = st->int32(9);
        c.totalCount = st->int32(10);
        out.append(c);
    }
    st->reset();
    if (rc != SQLITE_DONE)
        fail(rc, tr("loading folders and channels"));
    return out;
}

// ---- messages -------------------------------------------------------------------------

void CacheWorker::upsertMessages(const QList<Message>& messages) {
    if (messages.isEmpty())
        return;
    runWrite(tr("saving %1 messages").arg(messages.size()), messages.size(), [&]() {
        for (const Message& m : messages) {
            SqliteStatement* st = m_db.prepare(cacherows::kMessageUpsert);
            if (!st)
                return m_db.lastErrorCode();
            cacherows::bindMessage(*st, m, m_privacy);
            if (const int rc = okay(st->exec()); rc != SQLITE_OK)
                return rc;
        }
        return SQLITE_OK;
    });
}

void CacheWorker::removeMessages(const QStringList& ids) {
    if (ids.isEmpty())
        return;
    runWrite(tr("removing messages"), ids.size(), [&]() {
        for (const QString& id : ids) {
            SqliteStatement* st = m_db.prepare("DELETE FROM messages WHERE id = ?1");
            if (!st)
                return m_db.lastErrorCode();
            st->bind(1, id);
            if (const int rc = okay(st->exec()); rc != SQLITE_OK)
                return rc;
        }
        return SQLITE_OK;
    });
}

void CacheWorker::updateFlags(const QString& messageId, MessageFlags flags) {
    runWrite(tr("saving message flags"), 1, [&]() {
        SqliteStatement* st = m_db.prepare("UPDATE messages SET flags = ?2 WHERE id = ?1");
        if (!st)
            return m_db.lastErrorCode();
        st->bind(1, messageId);
        st->bind(2, static_cast<int>(flags.toInt()));
        return okay(st->exec());
    });
}

QList<Message> CacheWorker::loadMessages(int limit, int offset) {
    QList<Message> out;
    if (!m_db.isOpen())
        return out;
    // Reserving avoids re-growing a list of 100k large structs several times.
    int rc = SQLITE_OK;
    const qint64 total = m_db.queryInt("SELECT count(*) FROM messages", &rc);
    const bool all = limit < 0;
    out.reserve(all ? total : std::clamp<qint64>(total - offset, 0, limit));
    // A page walks the sort_at index; everything reads the table in storage order and
    // sorts in memory, because 100k index-to-row lookups cost several times the scan.
    SqliteStatement* st = m_db.prepare(all ? cacherows::kMessageSelectAll : cacherows::kMessageSelectNewest);
    if (!st) {
        fail(m_db.lastErrorCode(), tr("loading messages"));
        return out;
    }
    if (!all) {
        st->bind(1, static_cast<qint64>(limit));
        st->bind(2, static_cast<qint64>(std::max(offset, 0)));
    }
    std::vector<std::pair<qint64, qsizetype>> order;
    if (all)
        order.reserve(static_cast<size_t>(total));
    MessageRowReader reader;
    while ((rc = st->step()) == SQLITE_ROW) {
        // Built in place: no temporary Message to move and destroy per row.
        reader.read(*st, out.emplaceBack());
        if (all)
            order.emplace_back(st->int64(20), out.size() - 1);
    }
    st->reset();
    if (rc != SQLITE_DONE) {
        fail(rc, tr("loading messages"));
        return QList<Message>();
    }
    if (all) {
        // Newest first; equal times keep storage order, as the index walk does.
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        applyPermutation(out, order);
    }
    return out;
}

void CacheWorker::removeAccountData(const QString& accountId) {
    const bool ok = runWrite(tr("removing an account's data"), 1, [&]() {
        for (const char* sql :
             {"DELETE FROM messages WHERE account_id = ?1", "DELETE FROM channels WHERE account_id = ?1",
              "DELETE FROM cursors WHERE account_id = ?1",
              "DELETE FROM triage WHERE substr(thread_id, 1, length(?2)) = ?2"}) {
            SqliteStatement* st = m_db.prepare(sql);
            if (!st)
                return m_db.lastErrorCode();
            st->bind(1, accountId);
            // Only the triage statement uses ?2 (SQLite ignores an out-of-range bind).
            st->bind(2, threadIdPrefix(accountId));
            if (const int rc = okay(st->exec()); rc != SQLITE_OK)
                return rc;
        }
        return SQLITE_OK;
    });
    if (!ok)
        return;
    // A removed account's rows should leave the files now, not at some later checkpoint:
    // secure_delete zeroed them in the database, truncating the WAL drops the old frames.
    if (commitBatch())
        checkpoint(true);
}

// ---- cursors, layout, triage, settings ---------------------------------------------

void CacheWorker::setCursor(const QString& accountId, const QString& channelId, const QString& key,
                            const QVariant& value) {
    runWrite(tr("saving sync state"), 1, [&]() {
        const bool remove = !value.isValid() || value.isNull();
        SqliteStatement* st = m_db.prepare(
            remove ? "DELETE FROM cursors WHERE account_id = ?1 AND channel_id = ?2 AND key = ?3"
                   : "INSERT INTO cursors (account_id, channel_id, key, value) VALUES (?1, ?2, ?3, "
                     "?4) ON CONFLICT (account_id, channel_id, key) DO UPDATE SET value = "
                     "excluded.value");
        if (!st)
            return m_db.lastErrorCode();
        st->bind(1, accountId);
        st->bind(2, channelId);
        st->bind(3, key);
        if (!remove)
            bindVariant(*st, 4, value);
        return okay(st->exec());
    });
}

QVariantMap CacheWorker::cursors(const QString& accountId, const QString& channelId) {
    QVariantMap out;
    SqliteStatement* st =
        m_db.prepare("SELECT key, value FROM cursors WHERE account_id = ?1 AND channel_id = ?2");
    if (!st)
        return out;
    st->bind(1, accountId);
    st->bind(2, channelId);
    int rc;
    while ((rc = st->step()) == SQLITE_ROW)
        out.insert(st->text(0), readVariant(*st, 1));
    st->reset();
    if (rc != SQLITE_DONE)
        fail(rc, tr("loading sync state"));
    return out;
}

void CacheWorker::setLayout(const QString& key, const QByteArray& value) {
    runWrite(tr("saving the window layout"), 1, [&]() {
        SqliteStatement* st = m_db.prepare("INSERT INTO layout (key, value) VALUES (?1, ?2) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        if (!st)
            return m_db.lastErrorCode();
        st->bind(1, key);
        st->bindBlob(2, value);
        return okay(st->exec());
    });
}

QByteArray CacheWorker::layout(const QString& key) {
    SqliteStatement* st = m_db.prepare("SELECT value FROM layout WHERE key = ?1");
    if (!st)
        return QByteArray();
    st->bind(1, key);
    const int rc = st->step();
    QByteArray out;
    if (rc == SQLITE_ROW)
        out = st->blob(0);
    st->reset();
    if (okay(rc) != SQLITE_OK)
        fail(rc, tr("loading the window layout"));
    return out;
}

void CacheWorker::setTriage(const TriageState& state) {
    runWrite(tr("saving triage state"), 1, [&]() {
        if (state.isEmpty()) {
            SqliteStatement* del = m_db.prepare("DELETE FROM triage WHERE thread_id = ?1");
            if (!del)
                return m_db.lastErrorCode();
            del->bind(1, state.threadId);
            return okay(del->exec());
        }
        SqliteStatement* st = m_db.prepare(
            "INSERT INTO triage (thread_id, assignee, status, snooze_until) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (thread_id) DO UPDATE SET assignee = excluded.assignee, status = excluded.status, "
            "snooze_until = excluded.snooze_until");
        if (!st)
            return m_db.lastErrorCode();
        st->bind(1, state.threadId);
        st->bind(2, state.assignee);
        st->bind(3, state.status);
        if (state.snoozeUntil.isValid())
            st->bind(4, state.snoozeUntil.toMSecsSinceEpoch());
        else
            st->bindNull(4);
        return okay(st->exec());
    });
}

QList<TriageState> CacheWorker::loadTriage() {
    QList<TriageState> out;
    SqliteStatement* st = m_db.prepare("SELECT thread_id, assignee, status, snooze_until FROM triage");
    if (!st)
        return out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) {
        TriageState t;
        t.threadId = st->text(0);
        t.assignee = st->text(1);
        t.status = st->text(2);
        if (!st->isNull(3))
            t.snoozeUntil = QDateTime::fromMSecsSinceEpoch(st->int64(3), Qt::UTC);
        out.append(t);
    }
    st->reset();
    if (rc != SQLITE_DONE)
        fail(rc, tr("loading triage state"));
    return out;
}

void CacheWorker::setSetting(const QString& key, const QVariant& value) {
    if (AccountManager::isSecretKey(key)) {
        qCWarning(lcCache) << "refused to cache the secret-looking setting" << key;
        report(ProviderError::invalid(
            tr("The setting \"%1\" looks like a secret; secrets belong in the keychain.").arg(key),
            QStringLiteral("secret_refused")));
        return;
    }
    runWrite(tr("saving settings"), 1, [&]() {
        const bool remove = !value.isValid() || value.isNull();
        SqliteStatement* st = m_db.prepare(remove ? "DELETE FROM settings WHERE key = ?1"
                                                  : "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        if (!st)
            return m_db.lastErrorCode();
        st->bind(1, key);
        if (!remove)
            bindVariant(*st, 2, value);
        return okay(st->exec());
    });
}

QVariant CacheWorker::setting(const QString& key) {
    SqliteStatement* st = m_db.prepare("SELECT value FROM settings WHERE key = ?1");
    if (!st)
        return QVariant();
    st->bind(1, key);
    const int rc = st->step();
    QVariant out;
    if (rc == SQLITE_ROW)
        out = readVariant(*st, 0);
    st->reset();
    if (okay(rc) != SQLITE_OK)
        fail(rc, tr("loading settings"));
    return out;
}

} // namespace tributary
