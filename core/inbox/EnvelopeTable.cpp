#include "inbox/EnvelopeTable.h"

#include "inbox/Growth.h"

namespace tributary {

namespace {

//! Lists shorter than this are never compacted: their dead rows cost little.
constexpr qsizetype kCompactFrom = 64;

} // namespace

QList<Message> EnvelopeTable::add(const QList<Message>& rows) {
    QList<Message> replaced;
    if (rows.isEmpty())
        return replaced;
    const qint32 b = newBatch(rows); // shares the caller's list
    if (rows.size() > 1000)
        reserveHashFor(m_index, rows.size());
    std::vector<Slot> old;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        // One lookup per row: a new id gets a default (empty) slot.
        Slot& slot = m_index[rows.at(r).id];
        // Counted before an earlier copy in this same list is released, so the list never
        // looks dead while it is being filled.
        ++m_batches[size_t(b)].live;
        if (slot.batch >= 0)
            old.push_back(slot);
        slot = Slot{b, qint32(r)};
    }
    replaced.reserve(qsizetype(old.size()));
    for (const Slot s : old) {
        replaced.append(at(s));
        release(s);
    }
    compactSparse();
    return replaced;
}

std::optional<Message> EnvelopeTable::take(const QString& id) {
    const auto it = m_index.find(id);
    if (it == m_index.end())
        return std::nullopt;
    const Slot s = *it;
    m_index.erase(it);
    std::optional<Message> out = at(s);
    release(s);
    compactSparse();
    return out;
}

const Message* EnvelopeTable::find(const QString& id) const {
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &at(*it);
}

Message* EnvelopeTable::edit(const QString& id) {
    auto it = m_index.find(id);
    if (it == m_index.end())
        return nullptr;
    if (it->batch != m_own) {
        // Shared rows stay untouched: the message moves to the own list first.
        const qint32 own = ownBatch();
        const Slot old = *it;
        QList<Message>& ownRows = m_batches[size_t(own)].rows;
        ownRows.append(at(old));
        ++m_batches[size_t(own)].live;
        *it = Slot{own, qint32(ownRows.size() - 1)};
        release(old);
        compactSparse(); // may move own rows: look the slot up again
        it = m_index.find(id);
    }
    // The own list is never shared, so this does not copy it.
    return &m_batches[size_t(it->batch)].rows[it->row];
}

QStringList EnvelopeTable::idsOfAccount(const QString& accountId) const {
    QStringList out;
    for (auto it = m_index.cbegin(); it != m_index.cend(); ++it) {
        if (at(*it).accountId == accountId)
            out.append(it.key());
    }
    return out;
}

qint32 EnvelopeTable::newBatch(QList<Message> rows) {
    qint32 b;
    if (!m_freeBatches.empty()) {
        b = m_freeBatches.back();
        m_freeBatches.pop_back();
    } else {
        b = qint32(m_batches.size());
        m_batches.emplace_back();
    }
    Batch& batch = m_batches[size_t(b)];
    batch.rows = std::move(rows);
    batch.live = 0;
    batch.sparseQueued = false;
    return b;
}

qint32 EnvelopeTable::ownBatch() {
    if (m_own < 0)
        m_own = newBatch({});
    return m_own;
}

void EnvelopeTable::release(Slot s) {
    Batch& batch = m_batches[size_t(s.batch)];
    if (--batch.live > 0) {
        const qsizetype rows = batch.rows.size();
        const bool sparse =
            rows >= kCompactFrom && (s.batch == m_own ? batch.live * 2 : batch.live * 4) < rows;
        if (sparse && !batch.sparseQueued) {
            batch.sparseQueued = true;
            m_sparse.push_back(s.batch);
        }
        return;
    }
    batch.rows = {}; // frees the rows, or drops this table's share of the caller's list
    batch.live = 0;
    batch.sparseQueued = false;
    if (s.batch == m_own)
        m_own = -1;
    m_freeBatches.push_back(s.batch);
}

void EnvelopeTable::compactSparse() {
    if (m_sparse.empty())
        return;
    std::vector<qint32> pending;
    pending.swap(m_sparse);
    for (const qint32 b : pending) {
        Batch& batch = m_batches[size_t(b)];
        const bool queued = batch.sparseQueued;
        batch.sparseQueued = false;
        // Freed (and maybe reused) since it was queued: nothing to do.
        if (queued && batch.live > 0)
            compact(b);
    }
}

void EnvelopeTable::compact(qint32 b) {
    // A row is live when the index still points at it.
    auto liveSlot = [this, b](const QList<Message>& rows, qsizetype r) {
        const auto it = m_index.find(rows.at(r).id);
        return it != m_index.end() && it->batch == b && it->row == qint32(r) ? it : m_index.end();
    };
    if (b == m_own) {
        const QList<Message> rows = std::move(m_batches[size_t(b)].rows);
        QList<Message> keep;
        keep.reserve(m_batches[size_t(b)].live);
        for (qsizetype r = 0; r < rows.size(); ++r) {
            const auto it = liveSlot(rows, r);
            if (it == m_index.end())
                continue;
            it->row = qint32(keep.size());
            keep.append(rows.at(r));
        }
        m_batches[size_t(b)].live = keep.size();
        m_batches[size_t(b)].rows = std::move(keep);
        return;
    }
    const qint32 own = ownBatch();
    // Keeps the rows alive while the batch is dropped below.
    const QList<Message> rows = m_batches[size_t(b)].rows;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const auto it = liveSlot(rows, r);
        if (it == m_index.end())
            continue;
        QList<Message>& ownRows = m_batches[size_t(own)].rows;
        ownRows.append(rows.at(r));
        ++m_batches[size_t(own)].live;
        *it = Slot{own, qint32(ownRows.size() - 1)};
    }
    Batch& batch = m_batches[size_t(b)];
    batch.rows = {};
    batch.live = 0;
    m_freeBatches.push_back(b);
}

} // namespace tributary
