// The chat message box against the Slack emulator (tests/emulators/slack) behind `prism proxy`
// with Slack's description, as tests/integration/Slack* do: a message typed in the box, with a
// mention picked from the completion, is posted once with chat.postMessage and shows in the
// channel, the mention as Slack's "<@U…>" (so Slack renders it as the person's name).

#include "ConversationView.h"
#include "MainWindow.h"
#include "SlackTestBed.h"
#include "chat/ChatInput.h"
#include "chat/ChatPendingList.h"
#include "compose/Outbox.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QListWidget>
#include <QTest>
#include <QTextEdit>
#include <gtest/gtest.h>

namespace tributary::test {

namespace {

using namespace slackbed;
using ui::MainWindow;

TEST(ChatInputSlack, ATypedMessageIsPostedOnceAndShowsInTheChannel) {
    if (!SlackTestBed::available())
        TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    SlackTestBed bed;
    std::unique_ptr<SlackProvider> slack = bed.make();
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(slack.get());
    Outbox outbox([&](const QString& id) { return sync.provider(id); }, nullptr, Outbox::Options{});
    MainWindow window(&sync, &store);
    window.setOutbox(&outbox);
    window.resize(1200, 800);
    window.show();
    sync.start();
    const auto inGeneral = [&] {
        QList<Message> out;
        for (const QString& id : sync.loadedMessageIds(channelId(kGeneral)))
            if (const auto m = store.message(id))
                out.append(*m);
        return out;
    };
    ASSERT_TRUE(waitUntil([&] { return window.selectChannel(channelId(kGeneral)); }, 30000));
    QString thread;
    ASSERT_TRUE(waitUntil(
        [&] {
            for (const Message& m : inGeneral()) {
                thread = m.threadId;
                return true;
            }
            return false;
        },
        30000))
        << "#general loads";
    ASSERT_TRUE(window.selectThread(thread));
    ui::ChatInput* box = window.chatInput();
    ASSERT_TRUE(waitUntil([&] { return box->isVisible(); }));
    EXPECT_EQ(box->editor()->placeholderText(), QStringLiteral("Message #general"));
    box->editor()->setFocus();

    const QString mark = marker();
    QTest::keyClicks(box->editor(), QStringLiteral("Box post ") + mark + QStringLiteral(" cc @bo"));
    ASSERT_TRUE(box->suggestions()->isVisible());
    ASSERT_GE(box->suggestions()->count(), 1);
    EXPECT_EQ(box->suggestions()->item(0)->text(), QStringLiteral("Bob Ellison")) << "users.list's people";
    QTest::keyClick(box->editor(), Qt::Key_Tab);
    QTest::keyClick(box->editor(), Qt::Key_Return);

    // The provider's copy replaces the pending one (fetched at once after the post).
    std::optional<Message> posted;
    ASSERT_TRUE(waitUntil(
        [&] {
            for (const Message& m : inGeneral()) {
                if (m.snippet.contains(mark))
                    posted = m;
            }
            return posted.has_value() && window.chatPending()->count() == 0;
        },
        30000))
        << window.chatPending()->lines().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(posted->flags.testFlag(MessageFlag::FromMe));
    EXPECT_TRUE(posted->snippet.contains(QStringLiteral("@Bob Ellison"))) << posted->snippet.toStdString();
    EXPECT_FALSE(posted->snippet.contains(QStringLiteral("&lt;"))) << "the mention is not escaped as text";
    EXPECT_EQ(bed.calls(QStringLiteral("/chat.postMessage")), 1) << "posted once";
    EXPECT_TRUE(outbox.isEmpty());

    // What Slack itself has: one message with the marker, the mention in its syntax.
    auto page = await(slack->listMessages(channelId(kGeneral), PageRequest{50, {}}), 30000);
    ASSERT_TRUE(page && page->ok());
    int copies = 0;
    for (const Message& m : page->value().messages)
        copies += m.snippet.contains(mark) ? 1 : 0;
    EXPECT_EQ(copies, 1);
    auto body = await(slack->fetchBody(posted->id), 30000);
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().text.contains(QStringLiteral("@Bob Ellison")))
        << body->value().text.toStdString();
}

} // namespace

} // namespace tributary::test
