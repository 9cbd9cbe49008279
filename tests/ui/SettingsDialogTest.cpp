// Settings apply at once and are kept in the view-state cache.
#include "settings/SettingsDialog.h"

#include "Await.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "notify/Notifier.h"
#include "settings/Theme.h"
#include "sync/SyncController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::await;

TEST(SettingsDialogTest, ChangesApplyAtOnceAndAreRemembered) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    {
        ViewStateCache cache(path);
        ASSERT_TRUE(await(cache.open()));
        InboxStore store;
        SyncController sync(&store, &cache);
        Notifier notifier(&sync, &cache);
        SettingsDialog dialog(&sync, &cache, &notifier);
        QSignalSpy compact(&dialog, &SettingsDialog::compactChanged);

        dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(QStringLiteral("dark")));
        EXPECT_TRUE(paletteIsDark());
        dialog.densityBox()->setCurrentIndex(dialog.densityBox()->findData(QStringLiteral("compact")));
        ASSERT_EQ(compact.count(), 1);
        EXPECT_TRUE(compact.first().at(0).toBool());
        dialog.privacyBox()->setChecked(true);
        EXPECT_TRUE(cache.privacyMode());
        dialog.notificationsBox()->setChecked(false);
        EXPECT_FALSE(notifier.isEnabled());
        QSignalSpy remote(&dialog, &SettingsDialog::remoteContentAlwaysChanged);
        dialog.remoteContentBox()->setCurrentIndex(
            dialog.remoteContentBox()->findData(QStringLiteral("always")));
        ASSERT_EQ(remote.count(), 1);
        EXPECT_TRUE(remote.first().at(0).toBool());
        ASSERT_TRUE(await(cache.flush()));
    }
    applyTheme(Theme::System);

    // The next run finds them.
    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    EXPECT_EQ(await(cache.setting(SettingsDialog::themeKey()))->toString(), QStringLiteral("dark"));
    EXPECT_EQ(await(cache.setting(SettingsDialog::densityKey()))->toString(), QStringLiteral("compact"));
    EXPECT_EQ(await(cache.setting(SettingsDialog::remoteContentKey()))->toString(), QStringLiteral("always"));
    EXPECT_FALSE(await(cache.setting(Notifier::enabledKey()))->toBool());
    EXPECT_TRUE(cache.privacyMode());
    InboxStore store;
    SyncController sync(&store, &cache);
    SettingsDialog again(&sync, &cache, nullptr);
    ASSERT_TRUE(tributary::test::waitUntil(
        [&] { return again.themeBox()->currentData().toString() == QLatin1String("dark"); }));
    EXPECT_EQ(again.densityBox()->currentData().toString(), QStringLiteral("compact"));
}

TEST(SettingsDialogTest, ReadingSettingsApplyAtOnceAndAreRemembered) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    {
        ViewStateCache cache(path);
        ASSERT_TRUE(await(cache.open()));
        SettingsDialog dialog(nullptr, &cache, nullptr);
        QSignalSpy changed(&dialog, &SettingsDialog::readingSettingsChanged);
        EXPECT_FALSE(dialog.markReadDelayBox()->isEnabled()) << "the delay only matters for 'after a delay'";
        dialog.markReadBox()->setCurrentIndex(dialog.markReadBox()->findData(QStringLiteral("delay")));
        EXPECT_TRUE(dialog.markReadDelayBox()->isEnabled());
        dialog.markReadDelayBox()->setValue(5);
        dialog.afterMoveBox()->setCurrentIndex(dialog.afterMoveBox()->findData(QStringLiteral("next")));
        ASSERT_EQ(changed.count(), 3);
        const auto last = changed.last().at(0).value<ReadingSettings>();
        EXPECT_EQ(last.markRead, ReadingSettings::MarkRead::AfterDelay);
        EXPECT_EQ(last.markReadDelaySecs, 5);
        EXPECT_EQ(last.afterMove, ReadingSettings::AfterMove::OpenNext);
        ASSERT_TRUE(await(cache.flush()));
    }
    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    EXPECT_EQ(await(cache.setting(ReadingSettings::markReadKey()))->toString(), QStringLiteral("delay"));
    EXPECT_EQ(ReadingSettings::delayFromValue(*await(cache.setting(ReadingSettings::markReadDelayKey()))), 5);
    SettingsDialog again(nullptr, &cache, nullptr);
    ASSERT_TRUE(tributary::test::waitUntil(
        [&] { return again.afterMoveBox()->currentData().toString() == QLatin1String("next"); }));
    EXPECT_EQ(again.markReadBox()->currentData().toString(), QStringLiteral("delay"));
    EXPECT_EQ(again.markReadDelayBox()->value(), 5);
}
