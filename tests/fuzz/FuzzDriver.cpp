// libFuzzer's entry points for one target, chosen at compile time (TRIBUTARY_FUZZ_TARGET_FN,
// set per executable by CMakeLists.txt). Built only in the fuzz tree.

#include "FuzzTargets.h"

#include <QGuiApplication>

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    // Qt's decoders and QUrl want an application object; a GUI one, as in the app:
    // offscreen, no display needed. libFuzzer's own arguments are not
    // Qt's, so it gets an argv of its own.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "tributary-fuzz";
    static char* argv[] = {name, nullptr};
    static QGuiApplication app(argc, argv);
    // The parsers log what they reject (qCInfo); per input that is noise and time.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    tributary::fuzz::TRIBUTARY_FUZZ_TARGET_FN(data, size);
    return 0;
}
