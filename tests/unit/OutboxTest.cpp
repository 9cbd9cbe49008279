// The outbox: per-account queues, idempotent retries of network failures and rate limits,
// failures that keep the user's text and say why.
#include "compose/Outbox.h"

#include "FakeClock.h"
#include "FakeProvider.h"

#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::FakeClock;
using tributary::test::FakeProvider;

namespace {

struct StateRecord {
    QString clientId;
    OutboxState state;
    QString detail;
};

class OutboxTest : public ::testing::Test {
protected:
    OutboxTest()
        : work(QStringLiteral("work"))
        , home(QStringLiteral("home")) {
        work.sending = true;
        home.sending = true;
        Outbox::Options options;
        options.maxAttempts = 4;
        // The back-off's full jitter always picks its ceiling: 1 s, 2 s, 4 s ...
        options.retry.random = [] {
            return 1.0;
        };
        outbox = std::make_unique<Outbox>(
            [this](const QString& id) -> Provider* {
                if (id == work.account().id)
                    return &work;
                if (id == home.account().id)
                    return &home;
                return nullptr;
            },
            clock, options);
        QObject::connect(outbox.get(), &Outbox::stateChanged,
                         [this](const QString& id, OutboxState state, const QString& detail) {
                             states.append({id, state, detail});
                         });
        QObject::connect(outbox.get(), &Outbox::sent,
                         [this](const QString&, const QString& id, const SendReceipt& receipt) {
                             receipts.append({id, receipt});
                         });
    }

    static OutgoingMessage message(const QString& clientId, const QString& text = QStringLiteral("Hello")) {
        OutgoingMessage m;
        m.clientId = clientId;
        m.to = {Participant{QStringLiteral("bob@example.org"), QStringLiteral("Bob"), {}}};
        m.subject = QStringLiteral("Lunch?");
        m.text = text;
        return m;
    }

    //! Delivers the queued answers without moving time.
    static void settle() { FakeClock::deliverEvents(); }

    QList<OutboxState> statesOf(const QString& clientId) const {
        QList<OutboxState> out;
        for (const StateRecord& r : states) {
            if (r.clientId == clientId)
                out.append(r.state);
        }
        return out;
    }

    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    FakeProvider work;
    FakeProvider home;
    std::unique_ptr<Outbox> outbox;
    QList<StateRecord> states;
    QList<std::pair<QString, SendReceipt>> receipts;
};

} // namespace

TEST_F(OutboxTest, SendsThroughTheAccountsProviderPendingSendingSent) {
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    EXPECT_EQ(id, QStringLiteral("c1"));
    settle();

    EXPECT_EQ(statesOf(id),
              (QList<OutboxState>{OutboxState::Pending, OutboxState::Sending, OutboxState::Sent}));
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first(), message(QStringLiteral("c1")));
    EXPECT_TRUE(home.sendCalls.isEmpty());
    ASSERT_EQ(receipts.size(), 1);
    EXPECT_FALSE(receipts.first().second.alreadySent);
    EXPECT_FALSE(outbox->entry(id).has_value()); // sent messages leave the outbox
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(OutboxTest, GeneratesAClientIdWhenThereIsNone) {
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QString()));
    EXPECT_FALSE(id.isEmpty());
    settle();
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().clientId, id);
}

TEST_F(OutboxTest, ANetworkFailureThenSuccessSendsOnce) {
    // The message went out, then the connection broke before the server's answer: the
    // retry carries the same clientId, and the provider recognises it as sent already.
    work.errorAfterDelivery = true;
    work.sendErrors = {ProviderError::network(QStringLiteral("The connection was reset."))};
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();

    ASSERT_TRUE(outbox->entry(id).has_value());
    EXPECT_EQ(outbox->entry(id)->state, OutboxState::Pending);
    EXPECT_EQ(outbox->entry(id)->detail, QStringLiteral("Retrying in 1 s: The connection was reset."));
    EXPECT_EQ(work.sendCalls.size(), 1);

    clock->advance(std::chrono::milliseconds(1000));
    EXPECT_EQ(statesOf(id),
              (QList<OutboxState>{OutboxState::Pending, OutboxState::Sending, OutboxState::Pending,
                                  OutboxState::Sending, OutboxState::Sent}));
    ASSERT_EQ(work.sendCalls.size(), 2);
    EXPECT_EQ(work.sendCalls[0].clientId, work.sendCalls[1].clientId);
    EXPECT_EQ(work.delivered.size(), 1); // sent once
    ASSERT_EQ(receipts.size(), 1);
    EXPECT_TRUE(receipts.first().second.alreadySent);
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(OutboxTest, ANetworkFailureBeforeDeliveryIsRetriedWithBackoff) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Host unreachable.")),
                       ProviderError::network(QStringLiteral("Host unreachable."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    EXPECT_EQ(work.sendCalls.size(), 1);

    clock->advance(std::chrono::milliseconds(999));
    EXPECT_EQ(work.sendCalls.size(), 1); // never before the back-off
    clock->advance(std::chrono::milliseconds(1));
    EXPECT_EQ(work.sendCalls.size(), 2);
    EXPECT_EQ(outbox->entry(QStringLiteral("c1"))->detail,
              QStringLiteral("Retrying in 2 s: Host unreachable."));

    clock->advance(std::chrono::milliseconds(2000));
    EXPECT_EQ(work.sendCalls.size(), 3);
    EXPECT_EQ(work.delivered.size(), 1);
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(OutboxTest, AnAuthFailureKeepsTheMessageAndSaysWhy) {
    work.sendErrors = {ProviderError::auth(QStringLiteral("The server rejected the password."))};
    const OutgoingMessage written = message(QStringLiteral("c1"), QStringLiteral("A long reply\nwith care."));
    outbox->enqueue(QStringLiteral("work"), written);
    settle();

    const std::optional<OutboxEntry> entry = outbox->entry(QStringLiteral("c1"));
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->state, OutboxState::Failed);
    EXPECT_EQ(entry->detail, QStringLiteral("The server rejected the password."));
    EXPECT_EQ(entry->message, written); // nothing the user wrote is lost
    ASSERT_TRUE(entry->error.has_value());
    EXPECT_EQ(entry->error->kind, ErrorKind::Auth);
    EXPECT_EQ(states.last().state, OutboxState::Failed);
    EXPECT_EQ(states.last().detail, QStringLiteral("The server rejected the password."));

    // Not retried on its own: the user has to sign in again first.
    clock->advance(std::chrono::minutes(10));
    EXPECT_EQ(work.sendCalls.size(), 1);
    EXPECT_EQ(clock->pendingTimers(), 0);
    EXPECT_TRUE(work.delivered.isEmpty());

    // Signed in again: Retry sends it.
    EXPECT_TRUE(outbox->retry(QStringLiteral("c1")));
    settle();
    EXPECT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first(), written);
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(OutboxTest, RateLimitsWaitWhatTheServerAsked) {
    work.sendErrors = {ProviderError::rateLimited(std::chrono::seconds(30), QStringLiteral("Slow down."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    EXPECT_EQ(outbox->entry(QStringLiteral("c1"))->detail, QStringLiteral("Retrying in 30 s: Slow down."));
    clock->advance(std::chrono::milliseconds(29999));
    EXPECT_EQ(work.sendCalls.size(), 1);
    clock->advance(std::chrono::milliseconds(1));
    EXPECT_EQ(work.sendCalls.size(), 2);
    EXPECT_EQ(work.delivered.size(), 1);
}

TEST_F(OutboxTest, GivesUpAfterMaxAttemptsAndKeepsTheText) {
    for (int i = 0; i < 4; ++i)
        work.sendErrors.append(ProviderError::network(QStringLiteral("Offline.")));
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    while (clock->advanceToNext()) {
    }
    EXPECT_EQ(work.sendCalls.size(), 4);
    const std::optional<OutboxEntry> entry = outbox->entry(QStringLiteral("c1"));
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->state, OutboxState::Failed);
    EXPECT_EQ(entry->detail, QStringLiteral("Offline."));
    EXPECT_EQ(entry->message.text, QStringLiteral("Hello"));
}

TEST_F(OutboxTest, AWaitingRetryHoldsItsAccountsQueueButNotOthers) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Offline."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("first")));
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("second")));
    outbox->enqueue(QStringLiteral("home"), message(QStringLiteral("other")));
    settle();
    EXPECT_EQ(work.sendCalls.size(), 1); // "second" must not overtake "first"
    EXPECT_EQ(home.delivered.size(), 1); // another account is not held up
    EXPECT_EQ(outbox->entries().size(), 2);

    clock->advance(std::chrono::seconds(1));
    ASSERT_EQ(work.delivered.size(), 2);
    EXPECT_EQ(work.delivered[0].clientId, QStringLiteral("first"));
    EXPECT_EQ(work.delivered[1].clientId, QStringLiteral("second"));
}

TEST_F(OutboxTest, AFailedMessageDoesNotHoldTheQueue) {
    work.sendErrors = {ProviderError::invalid(QStringLiteral("The recipient address is not valid."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("first")));
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("second")));
    settle();
    EXPECT_EQ(outbox->entry(QStringLiteral("first"))->state, OutboxState::Failed);
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().clientId, QStringLiteral("second"));
}

TEST_F(OutboxTest, OneMessageAtATimePerAccount) {
    work.holdSends = true;
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("first")));
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("second")));
    settle();
    EXPECT_EQ(work.sendCalls.size(), 1);
    EXPECT_EQ(outbox->entry(QStringLiteral("first"))->state, OutboxState::Sending);
    EXPECT_EQ(outbox->entry(QStringLiteral("second"))->state, OutboxState::Pending);
    ASSERT_TRUE(work.releaseSend());
    settle();
    EXPECT_EQ(work.sendCalls.size(), 2);
    ASSERT_TRUE(work.releaseSend());
    settle();
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(OutboxTest, DiscardAndEnqueueRespectAMessageBeingSent) {
    work.holdSends = true;
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    // The provider may be delivering it right now: neither dropped nor queued twice.
    EXPECT_FALSE(outbox->discard(QStringLiteral("c1")));
    EXPECT_TRUE(outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1"))).isEmpty());
    EXPECT_FALSE(outbox->retry(QStringLiteral("c1")));
    EXPECT_TRUE(work.releaseSend());
    settle();
    EXPECT_EQ(work.delivered.size(), 1);
}

TEST_F(OutboxTest, AnEditedFailedMessageReplacesTheOldOne) {
    work.sendErrors = {ProviderError::invalid(QStringLiteral("No recipients."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1"), QStringLiteral("draft 1")));
    settle();
    ASSERT_EQ(outbox->entry(QStringLiteral("c1"))->state, OutboxState::Failed);

    EXPECT_EQ(
        outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1"), QStringLiteral("draft 2"))),
        QStringLiteral("c1"));
    settle();
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().text, QStringLiteral("draft 2"));
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(OutboxTest, DiscardDropsAWaitingMessageAndFreesTheQueue) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Offline."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("first")));
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("second")));
    settle();
    EXPECT_TRUE(outbox->discard(QStringLiteral("first")));
    settle();
    EXPECT_EQ(clock->pendingTimers(), 0);
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().clientId, QStringLiteral("second"));
    EXPECT_FALSE(outbox->discard(QStringLiteral("first")));
}

TEST_F(OutboxTest, RetryNowSkipsTheBackoff) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Offline."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    EXPECT_TRUE(outbox->retry(QStringLiteral("c1")));
    settle();
    EXPECT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(clock->pendingTimers(), 0);
}

TEST_F(OutboxTest, AnAccountThatIsGoneOrCannotSendFailsClearly) {
    outbox->enqueue(QStringLiteral("gone"), message(QStringLiteral("c1")));
    settle();
    EXPECT_EQ(outbox->entry(QStringLiteral("c1"))->state, OutboxState::Failed);
    EXPECT_EQ(outbox->entry(QStringLiteral("c1"))->detail,
              QStringLiteral("The account to send from is no longer set up."));

    home.sending = false;
    outbox->enqueue(QStringLiteral("home"), message(QStringLiteral("c2")));
    settle();
    EXPECT_EQ(outbox->entry(QStringLiteral("c2"))->state, OutboxState::Failed);
    EXPECT_TRUE(home.sendCalls.isEmpty());
}

TEST_F(OutboxTest, ACancelledSendDoesNotStaySending) {
    work.holdSends = true;
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    ASSERT_EQ(work.heldSends.size(), 1);
    // The provider went away mid-send and cancelled its work.
    auto held = work.heldSends.takeFirst();
    held.first->future().cancel();
    held.first->finish();
    settle();
    EXPECT_EQ(outbox->entry(QStringLiteral("c1"))->state, OutboxState::Failed);
    EXPECT_EQ(outbox->entry(QStringLiteral("c1"))->detail, QStringLiteral("Sending was cancelled."));
}

// --- a send that may have been delivered (issue 12) ---------------------------------------

namespace {

ProviderError uncertain() {
    ProviderError e = ProviderError::network(
        QStringLiteral("The answer never came: it may have been delivered."), SendErrorCode::Uncertain);
    e.retryable = false;
    return e;
}

} // namespace

TEST_F(OutboxTest, AMessageThatMayHaveBeenSentIsNeverRetriedOnItsOwn) {
    work.errorAfterDelivery = true; // the server took it; its answer was lost
    work.sendErrors = {uncertain()};
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();

    ASSERT_TRUE(outbox->entry(id).has_value());
    EXPECT_EQ(outbox->entry(id)->state, OutboxState::Uncertain);
    EXPECT_EQ(outbox->entry(id)->detail,
              QStringLiteral("The answer never came: it may have been delivered."));
    clock->advance(std::chrono::hours(1));
    EXPECT_EQ(work.sendCalls.size(), 1) << "no retry, however long";
    EXPECT_FALSE(outbox->retry(id)) << "retrying is not a decision about it";
    EXPECT_FALSE(outbox->discard(id)) << "nor is dropping it silently";
    EXPECT_EQ(outbox->unsentCount(), 1);
    EXPECT_EQ(work.delivered.size(), 1);
}

TEST_F(OutboxTest, ItWasSentFinishesItWithoutSendingAgain) {
    work.errorAfterDelivery = true;
    work.sendErrors = {uncertain()};
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    ASSERT_TRUE(outbox->confirmSent(id));
    settle();
    ASSERT_EQ(work.sendCalls.size(), 2);
    EXPECT_EQ(work.sendCalls[1].ifUncertain, UncertainSend::WasSent) << "the provider learns the decision";
    EXPECT_EQ(work.delivered.size(), 1);
    EXPECT_TRUE(outbox->isEmpty());
    EXPECT_EQ(statesOf(id).last(), OutboxState::Sent);
}

TEST_F(OutboxTest, SendAgainCarriesTheUsersDecision) {
    work.sendErrors = {uncertain()};
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    EXPECT_FALSE(outbox->confirmSent(QStringLiteral("nope")));
    ASSERT_TRUE(outbox->sendAgain(id));
    settle();
    ASSERT_EQ(work.sendCalls.size(), 2);
    EXPECT_EQ(work.sendCalls[0].ifUncertain, UncertainSend::Ask);
    EXPECT_EQ(work.sendCalls[1].ifUncertain, UncertainSend::SendAgain);
    EXPECT_EQ(work.sendCalls[1].clientId, id);
    EXPECT_TRUE(outbox->isEmpty());
    EXPECT_FALSE(outbox->sendAgain(id)) << "only for a message waiting for the decision";
}

TEST_F(OutboxTest, AMessageThatMayHaveBeenSentDoesNotHoldTheQueue) {
    work.sendErrors = {uncertain()};
    const QString first = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    const QString second = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c2")));
    settle();
    EXPECT_EQ(outbox->entry(first)->state, OutboxState::Uncertain);
    EXPECT_FALSE(outbox->entry(second).has_value()) << "the next message went out";
}

TEST_F(OutboxTest, ANetworkErrorThatIsNotSafeToRepeatFailsAtOnce) {
    ProviderError tls = ProviderError::network(QStringLiteral("The certificate is not trusted."));
    tls.retryable = false;
    work.sendErrors = {tls};
    const QString id = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    settle();
    EXPECT_EQ(outbox->entry(id)->state, OutboxState::Failed);
    clock->advance(std::chrono::minutes(10));
    EXPECT_EQ(work.sendCalls.size(), 1);
}

TEST_F(OutboxTest, KeepAsDraftsSavesWhatIsQueuedAndSaysWhatCouldNotBeKept) {
    work.drafts = true;
    work.sendErrors = {ProviderError::network(QStringLiteral("Host unreachable.")),
                       ProviderError::auth(QStringLiteral("Wrong password."))};
    home.sendErrors = {ProviderError::network(QStringLiteral("Host unreachable."))};
    const QString waiting =
        outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("w1"), QStringLiteral("A")));
    settle(); // waiting for its retry: holds the queue
    const QString elsewhere = outbox->enqueue(QStringLiteral("home"), message(QStringLiteral("h1")));
    settle();
    ASSERT_EQ(outbox->entry(waiting)->state, OutboxState::Pending);
    ASSERT_EQ(outbox->entry(elsewhere)->state, OutboxState::Pending);

    auto kept = outbox->keepAsDrafts();
    settle();
    ASSERT_TRUE(kept.isFinished());
    const QList<OutboxEntry> left = kept.result();
    ASSERT_EQ(left.size(), 1) << "the account without drafts keeps its message here";
    EXPECT_EQ(left.first().message.clientId, elsewhere);
    EXPECT_EQ(left.first().detail, QStringLiteral("This account keeps no drafts."));
    ASSERT_EQ(work.savedDrafts.size(), 1);
    EXPECT_EQ(work.savedDrafts.value(waiting).text, QStringLiteral("A"));
    EXPECT_FALSE(outbox->entry(waiting).has_value());
    clock->advance(std::chrono::minutes(10));
    EXPECT_EQ(work.sendCalls.size(), 1) << "a message kept as a draft is not sent after all";
}

TEST_F(OutboxTest, KeepAsDraftsLeavesAMessageWhoseDraftFailedWithTheReason) {
    work.drafts = true;
    work.draftErrors = {ProviderError::network(QStringLiteral("The server went away."))};
    work.sendErrors = {ProviderError::auth(QStringLiteral("Wrong password."))};
    const QString failed = outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("f1")));
    settle();
    ASSERT_EQ(outbox->entry(failed)->state, OutboxState::Failed);
    auto kept = outbox->keepAsDrafts();
    settle();
    ASSERT_TRUE(kept.isFinished());
    ASSERT_EQ(kept.result().size(), 1);
    EXPECT_EQ(outbox->entry(failed)->state, OutboxState::Failed);
    EXPECT_EQ(outbox->entry(failed)->detail,
              QStringLiteral("Could not save it as a draft: The server went away."));
}

// Undo send (issue 11): a held message waits Options::holdFor as Pending, can be discarded
// meanwhile without the provider ever seeing it, and holds its account's queue behind it.
TEST_F(OutboxTest, AHeldMessageCanBeTakenBackUntilItGoes) {
    Outbox::Options options;
    options.holdFor = std::chrono::seconds(5);
    Outbox held([this](const QString&) -> Provider* { return &work; }, clock, options);

    const QString first = held.enqueue(QStringLiteral("work"), message(QStringLiteral("c1")));
    const QString second = held.enqueue(QStringLiteral("work"), message(QStringLiteral("c2")));
    settle();
    EXPECT_EQ(held.entry(first)->state, OutboxState::Pending);
    EXPECT_TRUE(work.sendCalls.isEmpty()) << "nothing goes before the hold is over";

    clock->advance(std::chrono::milliseconds(4900));
    EXPECT_TRUE(held.discard(first)) << "Undo within the hold";
    settle();
    EXPECT_TRUE(work.sendCalls.isEmpty());
    EXPECT_FALSE(held.entry(first).has_value());

    clock->advance(std::chrono::milliseconds(100)); // the second one's own five seconds
    settle();
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().clientId, second);
    EXPECT_FALSE(held.discard(second)) << "too late once sent";

    // Retry (Send now) skips what is left of the hold.
    const QString third = held.enqueue(QStringLiteral("work"), message(QStringLiteral("c3")));
    EXPECT_TRUE(held.retry(third));
    settle();
    EXPECT_EQ(work.delivered.size(), 2);
}
