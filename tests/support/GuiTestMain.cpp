#include "SkipLog.h"
#include "reader/MessageReader.h"

#include <QApplication>
#include <gtest/gtest.h>

// UI tests. gtest_discover_tests runs this binary without the test environment,
// so the platform and WebEngine settings are defaulted here, not in the caller.
int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // QtWebEngine refuses to start as root with its sandbox on (CI runs as root).
    if (qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    ::testing::InitGoogleTest(&argc, argv);
    tributary::test::recordSkipsToLog();
    // The message reader's URL schemes must be known to QtWebEngine before it starts.
    tributary::ui::MessageReader::registerSchemes();
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
