#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace tributary {

//! Team triage state of one thread, as the cache keeps it between runs. The provider
//! (IMAP keywords, Gmail labels, Intercom/Freshdesk fields) stays the source of truth;
//! this is what the list shows before the first sync.
struct TriageState {
    QString threadId;
    QString assignee; //!< address or provider handle of the teammate; empty = unassigned
    //! "open", "pending", "done", or a provider's own status name; empty = none.
    QString status;
    QDateTime snoozeUntil; //!< invalid = not snoozed

    //! True when there is nothing to keep (the row is deleted instead of stored).
    bool isEmpty() const { return assignee.isEmpty() && status.isEmpty() && !snoozeUntil.isValid(); }
    bool operator==(const TriageState&) const = default;
};

} // namespace tributary

Q_DECLARE_METATYPE(tributary::TriageState)
