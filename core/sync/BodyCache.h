#pragma once

#include "model/Model.h"

#include <QHash>
#include <list>
#include <optional>

namespace tributary {

//! Fetched messages (bodies and attachment metadata) kept in memory only, bounded by
//! an estimate of their size: the data policy keeps bodies off disk, and going back to
//! a conversation should not cost another round trip. Least recently used goes first.
class BodyCache {
public:
    explicit BodyCache(qint64 maxBytes = 64 * 1024 * 1024);

    std::optional<Message> get(const QString& messageId);
    void put(const Message& message);
    void remove(const QString& messageId);
    void removeAccount(const QString& accountId);
    void clear();

    qint64 bytes() const { return m_bytes; }
    int count() const { return int(m_index.size()); }
    //! What a message is counted as: its text, html and a fixed overhead.
    static qint64 costOf(const Message& message);

private:
    struct Entry {
        Message message;
        qint64 cost = 0;
    };
    void evict();

    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    std::list<Entry> m_lru; //!< most recently used first
    QHash<QString, std::list<Entry>::iterator> m_index;
};

} // namespace tributary
