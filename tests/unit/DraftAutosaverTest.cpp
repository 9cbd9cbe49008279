// Draft autosave: debounced saves through the provider under one clientId, never
// overlapping, with the state the composer shows.
#include "compose/DraftAutosaver.h"

#include "Await.h"
#include "FakeClock.h"
#include "FakeProvider.h"

#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::FakeClock;
using tributary::test::FakeProvider;

namespace {

class DraftAutosaverTest : public ::testing::Test {
protected:
    DraftAutosaverTest()
        : provider(QStringLiteral("work")) {
        provider.drafts = true;
        // 12:04 local time, whatever the machine's time zone.
        // (The fake's wall clock is its origin plus its monotonic time.)
        clock->setWallOrigin(QDateTime(QDate(2024, 5, 1), QTime(12, 4), Qt::LocalTime)
                                 .toUTC()
                                 .addMSecs(-clock->now().count()));
        saver.setProvider(&provider);
        QObject::connect(&saver, &DraftAutosaver::stateChanged,
                         [this](DraftState state, const QString& text) {
                             states.append({state, text});
                         });
    }

    static OutgoingMessage draft(const QString& text) {
        OutgoingMessage m;
        m.clientId = QStringLiteral("draft-1");
        m.subject = QStringLiteral("Plans");
        m.text = text;
        return m;
    }

    static void settle() { FakeClock::deliverEvents(); }

    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    FakeProvider provider;
    DraftAutosaver saver{clock};
    QList<std::pair<DraftState, QString>> states;
};

} // namespace

TEST_F(DraftAutosaverTest, SavesTwoSecondsAfterTheLastEdit) {
    saver.update(draft(QStringLiteral("H")));
    clock->advance(std::chrono::milliseconds(1500));
    saver.update(draft(QStringLiteral("He")));
    clock->advance(std::chrono::milliseconds(1500));
    saver.update(draft(QStringLiteral("Hello")));
    EXPECT_TRUE(provider.draftCalls.isEmpty()); // still typing
    EXPECT_EQ(saver.state(), DraftState::Modified);
    EXPECT_TRUE(saver.hasUnsavedChanges());

    clock->advance(std::chrono::milliseconds(2000));
    ASSERT_EQ(provider.draftCalls.size(), 1);
    EXPECT_EQ(provider.draftCalls.first().text, QStringLiteral("Hello"));
    EXPECT_EQ(saver.state(), DraftState::Saved);
    EXPECT_FALSE(saver.hasUnsavedChanges());
    EXPECT_TRUE(saver.hasSavedDraft());
    EXPECT_EQ(saver.savedAt(), clock->wallNow());
}

TEST_F(DraftAutosaverTest, EverySaveUsesTheSameClientIdSoTheProviderReplacesIt) {
    saver.update(draft(QStringLiteral("one")));
    clock->advance(std::chrono::seconds(2));
    saver.update(draft(QStringLiteral("two")));
    clock->advance(std::chrono::seconds(2));
    ASSERT_EQ(provider.draftCalls.size(), 2);
    EXPECT_EQ(provider.draftCalls[0].clientId, provider.draftCalls[1].clientId);
    EXPECT_EQ(provider.savedDrafts.size(), 1);
    EXPECT_EQ(provider.savedDrafts.value(QStringLiteral("draft-1")).text, QStringLiteral("two"));
}

TEST_F(DraftAutosaverTest, SaysSavingThenSavedAtTheTime) {
    provider.holdDrafts = true;
    saver.update(draft(QStringLiteral("Hello")));
    clock->advance(std::chrono::seconds(2));
    EXPECT_EQ(saver.state(), DraftState::Saving);
    EXPECT_EQ(saver.statusText(), QStringLiteral("Saving…"));
    ASSERT_TRUE(provider.releaseDraft());
    settle();
    EXPECT_EQ(saver.state(), DraftState::Saved);
    EXPECT_EQ(saver.statusText(), QStringLiteral("Saved at 12:04"));
    ASSERT_GE(states.size(), 3);
    EXPECT_EQ(states.last(), std::make_pair(DraftState::Saved, QStringLiteral("Saved at 12:04")));
}

TEST_F(DraftAutosaverTest, AFailureSaysWhyAndTheNextEditTriesAgain) {
    provider.draftErrors = {ProviderError::network(QStringLiteral("The server did not answer."))};
    saver.update(draft(QStringLiteral("Hello")));
    clock->advance(std::chrono::seconds(2));
    EXPECT_EQ(saver.state(), DraftState::Failed);
    EXPECT_EQ(saver.statusText(), QStringLiteral("Could not save: The server did not answer."));
    EXPECT_TRUE(saver.hasUnsavedChanges());

    saver.update(draft(QStringLiteral("Hello again")));
    clock->advance(std::chrono::seconds(2));
    EXPECT_EQ(saver.state(), DraftState::Saved);
    EXPECT_EQ(provider.savedDrafts.value(QStringLiteral("draft-1")).text, QStringLiteral("Hello again"));
}

TEST_F(DraftAutosaverTest, SavesNeverOverlapAndTheLatestTextWins) {
    provider.holdDrafts = true;
    saver.update(draft(QStringLiteral("first")));
    clock->advance(std::chrono::seconds(2));
    ASSERT_EQ(provider.heldDrafts.size(), 1);
    saver.update(draft(QStringLiteral("second")));
    clock->advance(std::chrono::seconds(5)); // due, but the first save has not answered
    EXPECT_EQ(provider.heldDrafts.size(), 1);
    EXPECT_TRUE(saver.hasUnsavedChanges());

    ASSERT_TRUE(provider.releaseDraft());
    settle();
    ASSERT_EQ(provider.heldDrafts.size(), 1); // the edit is saved right after
    ASSERT_TRUE(provider.releaseDraft());
    settle();
    EXPECT_EQ(provider.savedDrafts.value(QStringLiteral("draft-1")).text, QStringLiteral("second"));
    EXPECT_EQ(saver.state(), DraftState::Saved);
}

TEST_F(DraftAutosaverTest, SaveNowOnCloseDoesNotWaitForTheDebounce) {
    saver.update(draft(QStringLiteral("Bye")));
    auto saved = test::await(saver.saveNow(), 5000);
    ASSERT_TRUE(saved.has_value());
    EXPECT_TRUE(saved->ok());
    EXPECT_EQ(provider.savedDrafts.value(QStringLiteral("draft-1")).text, QStringLiteral("Bye"));
    // Nothing new: nothing more to save, and the debounce timer is gone.
    auto again = test::await(saver.saveNow(), 5000);
    ASSERT_TRUE(again && again->ok());
    clock->advance(std::chrono::seconds(5));
    EXPECT_EQ(provider.draftCalls.size(), 1);
}

TEST_F(DraftAutosaverTest, SaveNowReportsAFailure) {
    provider.draftErrors = {ProviderError::auth(QStringLiteral("Sign in again."))};
    saver.update(draft(QStringLiteral("Bye")));
    auto saved = test::await(saver.saveNow(), 5000);
    ASSERT_TRUE(saved.has_value());
    ASSERT_FALSE(saved->ok());
    EXPECT_EQ(saved->error().kind, ErrorKind::Auth);
    EXPECT_EQ(saver.statusText(), QStringLiteral("Could not save: Sign in again."));
}

TEST_F(DraftAutosaverTest, SaveNowWaitsForTheEditsMadeDuringASave) {
    provider.holdDrafts = true;
    saver.update(draft(QStringLiteral("first")));
    clock->advance(std::chrono::seconds(2));
    saver.update(draft(QStringLiteral("second")));
    QFuture<Result<void>> closing = saver.saveNow();
    ASSERT_TRUE(provider.releaseDraft());
    settle();
    EXPECT_FALSE(closing.isFinished()); // "second" is not on the server yet
    ASSERT_TRUE(provider.releaseDraft());
    auto done = test::await(closing, 5000);
    ASSERT_TRUE(done && done->ok());
    EXPECT_EQ(provider.savedDrafts.value(QStringLiteral("draft-1")).text, QStringLiteral("second"));
}

TEST_F(DraftAutosaverTest, StopDropsADueSave) {
    saver.update(draft(QStringLiteral("Sent now")));
    saver.stop(); // the message was sent: its draft must not come back
    clock->advance(std::chrono::seconds(5));
    EXPECT_TRUE(provider.draftCalls.isEmpty());
    saver.update(draft(QStringLiteral("late edit")));
    clock->advance(std::chrono::seconds(5));
    EXPECT_TRUE(provider.draftCalls.isEmpty());
    auto r = test::await(saver.saveNow(), 1000);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->error().kind, ErrorKind::Cancelled);
}

TEST_F(DraftAutosaverTest, AccountsWithoutDraftsAreNotSaved) {
    FakeProvider chat(QStringLiteral("chat"));
    saver.setProvider(&chat);
    EXPECT_FALSE(saver.canSave());
    saver.update(draft(QStringLiteral("Hi")));
    clock->advance(std::chrono::seconds(5));
    EXPECT_TRUE(chat.draftCalls.isEmpty());
    EXPECT_EQ(saver.state(), DraftState::Idle);
    EXPECT_TRUE(saver.statusText().isEmpty());
    auto r = test::await(saver.saveNow(), 1000);
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->ok());
}

TEST_F(DraftAutosaverTest, ChangingTheAccountSavesTheDraftThere) {
    saver.update(draft(QStringLiteral("Hello")));
    clock->advance(std::chrono::seconds(2));
    ASSERT_EQ(provider.savedDrafts.size(), 1);

    FakeProvider other(QStringLiteral("other"));
    other.drafts = true;
    saver.setProvider(&other);
    EXPECT_TRUE(saver.hasUnsavedChanges());
    clock->advance(std::chrono::seconds(2));
    EXPECT_EQ(other.savedDrafts.value(QStringLiteral("draft-1")).text, QStringLiteral("Hello"));
}
