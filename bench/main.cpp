// tributary-bench: figures for docs/PERFORMANCE.md. Each subcommand prints one JSON line.
//
//   tributary-bench threading --messages 100000
//       thread N synthetic envelopes through the InboxStore (JWZ + aggregates)
//   tributary-bench cache-load --rows 100000
//       write N rows to a fresh ViewStateCache, reopen it, time the first page and the whole load
//   tributary-bench warm-start --rows 100000
//       the app's start from a ViewStateCache of N rows to the first painted thread list
//   tributary-bench imap-sync --host H --port P --user U --password-env VAR [--tls|--starttls]
//                   [--ca-cert PEM] [--folder F] [--page-size N]
//       list a folder through ImapProvider::listMessages into an InboxStore (bench/imap-sync.sh)
//   tributary-bench imap-fetch-floor (same connection options)
//       the protocol floor of that listing: one raw UID FETCH 1:* of the same items, unparsed
//   tributary-bench hostile-scans [--bytes N] [--case TEXT]
//       scans hostile input could make quadratic, each on N bytes (default 1 MB), in ms;
//       [--input FILE]... times real HTML or mail, repeated to N bytes, through the same scans

#include "HostileInputBench.h"
#include "ImapBenchOptions.h"
#include "ImapFetchFloor.h"
#include "ImapSyncBench.h"
#include "ProcessMemory.h"
#include "SyntheticMailbox.h"
#include "WarmStartBench.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "reader/MessageReader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <cstdio>
#include <memory>

using namespace tributary;

namespace {

template <typename T>
T wait(QFuture<T> future) {
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return future.result();
}

void print(const QJsonObject& o) {
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

int benchThreading(int count) {
    const QList<Message> envelopes = bench::syntheticEnvelopes(count);
    InboxStore store;
    QElapsedTimer timer;
    timer.start();
    store.addMessages(envelopes);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    print({{QStringLiteral("messages"), store.messageCount()},
           {QStringLiteral("threads"), store.threadCount()},
           {QStringLiteral("seconds"), seconds},
           {QStringLiteral("peak_rss_mb"), bench::peakRssMb()}});
    return 0;
}

int benchCacheLoad(int rows) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    {
        ViewStateCache cache(path);
        if (!wait(cache.open()).ok())
            return 1;
        cache.upsertMessages(bench::syntheticEnvelopes(rows));
        if (!wait(cache.close()).ok())
            return 1;
    }
    ViewStateCache cache(path);
    QElapsedTimer timer;
    timer.start();
    if (!wait(cache.open()).ok())
        return 1;
    const QList<Message> firstPage = wait(cache.loadMessages(300));
    const double firstPageMs = double(timer.nsecsElapsed()) / 1e6;
    const QList<Message> all = wait(cache.loadMessages());
    const double allMs = double(timer.nsecsElapsed()) / 1e6;
    print({{QStringLiteral("rows"), int(all.size())},
           {QStringLiteral("first_page_rows"), int(firstPage.size())},
           {QStringLiteral("ms_open_and_first_page"), firstPageMs},
           {QStringLiteral("ms_all_rows"), allMs},
           {QStringLiteral("peak_rss_mb"), bench::peakRssMb()}});
    return 0;
}

//! The window's commands need a QApplication (offscreen without a display); the rest run
//! without a GUI.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv) {
    // hostile-scans: the reader's html-to-text uses QTextDocument, which needs fonts.
    const bool window =
        argc > 1 && (qstrcmp(argv[1], "warm-start") == 0 || qstrcmp(argv[1], "hostile-scans") == 0);
    if (!window)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ui::MessageReader::registerSchemes(); // as the app does, before the application exists
    return std::make_unique<QApplication>(argc, argv);
}

} // namespace

int main(int argc, char** argv) {
    const std::unique_ptr<QCoreApplication> application = makeApplication(argc, argv);
    QCoreApplication& app = *application;
    QLoggingCategory::setFilterRules(QStringLiteral("tributary.*.debug=false\ntributary.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tributary benchmarks; each prints one JSON line."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QStringLiteral("threading | cache-load | warm-start | imap-sync | imap-fetch-floor | hostile-scans"));
    parser.addOption({QStringLiteral("messages"), QStringLiteral("Envelopes to thread."), QStringLiteral("N"),
                      QStringLiteral("100000")});
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Cache rows."), QStringLiteral("N"),
                      QStringLiteral("100000")});
    parser.addOption({QStringLiteral("cache"), QStringLiteral("warm-start-prepare: the cache file to write."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("bytes"), QStringLiteral("hostile-scans: input size per case."),
                      QStringLiteral("N"), QStringLiteral("1048576")});
    parser.addOption({QStringLiteral("case"),
                      QStringLiteral("hostile-scans: only cases whose name contains this."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("input"),
                      QStringLiteral("hostile-scans: a file of real HTML or mail to time too (repeatable)."),
                      QStringLiteral("FILE")});
    bench::addImapOptions(parser);
    parser.process(app);
    const QString command = parser.positionalArguments().value(0);
    if (command == QStringLiteral("threading"))
        return benchThreading(parser.value(QStringLiteral("messages")).toInt());
    if (command == QStringLiteral("cache-load"))
        return benchCacheLoad(parser.value(QStringLiteral("rows")).toInt());
    if (command == QStringLiteral("warm-start"))
        return bench::runWarmStart(parser.value(QStringLiteral("rows")).toInt());
    if (command == QStringLiteral("hostile-scans"))
        return bench::runHostileScans(parser.value(QStringLiteral("bytes")).toLongLong(),
                                      parser.value(QStringLiteral("case")),
                                      parser.values(QStringLiteral("input")));
    if (command == QStringLiteral("warm-start-prepare"))
        return bench::prepareWarmStartCache(parser.value(QStringLiteral("cache")),
                                            parser.value(QStringLiteral("rows")).toInt());
    if (command == QStringLiteral("imap-sync") || command == QStringLiteral("imap-fetch-floor")) {
        QString error;
        const bench::ImapBenchOptions options = bench::imapOptionsFrom(parser, error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "%s: %s\n", qUtf8Printable(command), qUtf8Printable(error));
            return 2;
        }
        return command == QStringLiteral("imap-sync") ? bench::runImapSync(options)
                                                      : bench::runImapFetchFloor(options);
    }
    std::fprintf(stderr, "usage: tributary-bench threading|cache-load|warm-start|imap-sync|imap-fetch-floor|"
                         "hostile-scans [options] (--help lists them)\n");
    return 2;
}
