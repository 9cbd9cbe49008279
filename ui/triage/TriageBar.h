#pragma once

#include "model/Model.h"
#include "provider/Provider.h"

#include <QDateTime>
#include <QWidget>
#include <functional>

class QMenu;
class QToolButton;

namespace tributary::ui {

//! The triage bar at the top of a support conversation (issue 13 §3): Assign ▾, Status ▾,
//! Snooze ▾ and Add note, each shown only where the conversation's account can do it (see
//! setCapabilities; with none the whole bar is hidden by its owner). A view: it says what
//! the user chose through its signals, and shows the state it is given.
class TriageBar : public QWidget {
    Q_OBJECT
public:
    explicit TriageBar(QWidget* parent = nullptr);

    void setCapabilities(Capabilities capabilities);
    //! The conversation's state; `assignedToMe` names the assignee "you".
    void setState(const ConversationTriage& triage, bool assignedToMe);
    //! The people and teams of the Assign menu (the signed-in user first, as "Me").
    void setAssignees(const QList<Assignee>& assignees);
    //! The Assign menu could not be filled: it says why instead.
    void setAssigneesError(const QString& message);
    //! The clock of the snooze presets (tests set it; defaults to the local time now).
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

    QToolButton* assignButton() const { return m_assign; }
    QToolButton* statusButton() const { return m_status; }
    QToolButton* snoozeButton() const { return m_snooze; }
    QToolButton* noteButton() const { return m_note; }
    //! Builds the Snooze menu for the clock's now (also done each time it opens).
    void rebuildSnoozeMenu();

signals:
    void assignRequested(const tributary::Assignee& assignee);
    void statusRequested(tributary::TriageStatus status);
    void snoozeRequested(const QDateTime& until);
    void addNoteRequested();

private:
    void rebuildAssignMenu();
    void pickSnoozeTime();

    QToolButton* m_assign;
    QToolButton* m_status;
    QToolButton* m_snooze;
    QToolButton* m_note;
    QMenu* m_assignMenu;
    QMenu* m_statusMenu;
    QMenu* m_snoozeMenu;
    QList<Assignee> m_assignees;
    QString m_assigneesError;
    bool m_assigneesKnown = false;
    ConversationTriage m_state;
    std::function<QDateTime()> m_now;
};

//! The sentence of a status for the bar and menus: "Open", "Waiting", "Snoozed until Tue 09:00", "Closed".
QString triageStatusText(TriageStatus status, const QDateTime& snoozeUntil, const QDateTime& now);

} // namespace tributary::ui
