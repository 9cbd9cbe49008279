// Nothing the user sent vanishes silently (issue 12, section 2), offscreen:
//  - closing the main window with queued, failed or in-flight messages asks: wait, save as
//    drafts, discard, or stay; the session ending keeps them as drafts without asking;
//  - a send that may have been delivered shows in its composer with "It Was Sent" and "Send
//    Again", never as sent or failed;
//  - the sends an earlier run left unfinished are listed at start, with the same choices.
#include "../unit/FakeClock.h"
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "MainWindow.h"
#include "compose/ComposerWindow.h"
#include "compose/Outbox.h"
#include "compose/OutboxQuitGuard.h"
#include "compose/UnfinishedSendsDialog.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/ReadyFuture.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeClock;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

//! Writes the widget as a PNG into $TRIBUTARY_UI_SHOTS_DIR, when set (for review).
void snapshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_UI_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    widget->grab().save(dir + QStringLiteral("/") + name + QStringLiteral(".png"));
}

ProviderError uncertain() {
    ProviderError e =
        ProviderError::network(QStringLiteral("The server took it but never answered: it may have "
                                              "been delivered."),
                               SendErrorCode::Uncertain);
    e.retryable = false;
    return e;
}

//! A provider that also keeps send records, answering recovery and decisions.
class RecordingProvider : public FakeProvider {
public:
    using FakeProvider::FakeProvider;
    QFuture<Result<QList<UnfinishedSend>>> recoverUnfinishedSends() override {
        return readyResult<QList<UnfinishedSend>>(unfinished);
    }
    QFuture<Result<SendReceipt>> resolveUnfinishedSend(const QString& recordId,
                                                       UncertainSend decision) override {
        decisions.append({recordId, decision});
        SendReceipt receipt;
        receipt.messageId = recordId;
        return readyResult<SendReceipt>(receipt);
    }
    QList<UnfinishedSend> unfinished;
    QList<std::pair<QString, UncertainSend>> decisions;
};

class UnsentWorkTest : public ::testing::Test {
protected:
    UnsentWorkTest()
        : work(Account{QStringLiteral("work"),
                       QStringLiteral("fake"),
                       QStringLiteral("Work"),
                       QColor(0x3d, 0x8b, 0xf2),
                       {{QStringLiteral("emailAddress"), QStringLiteral("me@work.example")}}})
        , sync(&store, nullptr) {
        work.sending = true;
        work.drafts = true;
        work.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        sync.addProvider(&work);
        Outbox::Options options;
        options.retry.random = [] {
            return 1.0;
        };
        outbox =
            std::make_unique<Outbox>([this](const QString& id) { return sync.provider(id); }, clock, options);
        window = std::make_unique<MainWindow>(&sync, &store);
        guard = new OutboxQuitGuard(outbox.get(), window.get(), window.get());
        window->setCloseGuard([g = guard] { return g->allowClose(); });
        window->show();
    }

    static OutgoingMessage message(const QString& clientId) {
        OutgoingMessage m;
        m.clientId = clientId;
        m.to = {Participant{QStringLiteral("bob@example.org"), QStringLiteral("Bob"), {}}};
        m.subject = QStringLiteral("Numbers");
        m.text = QStringLiteral("Here they are.");
        return m;
    }

    //! Clicks the button of the quit question named `name`.
    void choose(const char* name) {
        ASSERT_TRUE(waitUntil([&] { return guard->prompt() && guard->prompt()->isVisible(); }))
            << "the window asks before it closes";
        auto* button = guard->prompt()->findChild<QPushButton*>(QString::fromLatin1(name));
        ASSERT_NE(button, nullptr) << name;
        QTest::mouseClick(button, Qt::LeftButton);
    }

    static void settle() { FakeClock::deliverEvents(); }

    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    RecordingProvider work;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<MainWindow> window;
    QPointer<OutboxQuitGuard> guard;
};

} // namespace

TEST_F(UnsentWorkTest, QuittingWithNothingUnsentDoesNotAsk) {
    EXPECT_TRUE(window->close());
    EXPECT_FALSE(guard->prompt());
}

TEST_F(UnsentWorkTest, QuittingWithAQueuedMessageAsksAndSavingAsDraftsKeepsIt) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Host unreachable."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("q1")));
    settle();
    ASSERT_EQ(outbox->entry(QStringLiteral("q1"))->state, OutboxState::Pending);

    EXPECT_FALSE(window->close()) << "a queued message keeps the window open";
    EXPECT_TRUE(window->isVisible());
    ASSERT_TRUE(guard->prompt());
    EXPECT_TRUE(guard->prompt()->informativeText().contains(QStringLiteral("1 waiting to be sent")))
        << guard->prompt()->informativeText().toStdString();
    snapshot(guard->prompt(), QStringLiteral("quit-with-unsent"));
    choose("drafts");
    ASSERT_TRUE(waitUntil([&] { return !window->isVisible(); }));
    ASSERT_TRUE(work.savedDrafts.contains(QStringLiteral("q1")));
    EXPECT_EQ(work.savedDrafts.value(QStringLiteral("q1")).text, QStringLiteral("Here they are."));
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(UnsentWorkTest, CancelKeepsTheWindowAndTheMessage) {
    work.sendErrors = {ProviderError::auth(QStringLiteral("Wrong password."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("f1")));
    settle();
    ASSERT_EQ(outbox->entry(QStringLiteral("f1"))->state, OutboxState::Failed);
    EXPECT_FALSE(window->close());
    ASSERT_TRUE(guard->prompt());
    EXPECT_TRUE(guard->prompt()->informativeText().contains(QStringLiteral("1 could not be sent")));
    choose("cancel");
    ASSERT_TRUE(waitUntil([&] { return !guard->prompt(); }));
    EXPECT_TRUE(window->isVisible());
    EXPECT_EQ(outbox->entry(QStringLiteral("f1"))->state, OutboxState::Failed);
    EXPECT_TRUE(work.savedDrafts.isEmpty());
}

TEST_F(UnsentWorkTest, WaitingQuitsOnceTheMessageInFlightIsSent) {
    work.holdSends = true;
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("s1")));
    settle();
    ASSERT_EQ(outbox->entry(QStringLiteral("s1"))->state, OutboxState::Sending);
    EXPECT_FALSE(window->close()) << "a send in flight is not dropped by quitting";
    choose("wait");
    ASSERT_TRUE(waitUntil([&] { return guard->isWaiting(); }));
    EXPECT_TRUE(window->isVisible()) << "still sending";
    ASSERT_TRUE(work.releaseSend());
    ASSERT_TRUE(waitUntil([&] { return !window->isVisible(); }));
    EXPECT_EQ(work.delivered.size(), 1);
}

TEST_F(UnsentWorkTest, DiscardDropsQueuedMessagesOnlyWhenTheUserSaysSo) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Host unreachable."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("d1")));
    settle();
    EXPECT_FALSE(window->close());
    choose("discard");
    ASSERT_TRUE(waitUntil([&] { return !window->isVisible(); }));
    EXPECT_TRUE(outbox->isEmpty());
    EXPECT_TRUE(work.savedDrafts.isEmpty());
}

TEST_F(UnsentWorkTest, AMessageThatMayHaveBeenSentLetsTheAppQuit) {
    // It is safe on the server (its record), and the next start asks about it.
    work.sendErrors = {uncertain()};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("u1")));
    settle();
    ASSERT_EQ(outbox->entry(QStringLiteral("u1"))->state, OutboxState::Uncertain);
    EXPECT_TRUE(window->close());
}

TEST_F(UnsentWorkTest, TheSessionEndingKeepsQueuedMessagesAsDraftsWithoutAsking) {
    work.sendErrors = {ProviderError::network(QStringLiteral("Host unreachable.")),
                       ProviderError::auth(QStringLiteral("Wrong password."))};
    outbox->enqueue(QStringLiteral("work"), message(QStringLiteral("e1")));
    settle();
    guard->keepForSessionEnd(std::chrono::seconds(10));
    EXPECT_FALSE(guard->prompt());
    EXPECT_TRUE(work.savedDrafts.contains(QStringLiteral("e1")));
    EXPECT_TRUE(outbox->isEmpty());
    EXPECT_TRUE(window->close()) << "after the session's save there is nothing left to ask about";
}

TEST_F(UnsentWorkTest, AComposerWhoseMessageMayHaveBeenSentAsksInsteadOfSayingSentOrFailed) {
    work.sendErrors = {uncertain()};
    ComposerServices services{&sync, &store, outbox.get(), nullptr, clock};
    ComposerWindow composer(services);
    composer.setCloseDelay(10);
    composer.beginNew(QStringLiteral("work"), {Participant{QStringLiteral("bob@example.org"), {}, {}}});
    composer.subjectEdit()->setText(QStringLiteral("Numbers"));
    composer.show();
    composer.send();
    settle();
    ASSERT_EQ(composer.phase(), ComposerWindow::Phase::MaybeSent);
    EXPECT_TRUE(composer.statusText().contains(QStringLiteral("may have been delivered")))
        << composer.statusText().toStdString();
    EXPECT_TRUE(composer.wasSentButton()->isVisible());
    EXPECT_TRUE(composer.sendAgainButton()->isVisible());
    EXPECT_FALSE(composer.retryButton()->isVisible());
    EXPECT_FALSE(composer.sendAction()->isEnabled()) << "not editable while its fate is unknown";
    composer.resize(900, 640);
    snapshot(&composer, QStringLiteral("composer-may-have-been-sent"));

    QTest::mouseClick(composer.sendAgainButton(), Qt::LeftButton);
    settle();
    ASSERT_EQ(work.sendCalls.size(), 2);
    EXPECT_EQ(work.sendCalls.last().ifUncertain, UncertainSend::SendAgain);
    EXPECT_EQ(composer.phase(), ComposerWindow::Phase::Sent);
}

TEST_F(UnsentWorkTest, TheNextStartListsUnfinishedSendsAndCarriesOutTheChoice) {
    UnfinishedSend notSent;
    notSent.outcome = UnfinishedSend::Outcome::NotSent;
    notSent.recordId = QStringLiteral("draft-1");
    notSent.subject = QStringLiteral("Never left");
    notSent.to = {Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}}};
    UnfinishedSend maybe;
    maybe.outcome = UnfinishedSend::Outcome::MaybeSent;
    maybe.recordId = QStringLiteral("record-2");
    maybe.subject = QStringLiteral("Perhaps gone");
    maybe.to = {Participant{QStringLiteral("bob@example.org"), QStringLiteral("Bob"), {}}};

    UnfinishedSendsDialog dialog([this](const QString& id) { return sync.provider(id); });
    dialog.add(QStringLiteral("work"), QStringLiteral("Work"), {notSent, maybe});
    dialog.show();
    snapshot(&dialog, QStringLiteral("unfinished-sends"));
    EXPECT_EQ(dialog.undecided(), 1);
    QWidget* first = dialog.rowFor(QStringLiteral("draft-1"));
    ASSERT_NE(first, nullptr);
    EXPECT_TRUE(first->findChildren<QPushButton*>().isEmpty()) << "nothing to decide: it is a draft";
    const QString firstText = first->findChild<QLabel*>()->text();
    EXPECT_TRUE(firstText.contains(QStringLiteral("Not sent"))) << firstText.toStdString();
    EXPECT_TRUE(firstText.contains(QStringLiteral("Drafts"))) << firstText.toStdString();

    QWidget* second = dialog.rowFor(QStringLiteral("record-2"));
    ASSERT_NE(second, nullptr);
    EXPECT_TRUE(second->findChild<QLabel*>()->text().contains(QStringLiteral("May have been sent")));
    auto* wasSent = second->findChild<QPushButton*>(QStringLiteral("wasSent"));
    ASSERT_NE(wasSent, nullptr);
    ASSERT_NE(second->findChild<QPushButton*>(QStringLiteral("sendAgain")), nullptr);
    ASSERT_NE(second->findChild<QPushButton*>(QStringLiteral("keepAsDraft")), nullptr);
    QTest::mouseClick(wasSent, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return dialog.undecided() == 0; }));
    ASSERT_EQ(work.decisions.size(), 1);
    EXPECT_EQ(work.decisions.first().first, QStringLiteral("record-2"));
    EXPECT_EQ(work.decisions.first().second, UncertainSend::WasSent);
    EXPECT_EQ(second->findChild<QLabel*>(QStringLiteral("status"))->text(), QStringLiteral("Kept in Sent."));
}
