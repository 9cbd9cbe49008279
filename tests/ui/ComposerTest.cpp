// The composer window, offscreen: (a) its behaviour against an in-memory provider, and
// (b) the issue's end-to-end flow against the local Dovecot and Postfix: open a thread in
// the real main window, reply from the composer, and find the reply in the sender's Inbox.
#include "../unit/FakeClock.h"
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "ImapTestSupport.h"
#include "MainWindow.h"
#include "cache/ViewStateCache.h"
#include "compose/AddressList.h"
#include "compose/AttachmentChip.h"
#include "compose/AttachmentTray.h"
#include "compose/ComposerWindow.h"
#include "compose/DraftAutosaver.h"
#include "compose/FormatBar.h"
#include "compose/Outbox.h"
#include "compose/RecipientEdit.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>
#include <QUrl>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeClock;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

Account mailAccount(const QString& id, const QString& name, const QString& address, QColor colour) {
    Account a;
    a.id = id;
    a.providerId = QStringLiteral("fake");
    a.displayName = name;
    a.colour = colour;
    a.settings = {{QStringLiteral("emailAddress"), address},
                  {QStringLiteral("fullName"), QStringLiteral("Me Myself")}};
    return a;
}

//! Writes the widget as a PNG into $TRIBUTARY_UI_SHOTS_DIR, when set (for review).
void snapshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_UI_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    widget->grab().save(dir + QStringLiteral("/") + name + QStringLiteral(".png"));
}

Participant person(const QString& name, const QString& address) {
    return Participant{address, name, {}};
}

class ComposerTest : public ::testing::Test {
protected:
    ComposerTest()
        : work(mailAccount(QStringLiteral("work"), QStringLiteral("Work"), QStringLiteral("me@work.example"),
                           QColor(0x3d, 0x8b, 0xf2)))
        , home(mailAccount(QStringLiteral("home"), QStringLiteral("Home"), QStringLiteral("me@home.example"),
                           QColor(0x2e, 0xb8, 0x72)))
        , sync(&store, nullptr) {
        for (FakeProvider* p : {&work, &home}) {
            p->sending = true;
            p->drafts = true;
        }
        workInbox = work.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        homeInbox = home.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        sync.addProvider(&work);
        sync.addProvider(&home);
        Outbox::Options options;
        options.retry.random = [] {
            return 0.0;
        };
        outbox =
            std::make_unique<Outbox>([this](const QString& id) { return sync.provider(id); }, clock, options);
        services = ComposerServices{&sync, &store, outbox.get(), nullptr, clock};

        // People seen in mail, so the address fields can offer them.
        original = message(work, workInbox, QStringLiteral("Quarterly numbers"),
                           person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org")),
                           {person(QStringLiteral("Me Myself"), QStringLiteral("me@work.example")),
                            person(QStringLiteral("Bob Jones"), QStringLiteral("bob@example.org"))});
        store.addMessages(
            {original, message(home, homeInbox, QStringLiteral("Dinner"),
                               person(QStringLiteral("Carol White"), QStringLiteral("carol@example.net")),
                               {person(QStringLiteral("Me Myself"), QStringLiteral("me@home.example"))})});
        original = *store.message(original.id);
    }

    //! A message in the fake provider (for bodies) with these people.
    static Message message(FakeProvider& provider, const Channel& channel, const QString& subject,
                           const Participant& from, const QList<Participant>& to) {
        Message m = provider.addMessages(channel, 1, true).first();
        m.subject = subject;
        m.author = from;
        m.to = to;
        m.snippet = subject;
        provider.replaceMessage(m);
        return m;
    }

    std::unique_ptr<ComposerWindow> window() {
        auto w = std::make_unique<ComposerWindow>(services);
        w->setCloseDelay(20);
        return w;
    }

    static void typeInto(QWidget* widget, const QString& text) {
        widget->setFocus();
        QTest::keyClicks(widget, text);
    }

    //! A file of `size` bytes in the temporary folder.
    QString makeFile(const QString& name, int size) {
        const QString path = files.filePath(name);
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(size, 'x'));
        return path;
    }

    static void dropFiles(QWidget* target, const QStringList& paths) {
        QMimeData data;
        QList<QUrl> urls;
        for (const QString& p : paths)
            urls.append(QUrl::fromLocalFile(p));
        data.setUrls(urls);
        data.setText(urls.first().toString()); // as file managers do: a text field would take it
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(target, &enter);
        ASSERT_TRUE(enter.isAccepted());
        QDragMoveEvent move(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(target, &move);
        QDropEvent drop(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(target, &drop);
        ASSERT_TRUE(drop.isAccepted());
    }

    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    FakeProvider work;
    FakeProvider home;
    Channel workInbox;
    Channel homeInbox;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<Outbox> outbox;
    ComposerServices services;
    Message original;
    QTemporaryDir files;
};

} // namespace

TEST_F(ComposerTest, AddressFieldsCompleteFromPeopleSeen) {
    auto w = window();
    w->beginNew();
    w->show();
    RecipientEdit* to = w->toEdit();

    typeInto(to, QStringLiteral("smi")); // part of a name
    QCompleter* completer = to->suggestions();
    ASSERT_TRUE(waitUntil([&] { return completer->popup()->isVisible(); }));
    EXPECT_EQ(completer->currentCompletion(), QStringLiteral("Ann Smith <ann@example.org>"));
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    EXPECT_EQ(to->text(), QStringLiteral("Ann Smith <ann@example.org>, "));

    typeInto(to, QStringLiteral("example.net")); // part of an address, a second recipient
    ASSERT_TRUE(waitUntil([&] { return completer->popup()->isVisible(); }));
    EXPECT_EQ(completer->completionCount(), 1);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    EXPECT_EQ(
        to->recipients(),
        (QList<Participant>{person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org")),
                            person(QStringLiteral("Carol White"), QStringLiteral("carol@example.net"))}));

    // Nobody matches: nothing is offered, and what is typed stays.
    typeInto(to, QStringLiteral("zed@"));
    EXPECT_FALSE(completer->popup()->isVisible());
    EXPECT_EQ(to->recipients().size(), 2);
}

TEST_F(ComposerTest, BccIsBehindItsToggle) {
    auto w = window();
    w->beginNew();
    w->show();
    EXPECT_FALSE(w->bccEdit()->isVisible());
    EXPECT_FALSE(w->ccEdit()->isVisible());
    QList<QToolButton*> buttons = w->findChildren<QToolButton*>();
    QToolButton* bcc = nullptr;
    for (QToolButton* b : buttons) {
        if (b->accessibleName() == QLatin1String("Show Bcc"))
            bcc = b;
    }
    ASSERT_NE(bcc, nullptr);
    QTest::mouseClick(bcc, Qt::LeftButton);
    EXPECT_TRUE(w->bccEdit()->isVisible());
    EXPECT_FALSE(bcc->isVisible());
    typeInto(w->bccEdit(), QStringLiteral("hidden@example.org"));
    typeInto(w->toEdit(), QStringLiteral("bob@example.org"));
    EXPECT_EQ(w->message().bcc, (QList<Participant>{person({}, QStringLiteral("hidden@example.org"))}));
}

TEST_F(ComposerTest, SendIsDisabledUntilThereIsARecipient) {
    auto w = window();
    w->beginNew();
    w->show();
    typeInto(w->bodyEdit(), QStringLiteral("Hello there"));
    EXPECT_FALSE(w->sendAction()->isEnabled());
    EXPECT_FALSE(w->sendButton()->isEnabled());
    EXPECT_EQ(w->sendAction()->toolTip(), QStringLiteral("Add a recipient to send"));

    w->send(); // refused without a recipient
    EXPECT_TRUE(outbox->isEmpty());

    typeInto(w->toEdit(), QStringLiteral("not an address"));
    EXPECT_FALSE(w->sendAction()->isEnabled());
    w->toEdit()->clear();
    typeInto(w->toEdit(), QStringLiteral("Bob <bob@example.org>"));
    EXPECT_TRUE(w->sendAction()->isEnabled());
    EXPECT_TRUE(w->sendButton()->isEnabled());
}

TEST_F(ComposerTest, DroppingFilesAddsAttachmentChips) {
    auto w = window();
    w->beginNew();
    w->show();
    const QString report = makeFile(QStringLiteral("report.pdf"), 2048);
    const QString photo = makeFile(QStringLiteral("photo.jpg"), 10);
    const QString notes = makeFile(QStringLiteral("notes.txt"), 5);

    dropFiles(w.get(), {report});
    AttachmentTray* tray = w->attachmentTray();
    ASSERT_EQ(tray->count(), 1);
    ASSERT_TRUE(waitUntil([&] { return !tray->isLoading(); }));
    ASSERT_EQ(tray->attachments().size(), 1);
    EXPECT_EQ(tray->attachments().first().fileName, QStringLiteral("report.pdf"));
    EXPECT_EQ(tray->attachments().first().mimeType, QStringLiteral("application/pdf"));
    EXPECT_EQ(tray->attachments().first().data.size(), 2048);
    EXPECT_EQ(tray->chips().first()->detailText(),
              QLocale().formattedDataSize(2048, 1, QLocale::DataSizeTraditionalFormat));
    EXPECT_TRUE(tray->isVisible());

    // Onto the body, and onto the To field: attachments, not text.
    dropFiles(w->bodyEdit()->viewport(), {photo});
    dropFiles(w->toEdit(), {notes});
    ASSERT_TRUE(waitUntil([&] { return tray->attachments().size() == 3; }));
    EXPECT_TRUE(w->bodyEdit()->toPlainText().isEmpty());
    EXPECT_TRUE(w->toEdit()->text().isEmpty());

    // A chip's remove button takes it out.
    QTest::mouseClick(tray->chips().first()->removeButton(), Qt::LeftButton);
    ASSERT_EQ(tray->count(), 2);
    typeInto(w->toEdit(), QStringLiteral("bob@example.org"));
    const OutgoingMessage m = w->message();
    ASSERT_EQ(m.attachments.size(), 2);
    EXPECT_EQ(m.attachments[0].fileName, QStringLiteral("photo.jpg"));
    EXPECT_EQ(m.attachments[1].fileName, QStringLiteral("notes.txt"));
}

TEST_F(ComposerTest, PendingThenSentThenTheWindowCloses) {
    work.holdSends = true;
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->show();
    typeInto(w->toEdit(), QStringLiteral("bob@example.org"));
    typeInto(w->subjectEdit(), QStringLiteral("Lunch"));
    typeInto(w->bodyEdit(), QStringLiteral("Noon?"));
    QList<OutboxState> seen;
    QObject::connect(outbox.get(), &Outbox::stateChanged,
                     [&](const QString&, OutboxState state, const QString&) { seen.append(state); });

    QTest::mouseClick(w->sendButton(), Qt::LeftButton);
    EXPECT_EQ(seen, (QList<OutboxState>{OutboxState::Pending, OutboxState::Sending}));
    EXPECT_EQ(w->phase(), ComposerWindow::Phase::Sending);
    EXPECT_EQ(w->statusText(), QStringLiteral("Sending…"));
    EXPECT_TRUE(w->bodyEdit()->isReadOnly());
    EXPECT_FALSE(w->sendAction()->isEnabled());

    ASSERT_TRUE(work.releaseSend());
    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Sent; }));
    EXPECT_EQ(w->statusText(), QStringLiteral("Sent"));
    ASSERT_EQ(work.delivered.size(), 1);
    const OutgoingMessage& sent = work.delivered.first();
    EXPECT_EQ(sent.kind, SendKind::New);
    EXPECT_EQ(sent.clientId, w->clientId());
    EXPECT_EQ(sent.from, person(QStringLiteral("Me Myself"), QStringLiteral("me@work.example")));
    EXPECT_EQ(sent.subject, QStringLiteral("Lunch"));
    EXPECT_EQ(sent.text, QStringLiteral("Noon?"));
    EXPECT_TRUE(sent.html.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return !w->isVisible(); }));
}

TEST_F(ComposerTest, AFailureKeepsTheTextAndShowsTheReasonWithRetry) {
    work.sendErrors = {ProviderError::auth(QStringLiteral("The server rejected the password."))};
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->show();
    typeInto(w->toEdit(), QStringLiteral("bob@example.org"));
    typeInto(w->bodyEdit(), QStringLiteral("Words I do not want to lose."));
    QTest::mouseClick(w->sendButton(), Qt::LeftButton);

    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Failed; }));
    EXPECT_EQ(w->statusText(), QStringLiteral("Could not send: The server rejected the password."));
    EXPECT_TRUE(w->retryButton()->isVisible());
    EXPECT_EQ(w->bodyEdit()->toPlainText(), QStringLiteral("Words I do not want to lose."));
    EXPECT_FALSE(w->bodyEdit()->isReadOnly());
    EXPECT_TRUE(w->isVisible());
    ASSERT_TRUE(outbox->entry(w->clientId()).has_value());
    EXPECT_EQ(outbox->entry(w->clientId())->message.text, QStringLiteral("Words I do not want to lose."));
    EXPECT_TRUE(work.delivered.isEmpty());

    // Signed in again; an edit, then Retry sends what is written now, once.
    typeInto(w->bodyEdit(), QStringLiteral(" Really."));
    QTest::mouseClick(w->retryButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Sent; }));
    ASSERT_EQ(work.delivered.size(), 1);
    EXPECT_EQ(work.delivered.first().text, QStringLiteral("Words I do not want to lose. Really."));
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(ComposerTest, CtrlReturnSends) {
    auto w = window();
    w->beginNew(QStringLiteral("home"));
    w->show();
    w->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(w.get()));
    typeInto(w->toEdit(), QStringLiteral("carol@example.net"));
    typeInto(w->bodyEdit(), QStringLiteral("Hi"));
    QTest::keyClick(w->bodyEdit(), Qt::Key_Return, Qt::ControlModifier);
    ASSERT_TRUE(waitUntil([&] { return home.delivered.size() == 1; }));
    EXPECT_EQ(home.delivered.first().text, QStringLiteral("Hi"));
    EXPECT_TRUE(work.delivered.isEmpty());
}

TEST_F(ComposerTest, ReplyQuotesTheOriginalAndThreadsFromItsAccount) {
    auto w = window();
    w->beginReply(original.id, SendKind::ReplyAll);
    w->show();
    ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Editing; }));
    EXPECT_EQ(w->accountId(), QStringLiteral("work")); // the account of the message replied to
    EXPECT_EQ(w->toEdit()->recipients(),
              (QList<Participant>{person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org")),
                                  person(QStringLiteral("Bob Jones"), QStringLiteral("bob@example.org"))}));
    EXPECT_EQ(w->subjectEdit()->text(), QStringLiteral("Re: Quarterly numbers"));
    EXPECT_TRUE(w->bodyEdit()->toPlainText().contains(QStringLiteral("> Body of Quarterly numbers")));
    EXPECT_TRUE(w->sendAction()->isEnabled());

    QTest::keyClicks(w->bodyEdit(), QStringLiteral("Thanks, all good."));
    EXPECT_TRUE(w->bodyEdit()->toPlainText().startsWith(QStringLiteral("Thanks, all good.")));
    w->send();
    ASSERT_TRUE(waitUntil([&] { return work.delivered.size() == 1; }));
    const OutgoingMessage& sent = work.delivered.first();
    EXPECT_EQ(sent.kind, SendKind::ReplyAll);
    EXPECT_EQ(sent.inReplyToId, original.id);
    EXPECT_EQ(sent.inReplyToHeader, original.messageIdHeader);
    EXPECT_EQ(sent.referencesHeader, QStringList{original.messageIdHeader});
}

TEST_F(ComposerTest, ForwardBringsTheOriginalsAttachments) {
    Attachment a;
    a.id = QStringLiteral("2");
    a.fileName = QStringLiteral("numbers.csv");
    a.mimeType = QStringLiteral("text/csv");
    a.size = 12;
    Message withAttachment = original;
    withAttachment.attachments = {a};
    withAttachment.hasAttachments = true;
    work.replaceMessage(withAttachment);
    work.attachmentBytes.insert(QStringLiteral("2"), QByteArrayLiteral("q1,q2\n10,20\n"));

    auto w = window();
    w->beginReply(original.id, SendKind::Forward);
    w->show();
    ASSERT_TRUE(
        waitUntil([&] { return !w->attachmentTray()->isLoading() && w->attachmentTray()->count() == 1; }));
    EXPECT_EQ(w->subjectEdit()->text(), QStringLiteral("Fwd: Quarterly numbers"));
    EXPECT_TRUE(w->toEdit()->recipients().isEmpty());
    EXPECT_FALSE(w->sendAction()->isEnabled());
    const QList<OutgoingAttachment> attached = w->attachmentTray()->attachments();
    ASSERT_EQ(attached.size(), 1);
    EXPECT_EQ(attached.first(), (OutgoingAttachment{QStringLiteral("numbers.csv"), QStringLiteral("text/csv"),
                                                    QByteArrayLiteral("q1,q2\n10,20\n")}));
}

TEST_F(ComposerTest, RichTextSendsHtmlAndAPlainAlternative) {
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->show();
    EXPECT_FALSE(w->formatBar()->isVisible());
    w->richTextAction()->trigger();
    EXPECT_TRUE(w->isRichText());
    EXPECT_TRUE(w->formatBar()->isVisible());

    QTextEdit* body = w->bodyEdit();
    w->formatBar()->boldAction()->trigger();
    typeInto(body, QStringLiteral("Agenda"));
    w->formatBar()->boldAction()->trigger();
    QTest::keyClick(body, Qt::Key_Return);
    w->formatBar()->bulletsAction()->trigger();
    QTest::keyClicks(body, QStringLiteral("budget"));
    QTest::keyClick(body, Qt::Key_Return);
    QTest::keyClicks(body, QStringLiteral("hiring"));
    QTest::keyClick(body, Qt::Key_Return);
    w->formatBar()->bulletsAction()->trigger(); // out of the list again
    QTest::keyClicks(body, QStringLiteral("See "));
    w->formatBar()->applyLink(QStringLiteral("https://example.org/plan"));

    const OutgoingMessage m = w->message();
    EXPECT_TRUE(m.html.contains(QStringLiteral("font-weight")));
    EXPECT_TRUE(m.html.contains(QStringLiteral("<ul")));
    EXPECT_TRUE(m.html.contains(QStringLiteral("href=\"https://example.org/plan\"")));
    EXPECT_FALSE(m.html.contains(QStringLiteral("qrichtext")));
    EXPECT_EQ(m.text, QStringLiteral("Agenda\n- budget\n- hiring\nSee https://example.org/plan"));

    // Back to plain: the structure stays readable.
    w->richTextAction()->trigger();
    EXPECT_FALSE(w->isRichText());
    EXPECT_TRUE(w->message().html.isEmpty());
    EXPECT_EQ(w->message().text, QStringLiteral("Agenda\n- budget\n- hiring\nSee https://example.org/plan"));
}

TEST_F(ComposerTest, DraftsAutosaveThroughTheProvider) {
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->show();
    typeInto(w->toEdit(), QStringLiteral("bob@example.org"));
    typeInto(w->bodyEdit(), QStringLiteral("Half a thought"));
    EXPECT_TRUE(work.draftCalls.isEmpty());
    clock->advance(std::chrono::seconds(2));
    ASSERT_TRUE(waitUntil([&] { return work.savedDrafts.contains(w->clientId()); }));
    EXPECT_EQ(work.savedDrafts.value(w->clientId()).text, QStringLiteral("Half a thought"));
    EXPECT_TRUE(w->draftStatusText().startsWith(QStringLiteral("Saved at ")));

    // Another From: the draft follows the account.
    w->fromPicker()->setCurrentIndex(w->fromPicker()->findData(QStringLiteral("home")));
    clock->advance(std::chrono::seconds(2));
    ASSERT_TRUE(waitUntil([&] { return home.savedDrafts.contains(w->clientId()); }));

    // Its draft is current: closing needs no question.
    w->close();
    EXPECT_FALSE(w->isVisible());
    EXPECT_EQ(w->closePrompt(), nullptr);
}

TEST_F(ComposerTest, ClosingWithUnsavedTextAsksToSaveOrDiscard) {
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->show();
    typeInto(w->bodyEdit(), QStringLiteral("Unsaved words"));
    w->close();
    ASSERT_NE(w->closePrompt(), nullptr);
    EXPECT_TRUE(w->isVisible());

    // Cancel: back to writing.
    w->closePrompt()->button(QMessageBox::Cancel)->click();
    EXPECT_TRUE(w->isVisible());
    ASSERT_TRUE(waitUntil([&] { return w->closePrompt() == nullptr; }));

    // Save: the draft goes through the provider, then the window closes.
    w->close();
    ASSERT_NE(w->closePrompt(), nullptr);
    w->closePrompt()->button(QMessageBox::Save)->click();
    ASSERT_TRUE(waitUntil([&] { return !w->isVisible(); }));
    EXPECT_EQ(work.savedDrafts.value(w->clientId()).text, QStringLiteral("Unsaved words"));
}

TEST_F(ComposerTest, DiscardClosesWithoutSaving) {
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->show();
    typeInto(w->bodyEdit(), QStringLiteral("Never mind"));
    w->close();
    ASSERT_NE(w->closePrompt(), nullptr);
    w->closePrompt()->button(QMessageBox::Discard)->click();
    ASSERT_TRUE(waitUntil([&] { return !w->isVisible(); }));
    clock->advance(std::chrono::seconds(5));
    EXPECT_TRUE(work.draftCalls.isEmpty());
}

TEST_F(ComposerTest, ChatThreadReplyHasNoAddressFields) {
    Channel general = work.addChannel(QStringLiteral("general"));
    Message chat = work.addMessages(general, 1).first();
    chat.kind = ConversationKind::Chat;
    chat.subject.clear();
    chat.text = QStringLiteral("Anyone for lunch?");
    store.addMessages({chat});
    const QString threadId = store.message(chat.id)->threadId;

    auto w = window();
    ASSERT_TRUE(w->beginChatReply(threadId));
    w->show();
    EXPECT_FALSE(w->toEdit()->isVisible());
    EXPECT_FALSE(w->subjectEdit()->isVisible());
    EXPECT_FALSE(w->sendAction()->isEnabled()); // nothing written yet
    typeInto(w->bodyEdit(), QStringLiteral("Me!"));
    EXPECT_TRUE(w->sendAction()->isEnabled());
    w->send();
    ASSERT_TRUE(waitUntil([&] { return work.delivered.size() == 1; }));
    const OutgoingMessage& sent = work.delivered.first();
    EXPECT_EQ(sent.kind, SendKind::ThreadReply);
    EXPECT_EQ(sent.channelId, general.id);
    EXPECT_EQ(sent.inReplyToId, chat.id);
    EXPECT_TRUE(sent.to.isEmpty());
    EXPECT_TRUE(sent.subject.isEmpty());
}

TEST_F(ComposerTest, AFailedMessageCanBeReopenedFromTheOutbox) {
    work.sendErrors = {ProviderError::invalid(QStringLiteral("The recipient was refused."))};
    {
        auto w = window();
        w->beginNew(QStringLiteral("work"));
        typeInto(w->toEdit(), QStringLiteral("bob@example.org"));
        typeInto(w->bodyEdit(), QStringLiteral("Kept safe"));
        w->send();
        ASSERT_TRUE(waitUntil([&] { return w->phase() == ComposerWindow::Phase::Failed; }));
        const QString id = w->clientId();
        w.reset(); // the window went away; the outbox still has the message

        QPointer<ComposerWindow> again = ComposerWindow::fromOutbox(services, id);
        ASSERT_FALSE(again.isNull());
        EXPECT_EQ(again->phase(), ComposerWindow::Phase::Failed);
        EXPECT_EQ(again->bodyEdit()->toPlainText(), QStringLiteral("Kept safe"));
        EXPECT_EQ(again->statusText(), QStringLiteral("Could not send: The recipient was refused."));
        again->retry();
        ASSERT_TRUE(waitUntil([&] { return again.isNull(); })); // sent, closed, deleted
        EXPECT_EQ(work.delivered.size(), 1);
    }
}

TEST_F(ComposerTest, RemembersTheLastFromAccount) {
    QTemporaryDir dir;
    ViewStateCache cache(dir.filePath(QStringLiteral("viewstate.sqlite3")));
    auto opened = tributary::test::await(cache.open());
    ASSERT_TRUE(opened && opened->ok());
    services.cache = &cache;

    auto first = window();
    first->beginNew();
    EXPECT_EQ(first->accountId(), QStringLiteral("work")); // nothing remembered: the first account
    first->fromPicker()->setCurrentIndex(first->fromPicker()->findData(QStringLiteral("home")));
    typeInto(first->toEdit(), QStringLiteral("carol@example.net"));
    first->send();
    ASSERT_TRUE(waitUntil([&] { return home.delivered.size() == 1; }));

    auto next = window();
    next->beginNew();
    ASSERT_TRUE(waitUntil([&] { return next->accountId() == QLatin1String("home"); }));

    // A reply still comes from the account of the message replied to.
    auto reply = window();
    reply->beginReply(original.id, SendKind::Reply);
    ASSERT_TRUE(waitUntil([&] { return reply->phase() == ComposerWindow::Phase::Editing; }));
    EXPECT_EQ(reply->accountId(), QStringLiteral("work"));
    services.cache = nullptr;
}

TEST(AddressListTest, ReadsNamesQuotesAndSeparators) {
    const ParsedAddresses parsed = parseAddressList(
        QStringLiteral("Ann Smith <ann@example.org>; bob@example.org, \"Doe, Jo\" <jo@example.org>,, oops"));
    EXPECT_EQ(parsed.people,
              (QList<Participant>{person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org")),
                                  person({}, QStringLiteral("bob@example.org")),
                                  person(QStringLiteral("Doe, Jo"), QStringLiteral("jo@example.org"))}));
    EXPECT_EQ(parsed.invalid, QStringList{QStringLiteral("oops")});
    EXPECT_EQ(formatAddress(person(QStringLiteral("Doe, Jo"), QStringLiteral("jo@example.org"))),
              QStringLiteral("\"Doe, Jo\" <jo@example.org>"));
    EXPECT_EQ(parseAddressList(formatAddressList(parsed.people)).people, parsed.people);
    EXPECT_FALSE(isEmailAddress(QStringLiteral("no spaces@example.org")));
    EXPECT_FALSE(isEmailAddress(QStringLiteral("missing-at.example.org")));
    // The address under the cursor, for completion: between separators outside quotes.
    const QString text = QStringLiteral("\"Doe, Jo\" <jo@example.org>, ann");
    EXPECT_EQ(addressSpanAt(text, int(text.size())), std::make_pair(int(text.size()) - 3, int(text.size())));
    EXPECT_EQ(addressSpanAt(text, 3), std::make_pair(0, int(text.indexOf(QLatin1Char('>'))) + 1));
}

TEST_F(ComposerTest, EveryStateReadsWell) {
    // A new rich message with people, formatting and attachments, its draft saved.
    auto w = window();
    w->beginNew(QStringLiteral("work"));
    w->resize(760, 560);
    w->show();
    typeInto(w->toEdit(), QStringLiteral("Ann Smith <ann@example.org>, Bob Jones <bob@example.org>"));
    w->setCcVisible(true);
    typeInto(w->ccEdit(), QStringLiteral("carol@example.net"));
    typeInto(w->subjectEdit(), QStringLiteral("Offsite agenda"));
    w->richTextAction()->trigger();
    QTextEdit* body = w->bodyEdit();
    typeInto(body, QStringLiteral("Hi both,"));
    QTest::keyClick(body, Qt::Key_Return);
    QTest::keyClick(body, Qt::Key_Return);
    QTest::keyClicks(body, QStringLiteral("Here is the plan for "));
    w->formatBar()->boldAction()->trigger();
    QTest::keyClicks(body, QStringLiteral("Thursday"));
    w->formatBar()->boldAction()->trigger();
    QTest::keyClicks(body, QStringLiteral(":"));
    QTest::keyClick(body, Qt::Key_Return);
    w->formatBar()->bulletsAction()->trigger();
    QTest::keyClicks(body, QStringLiteral("Budget review"));
    QTest::keyClick(body, Qt::Key_Return);
    QTest::keyClicks(body, QStringLiteral("Hiring plan"));
    w->attachFiles({makeFile(QStringLiteral("Q3 budget.xlsx"), 48 * 1024),
                    makeFile(QStringLiteral("venue-map.pdf"), 1300 * 1024),
                    makeFile(QStringLiteral("notes.txt"), 900)});
    ASSERT_TRUE(waitUntil([&] { return w->attachmentTray()->attachments().size() == 3; }));
    clock->advance(std::chrono::seconds(2));
    ASSERT_TRUE(waitUntil([&] { return !w->draftStatusText().isEmpty(); }));
    EXPECT_TRUE(w->sendAction()->isEnabled());
    snapshot(w.get(), QStringLiteral("composer-new-rich"));

    // A reply with its quote.
    auto reply = window();
    reply->beginReply(original.id, SendKind::Reply);
    reply->resize(760, 560);
    reply->show();
    ASSERT_TRUE(waitUntil([&] { return reply->phase() == ComposerWindow::Phase::Editing; }));
    QTest::keyClicks(reply->bodyEdit(), QStringLiteral("Thanks Ann, the numbers look right to me."));
    snapshot(reply.get(), QStringLiteral("composer-reply"));

    // A failure: the reason and Retry, the text still there.
    work.sendErrors = {ProviderError::auth(
        QStringLiteral("The server rejected the password for me@work.example. Sign in again in Accounts."))};
    reply->send();
    ASSERT_TRUE(waitUntil([&] { return reply->phase() == ComposerWindow::Phase::Failed; }));
    EXPECT_TRUE(reply->retryButton()->isVisible());
    snapshot(reply.get(), QStringLiteral("composer-failed"));
}

// -- (b) end to end -----------------------------------------------------------------------

TEST(ComposerEndToEndTest, ReplyFromTheMainWindowReachesTheSendersInbox) {
    TRIBUTARY_REQUIRE_SERVERS();
    using namespace tributary::test;
    const TestEnv& env = TestEnv::get();
    const QString marker = uniqueMarker();
    const QString originalId = marker + QStringLiteral(".lunch@tributary.test");
    QByteArray raw;
    raw += "From: Bob <" + env.address(QStringLiteral("bob")).toUtf8() + ">\r\n";
    raw += "To: Alice <" + env.address(QStringLiteral("alice")).toUtf8() + ">\r\n";
    raw += "Subject: Lunch " + marker.toUtf8() + "\r\n";
    raw += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n";
    raw += "Message-ID: <" + originalId.toUtf8() + ">\r\n";
    raw += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    raw += "Shall we have lunch on Friday?\r\n";
    ASSERT_TRUE(deliverRaw(QStringLiteral("alice"), raw));

    ImapFixture alice = makeImapProvider(env.imapAccount(QStringLiteral("alice")));
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(alice.provider.get());
    Outbox outbox(&sync);
    MainWindow main(&sync, &store);
    main.show();
    sync.start();

    // The thread arrives in the window; open it there.
    QString threadId;
    QString messageId;
    ASSERT_TRUE(waitUntil(
        [&] {
            for (const Thread& t : store.threads()) {
                if (t.subject.contains(marker)) {
                    threadId = t.id;
                    messageId = t.messageIds.last();
                }
            }
            return !threadId.isEmpty();
        },
        60000));
    ASSERT_TRUE(waitUntil([&] { return main.selectThread(threadId); }, 20000));

    const ComposerServices services{&sync, &store, &outbox, nullptr, nullptr};
    QPointer<ComposerWindow> composer = ComposerWindow::reply(services, messageId, SendKind::Reply);
    ASSERT_TRUE(
        waitUntil([&] { return composer && composer->phase() == ComposerWindow::Phase::Editing; }, 30000));
    EXPECT_EQ(composer->toEdit()->recipients().size(), 1);
    EXPECT_EQ(composer->toEdit()->recipients().first().address, env.address(QStringLiteral("bob")));
    EXPECT_EQ(composer->subjectEdit()->text(), QStringLiteral("Re: Lunch ") + marker);
    EXPECT_TRUE(
        composer->bodyEdit()->toPlainText().contains(QStringLiteral("> Shall we have lunch on Friday?")));

    QTest::keyClicks(composer->bodyEdit(), QStringLiteral("Friday works, see you at noon."));
    bool sentSeen = false;
    QObject::connect(composer.data(), &ComposerWindow::sent, [&] { sentSeen = true; });
    QTest::mouseClick(composer->sendButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil(
        [&] { return composer.isNull() || composer->phase() != ComposerWindow::Phase::Sending; }, 90000));
    if (composer) {
        ASSERT_NE(composer->phase(), ComposerWindow::Phase::Failed) << composer->statusText().toStdString();
    }
    ASSERT_TRUE(waitUntil([&] { return composer.isNull(); }, 10000)) << "the window closes once sent";
    EXPECT_TRUE(sentSeen);

    // Bob has it: "Re: " subject, In-Reply-To the original, the reply above the quote.
    ImapFixture bob = makeImapProvider(env.imapAccount(QStringLiteral("bob")));
    auto channels = await(bob.provider->listChannels());
    ASSERT_TRUE(channels && channels->ok());
    const Channel bobInbox = channelWithRole(channels->value(), ChannelRole::Inbox);
    const QList<Message> found = waitForMarker(*bob.provider, bobInbox, marker, 1, 60000);
    ASSERT_EQ(found.size(), 1);
    EXPECT_EQ(found.first().subject, QStringLiteral("Re: Lunch ") + marker);
    EXPECT_EQ(found.first().inReplyTo, originalId);
    EXPECT_EQ(found.first().author.address, env.address(QStringLiteral("alice")));
    auto body = await(bob.provider->fetchBody(found.first().id));
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().text.startsWith(QStringLiteral("Friday works, see you at noon.")))
        << body->value().text.toStdString();
    EXPECT_TRUE(body->value().text.contains(QStringLiteral("> Shall we have lunch on Friday?")));
}
