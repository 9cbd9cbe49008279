#pragma once

// Team triage in the provider contract (issue 13 §3), for ProviderContractTests.h: included
// right after it, so every instantiation of ProviderContract runs these cases too. A
// provider without a triage capability fails each triage operation at once with a clear
// Unsupported error (kind Invalid, code "unsupported", a sentence naming the operation), and
// never pretends to have done it.

#include "ProviderContractTests.h"
#include "model/Ids.h"

namespace tributary::test {

TEST_P(ProviderContract, TriageOperationsAreGatedByCapability) {
    const Capabilities caps = m_provider->capabilities();
    const Capabilities triage =
        Capability::Assign | Capability::TriageStatus | Capability::Snooze | Capability::InternalNotes;
    // IMAP and Slack have no triage yet (shared-mailbox triage comes later): no bar, no notes.
    if (GetParam().name == "imap" || GetParam().name == "slack") {
        EXPECT_EQ(caps & triage, Capabilities()) << GetParam().name;
    }
    auto r = await(m_provider->connectAccount());
    ASSERT_TRUE(r.has_value() && r->ok());
    const Channel channel = primary();
    auto page = await(m_provider->listMessages(channel.id, PageRequest{5, {}}));
    ASSERT_TRUE(page.has_value() && page->ok());
    // A conversation id as the provider would name one, whether or not it has triage.
    const QString conversation = makeId(IdKind::Thread, m_provider->account().id, QStringLiteral("contract"));

    auto expectUnsupported = [](const auto& result, const char* operation) {
        ASSERT_TRUE(result.has_value()) << operation << ": the future never finished";
        ASSERT_FALSE(result->ok()) << operation << " succeeded without the capability";
        EXPECT_EQ(result->error().kind, ErrorKind::Invalid) << operation;
        EXPECT_EQ(result->error().code, QStringLiteral("unsupported")) << operation;
        EXPECT_FALSE(result->error().message.isEmpty()) << operation << ": no sentence for the user";
    };
    if (!caps.testFlag(Capability::Assign)) {
        expectUnsupported(await(m_provider->listAssignees()), "listAssignees");
        expectUnsupported(await(m_provider->assign(conversation, Assignee{})), "assign");
    }
    if (!(caps & (Capability::Assign | Capability::TriageStatus)))
        expectUnsupported(await(m_provider->fetchTriage({conversation})), "fetchTriage");
    if (!caps.testFlag(Capability::TriageStatus))
        expectUnsupported(await(m_provider->setTriageStatus(conversation, TriageStatus::Closed)),
                          "setTriageStatus");
    if (!caps.testFlag(Capability::Snooze))
        expectUnsupported(await(m_provider->setTriageStatus(conversation, TriageStatus::Waiting,
                                                            QDateTime::currentDateTimeUtc().addDays(1))),
                          "snooze");
    if (!caps.testFlag(Capability::InternalNotes)) {
        expectUnsupported(await(m_provider->listNotes(conversation)), "listNotes");
        expectUnsupported(await(m_provider->addNote(conversation, QStringLiteral("internal"))), "addNote");
    }
}

} // namespace tributary::test
