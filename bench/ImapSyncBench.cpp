#include "ImapSyncBench.h"

#include "ImapBenchOptions.h"
#include "ProcessMemory.h"
#include "imap/ImapIds.h"
#include "imap/ImapProvider.h"
#include "inbox/InboxStore.h"
#include "provider/EnvSecretSource.h"
#include "util/FutureWait.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>

namespace tributary::bench {

namespace {

constexpr int kTimeoutMs = 10 * 60 * 1000;

int failWith(const QString& what, const QString& detail) {
    std::fprintf(stderr, "imap-sync: %s: %s\n", qUtf8Printable(what), qUtf8Printable(detail));
    return 1;
}

} // namespace

int runImapSync(const ImapBenchOptions& options) {
    const Account account = options.account();
    EnvSecretSource secrets({account});
    ImapProvider provider(account, ProviderContext{&secrets});

    // Not timed: TCP, TLS and LOGIN are the same for every client.
    const auto connected = waitFor(provider.connectAccount(), QDeadlineTimer(kTimeoutMs));
    if (!connected)
        return failWith(QStringLiteral("connecting"), QStringLiteral("timed out"));
    if (!connected->ok())
        return failWith(QStringLiteral("connecting"), connected->error().describe());

    const QString channelId = imap::channelIdFor(account.id, options.folder);
    // The folder list, as the app reads it before listing a folder (not timed): its message
    // count bounds what SyncController reserves for a page.
    const auto channels = waitFor(provider.listChannels(), QDeadlineTimer(kTimeoutMs));
    if (!channels || !channels->ok())
        return failWith(QStringLiteral("listing folders"),
                        channels ? channels->error().describe() : QStringLiteral("timed out"));
    int folderCount = -1;
    for (const Channel& c : channels->value()) {
        if (c.id == channelId)
            folderCount = c.totalCount;
    }
    InboxStore store;
    const double baselineMb = currentRssMb();
    const bool peakReset = resetPeakRss();

    QElapsedTimer timer;
    qint64 waitNs = 0;
    qint64 threadNs = 0;
    int messages = 0;
    int pages = 0;
    // As SyncController::loadPage: request a page, then let the store claim the memory for it
    // while the worker fetches it.
    auto request = [&](const QString& cursor) {
        QFuture<Result<MessagePage>> page =
            provider.listMessages(channelId, PageRequest{options.pageSize, cursor});
        store.reserve(folderCount >= 0 ? std::min(options.pageSize, std::max(0, folderCount - messages))
                                       : options.pageSize);
        return page;
    };
    const double cpuStart = processCpuSeconds();
    timer.start();
    QFuture<Result<MessagePage>> next = request(QString());
    for (;;) {
        const qint64 waitStart = timer.nsecsElapsed();
        const auto page = waitFor(next, QDeadlineTimer(kTimeoutMs));
        waitNs += timer.nsecsElapsed() - waitStart;
        if (!page)
            return failWith(QStringLiteral("listing ") + options.folder, QStringLiteral("timed out"));
        if (!page->ok())
            return failWith(QStringLiteral("listing ") + options.folder, page->error().describe());
        const MessagePage& value = page->value();
        ++pages;
        messages += int(value.messages.size());
        const bool last = value.nextCursor.isEmpty() || value.messages.isEmpty();
        // Pipelined: the worker fetches the next page while this thread threads this one.
        if (!last && !options.sequential)
            next = request(value.nextCursor);
        const qint64 threadStart = timer.nsecsElapsed();
        store.addMessages(value.messages);
        threadNs += timer.nsecsElapsed() - threadStart;
        if (last)
            break;
        if (options.sequential)
            next = request(value.nextCursor);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpuSeconds = processCpuSeconds() - cpuStart;
    // Without a reset, VmHWM may still be a peak from before the timed part: growth over
    // the baseline is then an upper bound.
    const double peakMb = peakRssMb();

    const QJsonObject out{
        {QStringLiteral("messages"), store.messageCount()},
        {QStringLiteral("threads"), store.threadCount()},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("peak_rss_mb"), std::max(0.0, peakMb - baselineMb)},
        {QStringLiteral("baseline_rss_mb"), baselineMb},
        {QStringLiteral("peak_reset"), peakReset},
        {QStringLiteral("listed"), messages},
        {QStringLiteral("pages"), pages},
        {QStringLiteral("page_size"), options.pageSize},
        {QStringLiteral("pipelined"), !options.sequential},
        {QStringLiteral("wait_seconds"), double(waitNs) / 1e9},
        {QStringLiteral("thread_seconds"), double(threadNs) / 1e9},
        {QStringLiteral("cpu_seconds"), cpuSeconds},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}

} // namespace tributary::bench
