// A chat transcript scrolls like a chat (issue 13 §4): it opens at the first unread message
// (at the bottom when everything is read), and scrolling it to the top pages in the channel's
// older history once (SyncController::loadOlder → the provider's next page), showing it above
// without moving what the user is reading.

#include "Await.h"
#include "ConversationView.h"
#include "FakeInboxProvider.h"
#include "MainWindow.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadingEngine.h"
#include "reader/ChatGroup.h"
#include "sync/SyncController.h"

#include <QScrollArea>
#include <QScrollBar>
#include <cstdlib>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::drainEvents;
using tributary::test::FakeInboxProvider;
using tributary::test::waitUntil;

namespace {

constexpr int kDeadlineMs = 20000;
constexpr int kPage = 30;

//! A chat account that pages its history as Slack does: newest first, `limit` at a time, the
//! cursor naming where the next older page starts. Every listMessages call is recorded.
class PagedChat : public FakeInboxProvider {
public:
    PagedChat()
        : FakeInboxProvider(QStringLiteral("team"), QStringLiteral("Team chat"), QColor(0x8e, 0x44, 0xad)) {
        caps = Capability::ChatChannels | Capability::Flags | Capability::MarkChannelRead;
    }

    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest& request) override {
        requests.append(request);
        QList<Message> all;
        for (const Message& m : std::as_const(messages)) {
            if (m.channelId == channelId)
                all.append(m);
        }
        std::sort(all.begin(), all.end(),
                  [](const Message& a, const Message& b) { return a.activityAt() > b.activityAt(); });
        const int from = request.cursor.isEmpty() ? 0 : request.cursor.toInt();
        MessagePage page;
        page.messages = all.mid(from, request.limit);
        if (from + request.limit < all.size())
            page.nextCursor = QString::number(from + request.limit);
        return readyResult<MessagePage>(page);
    }

    int olderRequests() const {
        int n = 0;
        for (const PageRequest& r : requests)
            n += r.cursor.isEmpty() ? 0 : 1;
        return n;
    }

    QList<PageRequest> requests;
};

SyncController::Options pagedOptions() {
    SyncController::Options o;
    o.firstPageSize = kPage;
    o.pageSize = kPage;
    o.backfillLimit = kPage; // older history only when the reader asks for it
    return o;
}

//! #general with 90 messages a minute apart, Bob and Carol taking turns (one bubble group
//! each); the newest `unread` are unread.
class ChatScrollTest : public ::testing::Test {
protected:
    explicit ChatScrollTest()
        : sync(&store, nullptr, pagedOptions()) {}

    void fill(int unread) {
        general = chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
        chat.channels.last().name = general.name = QStringLiteral("general");
        for (int i = 0; i < 90; ++i) {
            const int minutesAgo = 10 * (90 - i); // ten minutes apart: no two in one group
            const Message m = chat.addMessage(
                general, {}, i % 2 ? QStringLiteral("Bob") : QStringLiteral("Carol"), minutesAgo,
                QStringLiteral("Message number %1").arg(i), ConversationKind::Chat);
            if (i < 90 - unread)
                chat.messages.last().flags |= MessageFlag::Read;
            ids.append(m.id);
        }
        // Mail that fills the list: a list with room left pages in every account's history
        // to fill it, which a chat (one row however long) never does.
        const Channel inbox = mail.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        for (int i = 0; i < kPage; ++i)
            mail.addMessage(inbox, QStringLiteral("Report %1").arg(i), QStringLiteral("Dan"), 5 + i,
                            QStringLiteral("Figures"));
        sync.addProvider(&mail);
        sync.addProvider(&chat);
        sync.start();
        ASSERT_TRUE(waitUntil([&] { return store.messageCount() == 2 * kPage; }, kDeadlineMs))
            << store.messageCount();
        window = std::make_unique<MainWindow>(&sync, &store);
        window->resize(1200, 800);
        window->show();
        drainEvents();
        ASSERT_EQ(chat.requests.size(), 1) << "one page, the newest";
        const QString conversation = ThreadingEngine::chatConversationId(general.accountId, general.id);
        ASSERT_TRUE(waitUntil([&] { return window->selectThread(conversation); }, kDeadlineMs));
        ASSERT_TRUE(waitUntil([&] { return bubbles() == kPage; }, kDeadlineMs)) << bubbles();
    }

    int bubbles() const {
        int n = 0;
        for (const ChatGroup* g : view()->chatGroups())
            n += g->bubbleCount();
        return n;
    }

    //! Where the bubble group of message `index` is, in the visible part of the transcript (-1:
    //! not built).
    int topInViewport(int index) const {
        for (ChatGroup* g : view()->chatGroups()) {
            if (g->messageIds().contains(ids.at(index)))
                return g->mapTo(scroll()->viewport(), QPoint(0, 0)).y();
        }
        return -1'000'000;
    }
    int rowHeight(int index) const {
        for (ChatGroup* g : view()->chatGroups()) {
            if (g->messageIds().contains(ids.at(index)))
                return g->height();
        }
        return 0;
    }

    ConversationView* view() const { return window->conversationView(); }
    QScrollArea* scroll() const { return view()->findChild<QScrollArea*>(); }
    QScrollBar* bar() const { return scroll()->verticalScrollBar(); }

    FakeInboxProvider mail{QStringLiteral("work"), QStringLiteral("Work")};
    PagedChat chat;
    Channel general;
    QStringList ids; //!< oldest first
    InboxStore store;
    SyncController sync;
    std::unique_ptr<MainWindow> window;
};

} // namespace

TEST_F(ChatScrollTest, OpensAtTheFirstUnreadMessage) {
    ASSERT_NO_FATAL_FAILURE(fill(20)); // of the 30 loaded, the newest 20 are unread
    const int firstUnread = 70;
    const int viewport = scroll()->viewport()->height();
    ASSERT_TRUE(waitUntil(
        [&] {
            const int y = topInViewport(firstUnread);
            return bar()->maximum() > 0 && y >= 0 && y < viewport / 3;
        },
        kDeadlineMs))
        << "first unread at " << topInViewport(firstUnread) << " of " << viewport << ", scrolled "
        << bar()->value() << "/" << bar()->maximum();
    EXPECT_LT(topInViewport(firstUnread - 1), topInViewport(firstUnread)) << "what was read is above";
    EXPECT_LT(bar()->value(), bar()->maximum()) << "not at the bottom: reading starts at the unread";
    drainEvents(); // the conversation is read at the provider meanwhile: reading stays put
    const int y = topInViewport(firstUnread);
    EXPECT_GE(y, 0);
    EXPECT_LT(y, viewport / 3);
}

TEST_F(ChatScrollTest, OpensAtTheBottomWhenEverythingIsRead) {
    ASSERT_NO_FATAL_FAILURE(fill(0));
    ASSERT_TRUE(
        waitUntil([&] { return bar()->maximum() > 0 && bar()->value() == bar()->maximum(); }, kDeadlineMs))
        << bar()->value() << "/" << bar()->maximum();
    const int last = topInViewport(89);
    EXPECT_GE(last, 0);
    EXPECT_LT(last + rowHeight(89), scroll()->viewport()->height() + 1) << "the newest message is in view";
}

TEST_F(ChatScrollTest, ScrollingToTheTopPagesInOlderHistoryOnceAndKeepsTheReadingPosition) {
    ASSERT_NO_FATAL_FAILURE(fill(0));
    ASSERT_TRUE(
        waitUntil([&] { return bar()->maximum() > 0 && bar()->value() == bar()->maximum(); }, kDeadlineMs));
    const int oldestLoaded = 90 - kPage;

    // The user drags the transcript to its top, twice before the page comes.
    bar()->triggerAction(QAbstractSlider::SliderToMinimum);
    bar()->triggerAction(QAbstractSlider::SliderToMinimum);
    ASSERT_EQ(bar()->value(), 0);
    const int before = topInViewport(oldestLoaded);
    ASSERT_GE(before, 0) << "the oldest loaded message is in view at the top";

    ASSERT_TRUE(waitUntil([&] { return chat.olderRequests() == 1; }, kDeadlineMs));
    EXPECT_EQ(chat.requests.last().cursor, QString::number(kPage)) << "the page after the one shown";
    ASSERT_TRUE(waitUntil([&] { return bubbles() == 2 * kPage; }, kDeadlineMs)) << bubbles();
    drainEvents();
    EXPECT_EQ(chat.olderRequests(), 1) << "asked once";
    EXPECT_EQ(chat.requests.size(), 2);

    // The older messages are above what the user read, and what they read has not moved.
    EXPECT_GT(bar()->value(), 0) << "still reading where they were, not at the new top";
    const int after = topInViewport(oldestLoaded);
    EXPECT_LE(std::abs(after - before), rowHeight(oldestLoaded))
        << "moved from " << before << " to " << after << " (a row is " << rowHeight(oldestLoaded) << ")";
    EXPECT_LT(topInViewport(oldestLoaded - 1), after) << "the older message shows above";
}
