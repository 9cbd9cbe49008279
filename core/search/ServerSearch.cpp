#include "search/ServerSearch.h"

#include "provider/Provider.h"
#include "sync/SyncController.h"
#include "util/Futures.h"

#include <QSet>
#include <algorithm>

namespace tributary {

ServerSearch::ServerSearch(SyncController* sync, QObject* parent)
    : QObject(parent)
    , m_sync(sync) {}

void ServerSearch::cancel() {
    ++m_generation;
    const bool wasRunning = m_pending > 0;
    m_pending = 0;
    if (wasRunning)
        emit finished();
}

void ServerSearch::start(const QString& text, int limitPerAccount) {
    cancel();
    m_text = text.trimmed();
    m_results.clear();
    m_asked = 0;
    emit resultsChanged();
    if (m_text.isEmpty() || !m_sync) {
        emit finished();
        return;
    }
    const quint64 generation = m_generation;
    for (const QString& accountId : m_sync->accountIds()) {
        Provider* p = m_sync->provider(accountId);
        if (!p || !p->capabilities().testFlag(Capability::ServerSearch))
            continue;
        SearchQuery query;
        query.text = m_text;
        query.limit = limitPerAccount;
        ++m_pending;
        ++m_asked;
        whenDone(p->search(query), this, [this, generation, accountId](const Result<QList<Message>>& r) {
            if (generation != m_generation)
                return; // an older search
            --m_pending;
            if (r.ok()) {
                QSet<QString> have;
                for (const Message& m : std::as_const(m_results))
                    have.insert(m.id);
                for (const Message& m : r.value()) {
                    if (!have.contains(m.id))
                        m_results.append(m);
                }
                std::stable_sort(m_results.begin(), m_results.end(), [](const Message& a, const Message& b) {
                    return a.activityAt() > b.activityAt();
                });
                emit resultsChanged();
            } else if (r.error().kind != ErrorKind::Cancelled) {
                emit accountFailed(accountId, r.error().message);
            }
            if (m_pending == 0)
                emit finished();
        });
    }
    if (m_pending == 0)
        emit finished();
}

} // namespace tributary
