#pragma once

#include "model/Model.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>
#include <vector>

namespace tributary {

//! The envelopes the InboxStore holds, by message id, kept in the lists they arrived in.
//!
//! A page of envelopes from a provider is taken by sharing its QList (implicit sharing), not by
//! copying every Message into a hash of its own: a 20,000-message listing then costs the GUI
//! thread one index entry per message instead of a 600-byte copy (and the page faults of
//! fresh memory for it). A row stops counting when its message is replaced or removed; a list
//! goes when its last row does, and a mostly dead one is compacted (its live rows copied into a
//! list of single rows that the table edits in place, e.g. for flag changes).
//!
//! The rows are never modified where they are shared: edit() first moves the message into the
//! table's own list. GUI thread only (like the InboxStore).
class EnvelopeTable {
public:
    //! Makes `rows` the current envelopes of their ids (no id may be empty). A repeated id,
    //! within `rows` or held before, replaces the earlier envelope: the replaced ones are
    //! returned, oldest first, so the caller can undo what it derived from them.
    QList<Message> add(const QList<Message>& rows);
    //! Removes the message and returns it, or nothing when the id is unknown.
    std::optional<Message> take(const QString& id);
    //! The message, or null when unknown. Valid until the next non-const call.
    const Message* find(const QString& id) const;
    //! The message to change in place, or null when unknown. Valid until the next non-const call.
    Message* edit(const QString& id);
    bool contains(const QString& id) const { return m_index.contains(id); }
    qsizetype size() const { return m_index.size(); }
    //! Every message id, in no particular order.
    QStringList ids() const { return m_index.keys(); }
    //! Ids of the messages of one account.
    QStringList idsOfAccount(const QString& accountId) const;

private:
    struct Slot {
        qint32 batch = -1;
        qint32 row = -1;
    };
    struct Batch {
        QList<Message> rows;
        qsizetype live = 0;
        bool sparseQueued = false;
    };

    const Message& at(Slot s) const { return m_batches[size_t(s.batch)].rows.at(s.row); }
    qint32 newBatch(QList<Message> rows);
    //! The row at `s` no longer holds a current message.
    void release(Slot s);
    //! The table's own list of rows (created on demand); never shared, so editable in place.
    qint32 ownBatch();
    //! Copies the live rows of mostly dead lists into the own list, and rebuilds the own list
    //! when it is mostly dead, so dead rows never outweigh live ones for long.
    void compactSparse();
    void compact(qint32 batch);

    std::vector<Batch> m_batches;
    std::vector<qint32> m_freeBatches;
    std::vector<qint32> m_sparse; //!< batches to look at in compactSparse()
    qint32 m_own = -1;
    QHash<QString, Slot> m_index;
};

} // namespace tributary
