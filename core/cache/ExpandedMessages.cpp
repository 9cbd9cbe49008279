#include "ExpandedMessages.h"

#include "cache/ViewStateCache.h"
#include "util/Futures.h"

namespace tributary {

namespace {
// One line per choice, oldest first: "+" expanded or "-" collapsed, then the message id.
constexpr char kExpanded = '+';
constexpr char kCollapsed = '-';
} // namespace

QString ExpandedMessages::layoutKey() {
    return QStringLiteral("conversation/expandedMessages");
}

ExpandedMessages::ExpandedMessages(ViewStateCache* cache, QObject* parent)
    : QObject(parent)
    , m_cache(cache) {
    if (!m_cache) {
        m_loaded = true;
        return;
    }
    // From the event loop, never inside this constructor (QFuture::then would run at once if
    // the cache had answered already, before anyone could connect to loaded()).
    whenDone(m_cache->layout(layoutKey()), this, [self = this](const QByteArray& stored) {
        // Choices made before the stored ones arrived are newer: they win.
        const QHash<QString, bool> early = self->m_expanded;
        const QStringList earlyOrder = self->m_order;
        self->m_expanded.clear();
        self->m_order.clear();
        for (const QByteArray& line : stored.split('\n')) {
            if (line.size() < 2 || (line.front() != kExpanded && line.front() != kCollapsed))
                continue;
            const QString id = QString::fromUtf8(line.mid(1));
            if (!self->m_expanded.contains(id))
                self->m_order.append(id);
            self->m_expanded.insert(id, line.front() == kExpanded);
        }
        self->m_loaded = true;
        for (const QString& id : earlyOrder)
            self->remember(id, early.value(id));
        emit self->loaded();
    });
}

std::optional<bool> ExpandedMessages::isExpanded(const QString& messageId) const {
    const auto it = m_expanded.constFind(messageId);
    if (it == m_expanded.cend())
        return std::nullopt;
    return *it;
}

void ExpandedMessages::remember(const QString& messageId, bool expanded) {
    if (messageId.isEmpty() || messageId.contains(QLatin1Char('\n')))
        return;
    if (m_expanded.contains(messageId))
        m_order.removeOne(messageId);
    m_order.append(messageId);
    m_expanded.insert(messageId, expanded);
    while (m_order.size() > kCapacity)
        m_expanded.remove(m_order.takeFirst());
    store();
}

void ExpandedMessages::store() {
    if (!m_cache || !m_loaded)
        return; // before the stored choices are read, writing would overwrite them
    QByteArray bytes;
    for (const QString& id : std::as_const(m_order)) {
        bytes += m_expanded.value(id) ? kExpanded : kCollapsed;
        bytes += id.toUtf8();
        bytes += '\n';
    }
    m_cache->setLayout(layoutKey(), bytes);
}

} // namespace tributary
