// Team triage helpers of the model (issue 13 §3): conversation ids, status keys, and how
// triage travels in an Event's payload.
#include "model/Ids.h"
#include "model/Model.h"

namespace tributary {

namespace {

const QString kAssigneeId = QStringLiteral("assigneeId");
const QString kAssigneeName = QStringLiteral("assigneeName");
const QString kAssigneeTeam = QStringLiteral("assigneeTeam");
const QString kAssigneeSelf = QStringLiteral("assigneeSelf");
const QString kStatus = QStringLiteral("status");
const QString kSnoozeUntil = QStringLiteral("snoozeUntil");
const QString kNoteId = QStringLiteral("noteId");
const QString kNoteText = QStringLiteral("noteText");
const QString kNoteAuthor = QStringLiteral("noteAuthor");
const QString kNoteAuthorName = QStringLiteral("noteAuthorName");
const QString kNoteCreatedAt = QStringLiteral("noteCreatedAt");

} // namespace

QString conversationIdOf(const Message& message) {
    if (message.nativeThreadKey.isEmpty() || message.accountId.isEmpty())
        return {};
    return makeId(IdKind::Thread, message.accountId, message.nativeThreadKey);
}

QString triageStatusKey(TriageStatus status) {
    switch (status) {
    case TriageStatus::None:
        return {};
    case TriageStatus::Open:
        return QStringLiteral("open");
    case TriageStatus::Waiting:
        return QStringLiteral("waiting");
    case TriageStatus::Closed:
        return QStringLiteral("closed");
    }
    return {};
}

TriageStatus triageStatusFromKey(const QString& key) {
    for (TriageStatus s : {TriageStatus::Open, TriageStatus::Waiting, TriageStatus::Closed}) {
        if (key == triageStatusKey(s))
            return s;
    }
    return TriageStatus::None;
}

Event triageEvent(EventKind kind, const QString& accountId, const ConversationTriage& triage) {
    Event e;
    e.kind = kind;
    e.accountId = accountId;
    e.threadId = triage.conversationId;
    if (kind == EventKind::AssignmentChanged) {
        e.payload.insert(kAssigneeId, triage.assignee.id);
        e.payload.insert(kAssigneeName, triage.assignee.name);
        e.payload.insert(kAssigneeTeam, triage.assignee.kind == Assignee::Kind::Team);
        e.payload.insert(kAssigneeSelf, triage.assignee.isSelf);
    } else {
        e.payload.insert(kStatus, triageStatusKey(triage.status));
        e.payload.insert(kSnoozeUntil, triage.snoozeUntil);
    }
    return e;
}

Event noteEvent(const QString& accountId, const InternalNote& note) {
    Event e;
    e.kind = EventKind::NoteAdded;
    e.accountId = accountId;
    e.threadId = note.conversationId;
    e.payload.insert(kNoteId, note.id);
    e.payload.insert(kNoteText, note.text);
    e.payload.insert(kNoteAuthor, note.author.address);
    e.payload.insert(kNoteAuthorName, note.author.displayName);
    e.payload.insert(kNoteCreatedAt, note.createdAt);
    return e;
}

ConversationTriage triageOf(const Event& event) {
    ConversationTriage t;
    t.conversationId = event.threadId;
    t.assignee.id = event.payload.value(kAssigneeId).toString();
    t.assignee.name = event.payload.value(kAssigneeName).toString();
    t.assignee.kind =
        event.payload.value(kAssigneeTeam).toBool() ? Assignee::Kind::Team : Assignee::Kind::Person;
    t.assignee.isSelf = event.payload.value(kAssigneeSelf).toBool();
    t.status = triageStatusFromKey(event.payload.value(kStatus).toString());
    t.snoozeUntil = event.payload.value(kSnoozeUntil).toDateTime();
    return t;
}

InternalNote noteOf(const Event& event) {
    InternalNote n;
    n.conversationId = event.threadId;
    n.id = event.payload.value(kNoteId).toString();
    n.text = event.payload.value(kNoteText).toString();
    n.author = Participant{
        event.payload.value(kNoteAuthor).toString(), event.payload.value(kNoteAuthorName).toString(), {}};
    n.createdAt = event.payload.value(kNoteCreatedAt).toDateTime();
    return n;
}

} // namespace tributary
