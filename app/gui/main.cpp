// tributary: the desktop window.

#include "GuiApp.h"
#include "GuiOptions.h"
#include "Icons.h"
#include "Resources.h"
#include "reader/MessageReader.h"
#include "util/Logging.h"
#include "util/ProcessHardening.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QTextStream>
#include <cstdio>

int main(int argc, char** argv) {
    // First of all, before QtWebEngine starts its helper processes (they inherit the core
    // size limit of 0): this process will hold passwords, tokens and message bodies.
    const QString unhardened = tributary::disableCoreDumps();
    // cid: (a message's inline parts) must be registered before the application exists.
    tributary::ui::MessageReader::registerSchemes();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tributary"));
    QApplication::setApplicationVersion(QStringLiteral(TRIBUTARY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("tributary"));

    const tributary::gui::GuiOptions options = tributary::gui::parseGuiOptions(QApplication::arguments());
    QTextStream err(stderr);
    if (!unhardened.isEmpty())
        err << "tributary: could not turn core dumps off (" << unhardened << ").\n";
    for (const QString& warning : options.warnings)
        err << "tributary: " << warning << '\n';
    if (options.exitNow)
        return 0;
    if (!options.error.isEmpty()) {
        err << "tributary: " << options.error << "\nRun \"tributary --help\" for usage.\n";
        return 2;
    }

    // Diagnostics only when asked for (QT_LOGGING_RULES), never a flood on a user's terminal.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("tributary.*.debug=false"));

    tributary::ui::initResources();
    QApplication::setWindowIcon(tributary::ui::icons::application());
    app.setStyleSheet(tributary::ui::styleSheet());

    tributary::gui::GuiApp gui(options);
    QString error;
    if (!gui.start(&error)) {
        err << "tributary: " << error << '\n';
        return 2;
    }
    return app.exec();
}
