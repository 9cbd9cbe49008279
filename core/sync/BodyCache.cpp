#include "sync/BodyCache.h"

namespace tributary {

BodyCache::BodyCache(qint64 maxBytes)
    : m_maxBytes(maxBytes) {}

qint64 BodyCache::costOf(const Message& message) {
    constexpr qint64 kOverhead = 1024; // envelope, attachment metadata, bookkeeping
    return kOverhead + qint64(message.text.size() + message.html.size()) * qint64(sizeof(QChar));
}

std::optional<Message> BodyCache::get(const QString& messageId) {
    const auto it = m_index.find(messageId);
    if (it == m_index.end())
        return std::nullopt;
    m_lru.splice(m_lru.begin(), m_lru, *it);
    return m_lru.front().message;
}

void BodyCache::put(const Message& message) {
    remove(message.id);
    const qint64 cost = costOf(message);
    if (cost > m_maxBytes)
        return; // one huge message must not flush everything else
    m_lru.push_front(Entry{message, cost});
    m_index.insert(message.id, m_lru.begin());
    m_bytes += cost;
    evict();
}

void BodyCache::remove(const QString& messageId) {
    const auto it = m_index.find(messageId);
    if (it == m_index.end())
        return;
    m_bytes -= (*it)->cost;
    m_lru.erase(*it);
    m_index.erase(it);
}

void BodyCache::removeAccount(const QString& accountId) {
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        if (it->message.accountId == accountId) {
            m_bytes -= it->cost;
            m_index.remove(it->message.id);
            it = m_lru.erase(it);
        } else {
            ++it;
        }
    }
}

void BodyCache::clear() {
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
}

void BodyCache::evict() {
    while (m_bytes > m_maxBytes && !m_lru.empty()) {
        m_bytes -= m_lru.back().cost;
        m_index.remove(m_lru.back().message.id);
        m_lru.pop_back();
    }
}

} // namespace tributary
