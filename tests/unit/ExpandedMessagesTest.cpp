// The messages the user expanded or collapsed are remembered across runs, newest choices
// kept, in the view-state cache's layout.
#include "cache/ExpandedMessages.h"

#include "Await.h"
#include "cache/ViewStateCache.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::await;
using tributary::test::waitUntil;

namespace {

QString messageId(int n) {
    return QStringLiteral("v1:message:acc:INBOX/%1").arg(n);
}

} // namespace

TEST(ExpandedMessages, ChoicesSurviveARestart) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    {
        ViewStateCache cache(path);
        ASSERT_TRUE(await(cache.open()));
        ExpandedMessages memory(&cache);
        ASSERT_TRUE(waitUntil([&] { return memory.isLoaded(); }));
        memory.remember(messageId(1), true);
        memory.remember(messageId(2), false);
        memory.remember(messageId(1), false); // changed its mind
        ASSERT_TRUE(await(cache.flush()));
    }
    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    ExpandedMessages memory(&cache);
    QSignalSpy loaded(&memory, &ExpandedMessages::loaded);
    ASSERT_TRUE(waitUntil([&] { return loaded.count() == 1; }));
    EXPECT_EQ(memory.isExpanded(messageId(1)), std::optional<bool>(false));
    EXPECT_EQ(memory.isExpanded(messageId(2)), std::optional<bool>(false));
    EXPECT_EQ(memory.isExpanded(messageId(3)), std::nullopt);
}

TEST(ExpandedMessages, KeepsTheNewestChoicesOnly) {
    ExpandedMessages memory(nullptr);
    for (int i = 0; i < ExpandedMessages::kCapacity + 10; ++i)
        memory.remember(messageId(i), true);
    memory.remember(messageId(10), false); // touched again: now among the newest
    memory.remember(messageId(ExpandedMessages::kCapacity + 10), true);
    EXPECT_EQ(memory.isExpanded(messageId(0)), std::nullopt);
    EXPECT_EQ(memory.isExpanded(messageId(10)), std::optional<bool>(false));
    EXPECT_EQ(memory.isExpanded(messageId(11)), std::nullopt);
    EXPECT_EQ(memory.isExpanded(messageId(12)), std::optional<bool>(true));
}

TEST(ExpandedMessages, AChoiceMadeBeforeTheStoredOnesArriveWins) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    {
        ViewStateCache cache(path);
        ASSERT_TRUE(await(cache.open()));
        cache.setLayout(ExpandedMessages::layoutKey(),
                        "+" + messageId(1).toUtf8() + "\n+" + messageId(2).toUtf8() + "\n");
        ASSERT_TRUE(await(cache.flush()));
    }
    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    ExpandedMessages memory(&cache);
    memory.remember(messageId(1), false); // before the stored list was read
    ASSERT_TRUE(waitUntil([&] { return memory.isLoaded(); }));
    EXPECT_EQ(memory.isExpanded(messageId(1)), std::optional<bool>(false));
    EXPECT_EQ(memory.isExpanded(messageId(2)), std::optional<bool>(true));
    ASSERT_TRUE(await(cache.flush()));
    EXPECT_EQ(await(cache.layout(ExpandedMessages::layoutKey())),
              QByteArray("+" + messageId(2).toUtf8() + "\n-" + messageId(1).toUtf8() + "\n"));
}
