// Team triage in the window (issue 13 §3): the triage bar in the reader only where the
// conversation's account can triage (never for IMAP-like mail or Slack-like chat), assigning
// from it, the assignee mark on list rows, the snooze presets, adding an internal note, and
// the smart views in the sidebar. A fake help desk (FakeTriageProvider) does the triage.

#include "triage/TriageBar.h"

#include "Await.h"
#include "ConversationView.h"
#include "FakeTriageProvider.h"
#include "MainWindow.h"
#include "SidebarModel.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "inbox/TriageBook.h"
#include "sync/SyncController.h"
#include "triage/AssigneeMark.h"
#include "triage/NotesPanel.h"
#include "triage/SnoozePresets.h"
#include "triage/TriageController.h"

#include <QDir>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QToolButton>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using namespace tributary::test;

namespace {

const Assignee kAnn{Assignee::Kind::Person, QStringLiteral("u-ann"), QStringLiteral("Ann Lee"), false};

//! A help desk, an IMAP-like mail account and a Slack-like chat account in one window.
struct Desk {
    Desk()
        : desk(QStringLiteral("desk"), QStringLiteral("Help desk"))
        , mail(QStringLiteral("work"), QStringLiteral("Work"))
        , chat(QStringLiteral("team"), QStringLiteral("Team chat"), QColor(0x8e, 0x44, 0xad))
        , sync(&store, nullptr)
        , window(&sync, &store) {
        chat.caps = Capability::ChatChannels | Capability::Flags;
        const Channel queue = desk.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        refund =
            desk.addConversation(queue, QStringLiteral("Refund for order 1182"), QStringLiteral("Kim Chen"),
                                 4, QStringLiteral("Hello, the blender arrived broken. Can I get a refund?"));
        login = desk.addConversation(queue, QStringLiteral("Cannot log in since Monday"),
                                     QStringLiteral("Lee Ortiz"), 30,
                                     QStringLiteral("The password reset mail never arrives."), kAnn);
        const Channel inbox = mail.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        letter = mail.addMessage(inbox, QStringLiteral("Quarterly report"), QStringLiteral("Pat"), 8,
                                 QStringLiteral("Numbers attached."));
        const Channel general =
            chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
        line = chat.addMessage(general, QString(), QStringLiteral("Bob"), 12, QStringLiteral("Standup in 5"),
                               ConversationKind::Chat);
        sync.addProvider(&desk);
        sync.addProvider(&mail);
        sync.addProvider(&chat);
        window.resize(1280, 760);
        window.show();
        sync.start();
        ready = waitUntil([this] {
            return window.threadView()->model()->rowCount() == 4 &&
                   !store.thread(threadOf(refund)).value_or(Thread{}).id.isEmpty() &&
                   sync.triageBook()->size() == 2;
        });
    }

    QString threadOf(const Message& m) const {
        const auto held = store.message(m.id);
        return held ? held->threadId : QString();
    }
    TriageBar* bar() const { return window.triage()->bar(); }
    NotesPanel* notes() const { return window.triage()->notes(); }
    bool open(const Message& m) { return window.selectThread(threadOf(m)); }
    QAction* menuAction(QToolButton* button, const QString& text) const {
        QMenu* menu = button->menu();
        emit menu->aboutToShow(); // built as it opens
        for (QAction* a : menu->actions()) {
            if (a->text().startsWith(text))
                return a;
        }
        return nullptr;
    }
    QModelIndex listIndex(const Message& m) const {
        auto* model = window.threadView()->model();
        for (int r = 0; r < model->rowCount(); ++r) {
            const QModelIndex i = model->index(r, 0);
            if (i.data(ThreadListModel::ThreadIdRole).toString() == threadOf(m))
                return i;
        }
        return {};
    }

    FakeTriageProvider desk;
    FakeInboxProvider mail;
    FakeInboxProvider chat;
    InboxStore store;
    SyncController sync;
    MainWindow window;
    Message refund, login, letter, line;
    bool ready = false;
};

bool hasColour(const QImage& image, const QRect& area, const QColor& colour) {
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) < 8 && std::abs(c.green() - colour.green()) < 8 &&
                std::abs(c.blue() - colour.blue()) < 8)
                return true;
        }
    }
    return false;
}

} // namespace

TEST(TriageBar, ShownOnlyWhereTheAccountCanTriage) {
    Desk d;
    ASSERT_TRUE(d.ready);
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    for (QToolButton* b :
         {d.bar()->assignButton(), d.bar()->statusButton(), d.bar()->snoozeButton(), d.bar()->noteButton()})
        EXPECT_TRUE(b->isVisibleTo(d.bar())) << b->objectName().toStdString();

    // IMAP-like mail and Slack-like chat report no triage capability: no bar, no notes.
    ASSERT_TRUE(d.open(d.letter));
    EXPECT_TRUE(waitUntil([&] { return !d.bar()->isVisibleTo(&d.window); }));
    EXPECT_FALSE(d.notes()->isVisibleTo(&d.window));
    ASSERT_TRUE(d.open(d.line));
    ASSERT_TRUE(waitUntil([&] { return d.window.conversationView()->threadId() == d.threadOf(d.line); }));
    EXPECT_FALSE(d.bar()->isVisibleTo(&d.window));

    // An account with only some of triage shows only those buttons.
    d.desk.caps = Capability::Folders | Capability::Assign;
    ASSERT_TRUE(d.open(d.login));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    EXPECT_TRUE(d.bar()->assignButton()->isVisibleTo(d.bar()));
    EXPECT_FALSE(d.bar()->statusButton()->isVisibleTo(d.bar()));
    EXPECT_FALSE(d.bar()->snoozeButton()->isVisibleTo(d.bar()));
    EXPECT_FALSE(d.bar()->noteButton()->isVisibleTo(d.bar()));
}

TEST(TriageBar, AssignFromTheBarMarksTheRow) {
    Desk d;
    ASSERT_TRUE(d.ready);
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    EXPECT_EQ(d.bar()->assignButton()->text(), QStringLiteral("Assign ▾"));
    // The menu is built as it opens: each look rebuilds it, so an action is used at once.
    ASSERT_TRUE(waitUntil([&] { return d.menuAction(d.bar()->assignButton(), QStringLiteral("Billing")); }));
    EXPECT_TRUE(d.menuAction(d.bar()->assignButton(), QStringLiteral("Me (Robin Park)")));
    QAction* ann = d.menuAction(d.bar()->assignButton(), QStringLiteral("Ann Lee"));
    ASSERT_TRUE(ann);
    ann->trigger();

    // At once in the bar and the row, then at the provider.
    EXPECT_EQ(d.bar()->assignButton()->text(), QStringLiteral("Assigned to Ann Lee ▾"));
    const QModelIndex row = d.listIndex(d.refund);
    EXPECT_EQ(row.data(ThreadListModel::AssigneeRole).toString(), QStringLiteral("Ann Lee"));
    ASSERT_TRUE(waitUntil([&] { return d.desk.assignCalls == 1; }));
    EXPECT_EQ(d.desk.triage.value(conversationIdOf(d.refund)).assignee.id, QStringLiteral("u-ann"));

    // The row paints the mark: Ann's badge colour appears in it.
    QListView* list = d.window.threadView();
    QTest::qWait(0);
    const QImage shot = list->viewport()->grab().toImage();
    const QRect rowRect = list->visualRect(row);
    const qreal dpr = shot.devicePixelRatio();
    const QRect scaled(QPoint(int(rowRect.left() * dpr), int(rowRect.top() * dpr)),
                       QPoint(int(rowRect.right() * dpr), int(rowRect.bottom() * dpr)));
    EXPECT_TRUE(hasColour(shot, scaled,
                          AssigneeMark{QStringLiteral("Ann Lee"), QStringLiteral("u-ann"), false}.colour()));
    const QModelIndex mailRow = d.listIndex(d.letter);
    EXPECT_TRUE(mailRow.data(ThreadListModel::AssigneeRole).toString().isEmpty());

    // Unassign is offered now, and takes it back.
    QAction* none = d.menuAction(d.bar()->assignButton(), QStringLiteral("Unassign"));
    ASSERT_TRUE(none && none->isEnabled());
    none->trigger();
    EXPECT_EQ(d.bar()->assignButton()->text(), QStringLiteral("Assign ▾"));
}

TEST(TriageBar, RefusedAssignSaysWhyAndPutsItBack) {
    Desk d;
    ASSERT_TRUE(d.ready);
    ASSERT_TRUE(d.open(d.refund));
    QAction* ann = nullptr;
    ASSERT_TRUE(
        waitUntil([&] { return (ann = d.menuAction(d.bar()->assignButton(), QStringLiteral("Ann Lee"))); }));
    QSignalSpy failed(&d.sync, &SyncController::actionFailed);
    d.desk.refuseNext = ProviderError::auth(QStringLiteral("Your help desk session expired."));
    ann->trigger();
    ASSERT_TRUE(waitUntil([&] { return failed.size() == 1; }));
    EXPECT_EQ(d.bar()->assignButton()->text(), QStringLiteral("Assign ▾"));
    EXPECT_TRUE(d.listIndex(d.refund).data(ThreadListModel::AssigneeRole).toString().isEmpty());
}

TEST(TriageBar, SnoozePresets) {
    // Tuesday 8 December 2026, 10:20 local time.
    const QDateTime tuesday(QDate(2026, 12, 8), QTime(10, 20));
    const QList<SnoozePreset> presets = snoozePresets(tuesday);
    ASSERT_EQ(presets.size(), 3);
    EXPECT_EQ(presets[0].until, QDateTime(QDate(2026, 12, 8), QTime(14, 0)));
    EXPECT_TRUE(presets[0].label.startsWith(QStringLiteral("Later today")));
    EXPECT_EQ(presets[1].until, QDateTime(QDate(2026, 12, 9), QTime(9, 0)));
    EXPECT_TRUE(presets[1].label.startsWith(QStringLiteral("Tomorrow")));
    EXPECT_EQ(presets[2].until, QDateTime(QDate(2026, 12, 14), QTime(9, 0)));
    EXPECT_TRUE(presets[2].label.startsWith(QStringLiteral("Next week")));
    // In the evening "later today" is gone; on a Monday next week is a week on.
    EXPECT_EQ(snoozePresets(QDateTime(QDate(2026, 12, 8), QTime(19, 0))).size(), 2);
    const QList<SnoozePreset> monday = snoozePresets(QDateTime(QDate(2026, 12, 14), QTime(8, 0)));
    EXPECT_EQ(monday.last().until, QDateTime(QDate(2026, 12, 21), QTime(9, 0)));
    EXPECT_EQ(monday.first().until, QDateTime(QDate(2026, 12, 14), QTime(11, 0))); // on the hour already

    // From the bar: Tomorrow snoozes the conversation at the provider.
    Desk d;
    ASSERT_TRUE(d.ready);
    d.bar()->setClock([tuesday] { return tuesday; });
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    EXPECT_TRUE(d.menuAction(d.bar()->snoozeButton(), QStringLiteral("Pick a date and time")));
    QAction* tomorrow = d.menuAction(d.bar()->snoozeButton(), QStringLiteral("Tomorrow"));
    ASSERT_TRUE(tomorrow);
    tomorrow->trigger();
    ASSERT_TRUE(waitUntil([&] {
        return d.desk.triage.value(conversationIdOf(d.refund)).snoozeUntil ==
               QDateTime(QDate(2026, 12, 9), QTime(9, 0));
    }));
    EXPECT_EQ(d.desk.triage.value(conversationIdOf(d.refund)).status, TriageStatus::Waiting);
    EXPECT_TRUE(d.bar()->snoozeButton()->text().startsWith(QStringLiteral("Until")))
        << d.bar()->snoozeButton()->text().toStdString();
    EXPECT_TRUE(d.bar()->statusButton()->text().startsWith(QStringLiteral("Snoozed until")));
}

TEST(TriageBar, AddNoteShowsAnInternalNoteCard) {
    Desk d;
    ASSERT_TRUE(d.ready);
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    EXPECT_FALSE(d.notes()->isVisibleTo(&d.window)); // no notes yet, no editor
    QTest::mouseClick(d.bar()->noteButton(), Qt::LeftButton);
    ASSERT_TRUE(d.notes()->isEditorOpen());
    EXPECT_FALSE(d.notes()->saveButton()->isEnabled());
    QTest::keyClicks(d.notes()->editor(), QStringLiteral("Refund approved by finance, send label"));
    ASSERT_TRUE(d.notes()->saveButton()->isEnabled());
    QTest::mouseClick(d.notes()->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return d.notes()->cards().size() == 1; }));
    EXPECT_FALSE(d.notes()->isEditorOpen());
    EXPECT_EQ(d.desk.notes.value(conversationIdOf(d.refund)).size(), 1);
    const QList<QLabel*> labels = d.notes()->cards().first()->findChildren<QLabel*>();
    QStringList texts;
    for (QLabel* l : labels)
        texts.append(l->text());
    EXPECT_TRUE(texts.contains(QStringLiteral("Internal note · only your team sees this")))
        << texts.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(texts.contains(QStringLiteral("Refund approved by finance, send label")));
    // A teammate's note arrives live; notes load again when the conversation is reopened.
    d.desk.teammateAddsNote(conversationIdOf(d.refund), QStringLiteral("Label sent"));
    EXPECT_EQ(d.notes()->cards().size(), 2);
    ASSERT_TRUE(d.open(d.login));
    ASSERT_TRUE(waitUntil([&] { return d.notes()->cards().isEmpty(); }));
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.notes()->cards().size() == 2; }));
}

TEST(TriageBar, NoteHalfWrittenSurvivesSwitchingConversations) {
    Desk d;
    ASSERT_TRUE(d.ready);
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    QTest::mouseClick(d.bar()->noteButton(), Qt::LeftButton);
    QTest::keyClicks(d.notes()->editor(), QStringLiteral("Half a thought"));
    ASSERT_TRUE(d.open(d.letter));
    ASSERT_TRUE(waitUntil([&] { return !d.bar()->isVisibleTo(&d.window); }));
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.notes()->isEditorOpen(); }));
    EXPECT_EQ(d.notes()->editor()->toPlainText(), QStringLiteral("Half a thought"));
}

TEST(TriageBar, SmartViewsInTheSidebar) {
    Desk d;
    ASSERT_TRUE(d.ready);
    SidebarModel* sidebar = d.window.sidebarModel();
    ASSERT_TRUE(sidebar->hasTriageViews());
    EXPECT_EQ(sidebar->indexForView(UnifiedView::AssignedToMe).data().toString(),
              QStringLiteral("Assigned to me"));
    d.window.selectView(UnifiedView::Unassigned);
    EXPECT_EQ(d.window.threadView()->model()->rowCount(), 1); // the desk's, not the mail or chat
    d.window.selectView(UnifiedView::Open);
    EXPECT_EQ(d.window.threadView()->model()->rowCount(), 2);
    d.window.selectView(UnifiedView::AssignedToMe);
    EXPECT_EQ(d.window.threadView()->model()->rowCount(), 0);
    d.desk.teammateAssigns(conversationIdOf(d.login), Assignee{Assignee::Kind::Person, QStringLiteral("u-me"),
                                                               QStringLiteral("Robin Park"), false});
    EXPECT_EQ(d.window.threadView()->model()->rowCount(), 1);

    // Without a triage account there are no smart views.
    d.sync.removeProvider(QStringLiteral("desk"));
    EXPECT_FALSE(sidebar->hasTriageViews());
}

// The picture of docs/screenshots/triage-bar.png (with TRIBUTARY_SCREENSHOT_DIR set): a
// support conversation assigned to the user, snoozed, with a teammate's note, next to mail
// and chat rows; the list marks who has each conversation.
TEST(TriageBar, Looks) {
    Desk d;
    ASSERT_TRUE(d.ready);
    ASSERT_TRUE(d.open(d.refund));
    ASSERT_TRUE(waitUntil([&] { return d.bar()->isVisibleTo(&d.window); }));
    QAction* me = nullptr;
    ASSERT_TRUE(
        waitUntil([&] { return (me = d.menuAction(d.bar()->assignButton(), QStringLiteral("Me"))); }));
    me->trigger();
    d.desk.teammateAddsNote(
        conversationIdOf(d.refund),
        QStringLiteral("Finance approved the refund. Kim prefers store credit if we can offer it."));
    ASSERT_TRUE(waitUntil([&] { return d.notes()->cards().size() == 1; }));
    EXPECT_EQ(d.bar()->assignButton()->text(), QStringLiteral("Assigned to you ▾"));
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QTest::qWait(200); // let the cards lay out
    d.window.grab().save(dir + QStringLiteral("/triage-bar.png"));
}
