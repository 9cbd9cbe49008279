#include "GuiOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

namespace tributary::gui {

GuiOptions parseGuiOptions(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Tributary: every email and chat message in one threaded inbox."));
    const QCommandLineOption accounts(
        QStringLiteral("accounts"),
        QStringLiteral("Use the accounts in this file (secrets from the environment variables it names)."),
        QStringLiteral("file"));
    const QCommandLineOption cache(
        QStringLiteral("cache"), QStringLiteral("The view-state cache file to use."), QStringLiteral("file"));
    const QCommandLineOption noCache(QStringLiteral("no-cache"),
                                     QStringLiteral("Keep nothing on disk this run."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window once synced, then quit."),
                                        QStringLiteral("png"));
    const QCommandLineOption screenshotTimeout(QStringLiteral("screenshot-timeout"),
                                               QStringLiteral("Take the screenshot after at most this many "
                                                              "seconds (default 60)."),
                                               QStringLiteral("seconds"));
    const QCommandLineOption scene(
        QStringLiteral("screenshot-scene"),
        QStringLiteral(
            "What the screenshot shows: thread (default; the newest conversation open), composer "
            "(a reply being written), add-account (the first-run page's account dialog; add-account-manual "
            "with every setting open), welcome "
            "(the first-run page), settings, shortcuts (the keyboard sheet), accounts "
            "(File > Accounts), menu (the Message menu open), search (the list filtered, matches "
            "marked), undo (an archive with its Undo)."),
        QStringLiteral("scene"));
    const QCommandLineOption view(
        QStringLiteral("screenshot-view"),
        QStringLiteral("For the screenshot: the view to show (all, unread, flagged, "
                       "email, chats) or a folder or channel by name."),
        QStringLiteral("view"));
    const QCommandLineOption open(QStringLiteral("screenshot-open"),
                                  QStringLiteral("For the screenshot: open the first conversation whose "
                                                 "subject or snippet contains this text."),
                                  QStringLiteral("text"));
    const QCommandLineOption size(QStringLiteral("screenshot-size"),
                                  QStringLiteral("For the screenshot: the window's size, WIDTHxHEIGHT."),
                                  QStringLiteral("size"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("light, dark or system for this run, over the saved setting."),
        QStringLiteral("theme"));
    const QCommandLineOption help(QStringLiteral("help"), QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOptions({accounts, cache, noCache, screenshot, screenshotTimeout, scene, view, open, size,
                       theme, help, version});

    GuiOptions o;
    // parse(), not process(): Qt and Chromium accept flags of their own that we must not reject.
    if (!parser.parse(arguments)) {
        if (parser.unknownOptionNames().isEmpty()) {
            o.error = parser.errorText();
            return o;
        }
        for (const QString& name : parser.unknownOptionNames())
            o.warnings.append(QStringLiteral("ignoring the unknown option --%1").arg(name));
    }
    QTextStream out(stdout);
    if (parser.isSet(help)) {
        out << parser.helpText();
        o.exitNow = true;
        return o;
    }
    if (parser.isSet(version)) {
        out << "tributary " << QCoreApplication::applicationVersion() << '\n';
        o.exitNow = true;
        return o;
    }
    o.accountsFile = parser.value(accounts);
    o.cacheFile = parser.value(cache);
    o.noCache = parser.isSet(noCache);
    o.screenshotFile = parser.value(screenshot);
    if (parser.isSet(screenshotTimeout)) {
        bool ok = false;
        o.screenshotTimeoutSeconds = parser.value(screenshotTimeout).toInt(&ok);
        if (!ok || o.screenshotTimeoutSeconds <= 0)
            o.error = QStringLiteral("--screenshot-timeout needs a positive number of seconds.");
    }
    o.screenshotScene = parser.isSet(scene) ? parser.value(scene) : QStringLiteral("thread");
    const QStringList scenes{QStringLiteral("thread"),      QStringLiteral("composer"),
                             QStringLiteral("add-account"), QStringLiteral("add-account-manual"),
                             QStringLiteral("welcome"),     QStringLiteral("settings"),
                             QStringLiteral("shortcuts"),   QStringLiteral("accounts"),
                             QStringLiteral("menu"),        QStringLiteral("search"),
                             QStringLiteral("undo"),        QStringLiteral("move"),
                             QStringLiteral("row-menu"),    QStringLiteral("chat-box")};
    if (!scenes.contains(o.screenshotScene))
        o.error = QStringLiteral("--screenshot-scene is one of: %1.").arg(scenes.join(QStringLiteral(", ")));
    o.screenshotView = parser.value(view);
    o.screenshotOpen = parser.value(open);
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        bool okWidth = false;
        bool okHeight = false;
        o.screenshotWidth = parts.value(0).toInt(&okWidth);
        o.screenshotHeight = parts.value(1).toInt(&okHeight);
        if (parts.size() != 2 || !okWidth || !okHeight || o.screenshotWidth < 200 || o.screenshotHeight < 200)
            o.error = QStringLiteral("--screenshot-size is WIDTHxHEIGHT, each at least 200 (e.g. 900x600).");
    }
    o.theme = parser.value(theme);
    if (!o.theme.isEmpty() &&
        !QStringList{QStringLiteral("light"), QStringLiteral("dark"), QStringLiteral("system")}.contains(
            o.theme))
        o.error = QStringLiteral("--theme is light, dark or system.");
    if (!parser.positionalArguments().isEmpty())
        o.error = QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first());
    return o;
}

} // namespace tributary::gui
