#pragma once

// A help-desk account for tests of team triage (issue 13 §3): FakeInboxProvider's channels
// and messages, plus people and teams to assign to, a status per conversation, snooze and
// internal notes, all in memory. Every answer is at once; `refuseNext` makes the next
// assign/status change fail the way a provider refusing it would. Changes "made by a
// teammate" go through teammateAssigns() and friends, which emit the provider's events.

#include "FakeInboxProvider.h"

#include <QHash>

namespace tributary::test {

class FakeTriageProvider : public FakeInboxProvider {
public:
    FakeTriageProvider(const QString& id, const QString& name,
                       const QColor& colour = QColor(0xe6, 0x7e, 0x22))
        : FakeInboxProvider(id, name, colour) {
        caps = Capability::Folders | Capability::Flags | Capability::Assign | Capability::TriageStatus |
               Capability::Snooze | Capability::InternalNotes;
        people = {
            Assignee{Assignee::Kind::Person, QStringLiteral("u-me"), QStringLiteral("Robin Park"), true},
            Assignee{Assignee::Kind::Person, QStringLiteral("u-ann"), QStringLiteral("Ann Lee"), false},
            Assignee{Assignee::Kind::Team, QStringLiteral("t-billing"), QStringLiteral("Billing"), false},
        };
    }

    //! A customer conversation of its own (a native thread key, as Intercom's conversation
    //! id), open and unassigned unless given.
    Message addConversation(const Channel& channel, const QString& subject, const QString& from,
                            int minutesAgo, const QString& body, const Assignee& assignee = {},
                            TriageStatus status = TriageStatus::Open) {
        Message m = addMessage(channel, subject, from, minutesAgo, body);
        m.nativeThreadKey = QStringLiteral("conv-") + m.nativeId;
        messages.last() = m;
        triage.insert(conversationIdOf(m), ConversationTriage{conversationIdOf(m), assignee, status, {}});
        return m;
    }

    QFuture<Result<QList<Assignee>>> listAssignees() override {
        if (!caps.testFlag(Capability::Assign))
            return Provider::listAssignees();
        return readyResult<QList<Assignee>>(people);
    }

    QFuture<Result<QList<ConversationTriage>>> fetchTriage(const QStringList& ids) override {
        if (!(caps & (Capability::Assign | Capability::TriageStatus)))
            return Provider::fetchTriage(ids);
        ++fetchTriageCalls;
        QList<ConversationTriage> out;
        for (const QString& id : ids) {
            if (triage.contains(id))
                out.append(triage.value(id));
        }
        return readyResult<QList<ConversationTriage>>(out);
    }

    QFuture<Result<void>> assign(const QString& conversationId, const Assignee& assignee) override {
        if (!caps.testFlag(Capability::Assign))
            return Provider::assign(conversationId, assignee);
        if (auto refused = refusal())
            return readyResult<void>(*refused);
        if (!triage.contains(conversationId))
            return readyResult<void>(ProviderError::notFound(QStringLiteral("No such conversation.")));
        triage[conversationId].assignee = assignee;
        ++assignCalls;
        return readyResult<void>(Done{});
    }

    QFuture<Result<void>> setTriageStatus(const QString& conversationId, TriageStatus status,
                                          const QDateTime& snoozeUntil) override {
        if (!caps.testFlag(Capability::TriageStatus) ||
            (snoozeUntil.isValid() && !caps.testFlag(Capability::Snooze)))
            return Provider::setTriageStatus(conversationId, status, snoozeUntil);
        if (auto refused = refusal())
            return readyResult<void>(*refused);
        if (!triage.contains(conversationId))
            return readyResult<void>(ProviderError::notFound(QStringLiteral("No such conversation.")));
        triage[conversationId].status = status;
        triage[conversationId].snoozeUntil = snoozeUntil;
        return readyResult<void>(Done{});
    }

    QFuture<Result<QList<InternalNote>>> listNotes(const QString& conversationId) override {
        if (!caps.testFlag(Capability::InternalNotes))
            return Provider::listNotes(conversationId);
        ++listNotesCalls;
        return readyResult<QList<InternalNote>>(notes.value(conversationId));
    }

    QFuture<Result<InternalNote>> addNote(const QString& conversationId, const QString& text) override {
        if (!caps.testFlag(Capability::InternalNotes))
            return Provider::addNote(conversationId, text);
        InternalNote n;
        n.id = QStringLiteral("note-%1").arg(++noteSerial);
        n.conversationId = conversationId;
        n.author = Participant{QStringLiteral("robin@example.org"), QStringLiteral("Robin Park"), {}};
        n.createdAt = QDateTime::currentDateTimeUtc();
        n.text = text;
        notes[conversationId].append(n);
        return readyResult<InternalNote>(n);
    }

    //! What a teammate did elsewhere, as the provider reports it (eventsArrived).
    void teammateAssigns(const QString& conversationId, const Assignee& assignee) {
        triage[conversationId].assignee = assignee;
        emit eventsArrived({triageEvent(EventKind::AssignmentChanged, account().id, triage[conversationId])});
    }
    void teammateSetsStatus(const QString& conversationId, TriageStatus status, const QDateTime& until = {}) {
        triage[conversationId].status = status;
        triage[conversationId].snoozeUntil = until;
        emit eventsArrived({triageEvent(EventKind::StatusChanged, account().id, triage[conversationId])});
    }
    void teammateAddsNote(const QString& conversationId, const QString& text) {
        InternalNote n;
        n.id = QStringLiteral("note-%1").arg(++noteSerial);
        n.conversationId = conversationId;
        n.author = Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann Lee"), {}};
        n.createdAt = QDateTime::currentDateTimeUtc();
        n.text = text;
        notes[conversationId].append(n);
        emit eventsArrived({noteEvent(account().id, n)});
    }

    QList<Assignee> people;
    QHash<QString, ConversationTriage> triage; //!< by conversation id: the provider's truth
    QHash<QString, QList<InternalNote>> notes;
    //! The next assign/status change fails with this (then it is cleared).
    std::optional<ProviderError> refuseNext;
    int fetchTriageCalls = 0;
    int assignCalls = 0;
    int listNotesCalls = 0;

private:
    std::optional<ProviderError> refusal() {
        auto r = refuseNext;
        refuseNext.reset();
        return r;
    }
    int noteSerial = 0;
};

} // namespace tributary::test
