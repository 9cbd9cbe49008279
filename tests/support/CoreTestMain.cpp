#include "SkipLog.h"

#include <QCoreApplication>
#include <gtest/gtest.h>

// Unit and integration tests: a QCoreApplication so event loops, timers, sockets
// and queued signals work exactly as in the app.
int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    tributary::test::recordSkipsToLog();
    QCoreApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
