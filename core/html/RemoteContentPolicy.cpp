#include "RemoteContentPolicy.h"

#include "cache/ViewStateCache.h"

#include <QFuture>
#include <QPointer>
#include <algorithm>

namespace tributary {

QString RemoteContentPolicy::settingsKey() {
    return QStringLiteral("reader.remoteContentSenders");
}

QString RemoteContentPolicy::modeKey() {
    return QStringLiteral("reader/remoteContent");
}

RemoteContentPolicy::RemoteContentPolicy(ViewStateCache* cache, QObject* parent)
    : QObject(parent)
    , m_cache(cache) {
    if (!m_cache) {
        m_loaded = true;
        return;
    }
    QPointer<RemoteContentPolicy> self(this);
    m_cache->setting(settingsKey()).then(this, [self](const QVariant& value) {
        if (!self)
            return;
        // Addresses allowed before the stored list arrived are kept, and stored with it.
        const QSet<QString> early = self->m_allowed;
        for (const QString& line : value.toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            self->m_allowed.insert(normalized(line));
        self->m_loaded = true;
        if (!early.isEmpty())
            self->store();
        emit self->changed();
    });
    m_cache->setting(modeKey()).then(this, [self](const QVariant& value) {
        if (self)
            self->setLoadsAlways(value.toString() == QLatin1String("always"));
    });
}

void RemoteContentPolicy::setLoadsAlways(bool always) {
    if (always == m_always)
        return;
    m_always = always;
    emit changed();
}

QString RemoteContentPolicy::normalized(const QString& address) {
    return address.trimmed().toLower();
}

bool RemoteContentPolicy::isAllowed(const QString& address) const {
    if (m_always)
        return true;
    const QString a = normalized(address);
    return !a.isEmpty() && m_allowed.contains(a);
}

void RemoteContentPolicy::allowAlways(const QString& address) {
    const QString a = normalized(address);
    if (a.isEmpty() || a.contains(QLatin1Char('\n')) || m_allowed.contains(a))
        return;
    m_allowed.insert(a);
    store();
    emit changed();
}

void RemoteContentPolicy::revoke(const QString& address) {
    if (!m_allowed.remove(normalized(address)))
        return;
    store();
    emit changed();
}

QStringList RemoteContentPolicy::allowedSenders() const {
    QStringList list(m_allowed.cbegin(), m_allowed.cend());
    std::sort(list.begin(), list.end());
    return list;
}

void RemoteContentPolicy::store() {
    if (!m_cache || !m_loaded)
        return; // before the stored list is read, writing would overwrite it
    const QStringList list = allowedSenders();
    m_cache->setSetting(settingsKey(), list.isEmpty() ? QVariant() : QVariant(list.join(QLatin1Char('\n'))));
}

} // namespace tributary
