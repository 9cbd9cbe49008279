// The composer interactions of issue 11, offscreen against FakeProviders: Esc and Ctrl+W
// close (asking first about unsent work), undo send while the outbox holds the message (and
// the main window's "Sending… Undo" / "Sent" notes), a From field wide enough for the
// address, completion that offers other people before the user's own addresses, `c` on a
// chat row writing mail from a mail account, and a draft resumed in the composer that
// replaces the draft it came from and is removed by sending.
#include "../unit/FakeClock.h"
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "MainWindow.h"
#include "UndoBar.h"
#include "actions/MailActions.h"
#include "compose/ComposerWindow.h"
#include "compose/DraftAutosaver.h"
#include "compose/Outbox.h"
#include "compose/RecipientEdit.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QTextEdit>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeClock;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

constexpr std::chrono::seconds kHold{5};

Account mailAccount() {
    Account a;
    a.id = QStringLiteral("work");
    a.providerId = QStringLiteral("fake");
    a.displayName = QStringLiteral("Work");
    a.settings = {
        {QStringLiteral("emailAddress"), QStringLiteral("me@work.example")},
        {QStringLiteral("fullName"), QStringLiteral("Margaret Rosalind Featherstonehaugh-Whitley")}};
    return a;
}

struct ComposerInteractions : ::testing::Test {
    ComposerInteractions()
        : work(mailAccount())
        , team(QStringLiteral("team"))
        , sync(&store, nullptr) {
        work.sending = true;
        work.drafts = true;
        team.sending = true; // Slack-like: can post, but is a chat account
        team.chat = true;
        inbox = work.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        drafts = work.addChannel(QStringLiteral("Drafts"), ChannelRole::Drafts);
        general = team.addChannel(QStringLiteral("C0GENERAL"));
        general.kind = ChannelKind::ChatChannel;
        general.name = QStringLiteral("general");
        team.setChannel(general);
        sync.addProvider(&work);
        sync.addProvider(&team);
        Outbox::Options options;
        options.holdFor = kHold;
        outbox =
            std::make_unique<Outbox>([this](const QString& id) { return sync.provider(id); }, clock, options);
        services = ComposerServices{&sync, &store, outbox.get(), nullptr, clock};
    }

    //! A shown composer for a new message, deleted when closed.
    QPointer<ComposerWindow> newComposer() {
        ComposerWindow* w = ComposerWindow::newMessage(services, QStringLiteral("work"));
        w->setCloseDelay(0);
        return w;
    }

    static void type(QWidget* widget, const QString& text) {
        widget->setFocus();
        QTest::keyClicks(widget, text);
    }

    static void settle() {
        for (int i = 0; i < 10; ++i)
            FakeClock::deliverEvents();
    }

    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    FakeProvider work;
    FakeProvider team;
    Channel inbox;
    Channel drafts;
    Channel general;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<Outbox> outbox;
    ComposerServices services;
};

} // namespace

TEST_F(ComposerInteractions, EscAndCtrlWCloseAskingFirstWhenSomethingWouldBeLost) {
    QPointer<ComposerWindow> empty = newComposer();
    ASSERT_TRUE(QTest::qWaitForWindowActive(empty.data()));
    QTest::keyClick(empty->toEdit(), Qt::Key_Escape);
    ASSERT_TRUE(waitUntil([&] { return empty.isNull(); })) << "nothing written: Esc just closes";

    QPointer<ComposerWindow> w = newComposer();
    ASSERT_TRUE(QTest::qWaitForWindowActive(w.data()));
    type(w->bodyEdit(), QStringLiteral("Half a thought"));
    QTest::keyClick(w->bodyEdit(), Qt::Key_Escape);
    ASSERT_TRUE(waitUntil([&] { return w->closePrompt() != nullptr; })) << "unsent work: it asks";
    EXPECT_TRUE(w->isVisible());
    w->closePrompt()->button(QMessageBox::Cancel)->click();
    ASSERT_TRUE(waitUntil([&] { return w->closePrompt() == nullptr; }));
    EXPECT_EQ(w->bodyEdit()->toPlainText(), QStringLiteral("Half a thought"));

    w->activateWindow(); // the window manager's part once the question is gone
    ASSERT_TRUE(QTest::qWaitForWindowActive(w.data()));
    QTest::keyClick(w->bodyEdit(), Qt::Key_W, Qt::ControlModifier);
    ASSERT_TRUE(waitUntil([&] { return w->closePrompt() != nullptr; })) << "Ctrl+W asks the same";
    w->closePrompt()->button(QMessageBox::Discard)->click();
    ASSERT_TRUE(waitUntil([&] { return w.isNull(); }));
}

TEST_F(ComposerInteractions, UndoSendBringsTheComposerBackWithEverythingWritten) {
    QPointer<ComposerWindow> w = newComposer();
    type(w->toEdit(), QStringLiteral("Bob <bob@example.org>"));
    type(w->subjectEdit(), QStringLiteral("Lunch"));
    type(w->bodyEdit(), QStringLiteral("Noon at the usual place?"));
    const QString clientId = w->clientId();
    w->send();
    EXPECT_FALSE(w->isVisible()) << "the window steps aside while the outbox holds it";
    ASSERT_TRUE(outbox->entry(clientId).has_value());
    EXPECT_EQ(outbox->entry(clientId)->state, OutboxState::Pending);
    settle();
    EXPECT_TRUE(work.sendCalls.isEmpty()) << "nothing has gone yet";

    clock->advance(std::chrono::milliseconds(3000));
    ASSERT_TRUE(w->undoSend());
    EXPECT_TRUE(w->isVisible());
    EXPECT_EQ(w->phase(), ComposerWindow::Phase::Editing);
    EXPECT_EQ(w->toEdit()->recipients().first().address, QStringLiteral("bob@example.org"));
    EXPECT_EQ(w->subjectEdit()->text(), QStringLiteral("Lunch"));
    EXPECT_EQ(w->bodyEdit()->toPlainText(), QStringLiteral("Noon at the usual place?"));
    EXPECT_FALSE(outbox->entry(clientId).has_value());
    clock->advance(kHold);
    settle();
    EXPECT_TRUE(work.sendCalls.isEmpty()) << "taken back: never sent";

    w->bodyEdit()->moveCursor(QTextCursor::End);
    type(w->bodyEdit(), QStringLiteral(" Or one?"));
    w->send();
    clock->advance(kHold);
    settle();
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().text, QStringLiteral("Noon at the usual place? Or one?"));
    EXPECT_EQ(work.delivered.first().clientId, clientId) << "one message, one idempotency key";
    ASSERT_TRUE(waitUntil([&] { return w.isNull(); })) << "sent: the hidden window goes";
}

TEST_F(ComposerInteractions, TheMainWindowOffersUndoThenConfirms) {
    MainWindow window(&sync, &store);
    window.setOutbox(outbox.get());
    window.show();
    QPointer<ComposerWindow> w = newComposer();
    QObject::connect(w.data(), &ComposerWindow::queued, &window, [&](const QString&, const QString& id) {
        window.noteSending(id, w->message().subject, [w] { return w && w->undoSend(); });
    });
    type(w->toEdit(), QStringLiteral("bob@example.org"));
    type(w->subjectEdit(), QStringLiteral("Lunch"));
    w->send();
    UndoBar* bar = window.sendBar();
    ASSERT_TRUE(bar->isVisible());
    EXPECT_EQ(bar->text(), QStringLiteral("Sending “Lunch”…"));
    ASSERT_TRUE(bar->undoButton()->isVisible());
    QTest::mouseClick(bar->undoButton(), Qt::LeftButton);
    EXPECT_TRUE(w->isVisible()) << "back to edit";
    EXPECT_EQ(bar->text(), QStringLiteral("Not sent: “Lunch” is open again."));
    EXPECT_TRUE(outbox->isEmpty());

    w->send();
    EXPECT_TRUE(bar->undoButton()->isVisible());
    clock->advance(kHold);
    settle();
    ASSERT_TRUE(waitUntil([&] { return bar->text() == QStringLiteral("Sent “Lunch”."); }))
        << "a confirmation";
    EXPECT_FALSE(bar->undoButton()->isVisible()) << "too late to take back";
    EXPECT_EQ(work.delivered.size(), 1);
}

TEST_F(ComposerInteractions, AFailedSendComesBackWithTheReason) {
    work.sendErrors = {ProviderError::auth(QStringLiteral("The password was refused."))};
    QPointer<ComposerWindow> w = newComposer();
    type(w->toEdit(), QStringLiteral("bob@example.org"));
    w->send();
    EXPECT_FALSE(w->isVisible());
    clock->advance(kHold);
    settle();
    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Failed; }));
    EXPECT_TRUE(w->isVisible()) << "shown again, with Retry";
    EXPECT_TRUE(w->statusText().contains(QStringLiteral("password was refused")));
}

TEST_F(ComposerInteractions, TheFromFieldShowsTheWholeAddress) {
    QPointer<ComposerWindow> w = newComposer();
    ASSERT_TRUE(waitUntil([&] { return w->isVisible(); }));
    QComboBox* from = w->fromPicker();
    const QString label = from->currentText();
    EXPECT_TRUE(label.contains(QStringLiteral("<me@work.example>"))) << label.toStdString();
    EXPECT_GE(from->width(), from->fontMetrics().horizontalAdvance(label) + 16)
        << "from " << from->width() << " for " << label.toStdString();
    w->close();
}

TEST_F(ComposerInteractions, CompletionOffersOthersBeforeTheUsersOwnAddresses) {
    // The user is on every thread, so their own address is the most frequent one.
    for (int i = 0; i < 3; ++i) {
        Message m = work.addMessages(inbox, 1, true).first();
        m.author = Participant{QStringLiteral("me@work.example"), QStringLiteral("Me Work"), {}};
        m.to = {Participant{QStringLiteral("mel@example.org"), QStringLiteral("Mel Brooks"), {}}};
        store.addMessages({m});
    }
    QPointer<ComposerWindow> w = newComposer();
    type(w->toEdit(), QStringLiteral("me"));
    QCompleter* completer = w->toEdit()->suggestions();
    ASSERT_TRUE(waitUntil([&] { return completer->popup()->isVisible(); }));
    ASSERT_EQ(completer->completionCount(), 2);
    EXPECT_EQ(completer->currentCompletion(), QStringLiteral("Mel Brooks <mel@example.org>"));
    EXPECT_EQ(completer->completionModel()->index(1, 0).data().toString(),
              QStringLiteral("Me Work <me@work.example>"))
        << "one's own address is still offered, last";
    completer->popup()->hide();
    w->close();
}

TEST_F(ComposerInteractions, NewMailFromAChatRowComesFromAMailAccount) {
    Message said = team.addMessages(general, 1).first();
    said.kind = ConversationKind::Chat;
    said.subject.clear();
    team.replaceMessage(said);
    MainWindow window(&sync, &store);
    QPointer<ComposerWindow> opened;
    window.setComposeHandler([&](SendKind kind, const QString& messageId) {
        if (kind == SendKind::New)
            opened = ComposerWindow::newMessage(services, accountOf(messageId));
    });
    window.show();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return window.threadProxy()->rowCount() == 1; }));
    ASSERT_TRUE(window.selectThread(store.message(said.id)->threadId));
    window.threadView()->setFocus();
    QTest::keyClick(window.threadView(), Qt::Key_C);
    ASSERT_FALSE(opened.isNull());
    EXPECT_EQ(opened->accountId(), QStringLiteral("work"));
    EXPECT_EQ(opened->fromPicker()->count(), 1) << "a chat account is no place to send mail from";
    opened->close();
}

TEST_F(ComposerInteractions, AResumedDraftReplacesItsDraftAndSendingRemovesIt) {
    Message draft = work.addMessages(drafts, 1, true).first();
    draft.flags |= MessageFlag::Draft;
    draft.subject = QStringLiteral("Budget notes");
    draft.to = {Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}}};
    draft.cc = {Participant{QStringLiteral("cy@example.org"), QStringLiteral("Cy"), {}}};
    work.replaceMessage(draft);
    store.addMessages({draft});

    QPointer<ComposerWindow> w = ComposerWindow::fromDraft(services, draft.id);
    ASSERT_FALSE(w.isNull());
    w->setCloseDelay(0);
    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Editing; }));
    EXPECT_EQ(w->toEdit()->recipients().first().address, QStringLiteral("ann@example.org"));
    EXPECT_EQ(w->ccEdit()->recipients().first().address, QStringLiteral("cy@example.org"));
    EXPECT_TRUE(w->ccEdit()->isVisible());
    EXPECT_EQ(w->subjectEdit()->text(), QStringLiteral("Budget notes"));
    EXPECT_EQ(w->bodyEdit()->toPlainText(), QStringLiteral("Body of Budget notes"));
    EXPECT_EQ(w->fromPicker()->count(), 1) << "it goes on in its own account";
    EXPECT_EQ(w->windowTitle(), QStringLiteral("Budget notes"));

    w->close(); // nothing changed: closes without asking, the draft stays
    ASSERT_TRUE(waitUntil([&] { return w.isNull(); }));
    EXPECT_EQ(work.messagesIn(drafts.id).size(), 1);

    w = ComposerWindow::fromDraft(services, draft.id);
    w->setCloseDelay(0);
    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Editing; }));
    w->bodyEdit()->moveCursor(QTextCursor::End);
    type(w->bodyEdit(), QStringLiteral(", and the rest."));
    clock->advance(DraftAutosaver::kDefaultDelay);
    settle();
    ASSERT_TRUE(waitUntil([&] { return !work.draftCalls.isEmpty(); }));
    EXPECT_EQ(work.draftCalls.last().replacesDraftId, draft.id);
    EXPECT_TRUE(work.messagesIn(drafts.id).isEmpty()) << "replaced, not a second copy";

    w->send();
    clock->advance(kHold);
    settle();
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().replacesDraftId, draft.id) << "sending removes the draft it came from";
    EXPECT_EQ(work.delivered.first().text, QStringLiteral("Body of Budget notes, and the rest."));
}
