#include "WarmStartBench.h"

#include "MainWindow.h"
#include "ProcessMemory.h"
#include "SyntheticMailbox.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QProcess>
#include <QPromise>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <optional>

namespace tributary::bench {

namespace {

//! The cached account, whose server has not answered yet: every call stays pending.
class SilentProvider : public Provider {
public:
    SilentProvider()
        : Provider(Account{QStringLiteral("bench"),
                           QStringLiteral("bench"),
                           QStringLiteral("Bench"),
                           QColor(0x2f, 0x6f, 0xde),
                           {}}) {}
    Capabilities capabilities() const override { return Capability::Folders; }
    QFuture<Result<void>> connectAccount() override { return pending<void>(); }
    QFuture<Result<QList<Channel>>> listChannels() override { return pending<QList<Channel>>(); }
    QFuture<Result<MessagePage>> listMessages(const QString&, const PageRequest&) override {
        return pending<MessagePage>();
    }
    QFuture<Result<Message>> fetchBody(const QString&) override { return pending<Message>(); }
    QFuture<Result<SendReceipt>> send(const OutgoingMessage&) override { return pending<SendReceipt>(); }

private:
    template <typename T>
    QFuture<Result<T>> pending() {
        auto promise = std::make_shared<QPromise<Result<T>>>();
        promise->start();
        m_pending.append(promise); // kept unfinished until the provider goes
        return promise->future();
    }
    QList<std::shared_ptr<void>> m_pending;
};

//! Notes the end of the first paint of a viewport that shows rows.
class PaintWatch : public QObject {
public:
    PaintWatch(QAbstractItemView* view, QElapsedTimer* clock)
        : m_view(view)
        , m_clock(clock) {
        view->viewport()->installEventFilter(this);
    }
    std::optional<double> paintedMs;
    int rowsAtPaint = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !paintedMs && m_view->model()->rowCount() > 0) {
            const int rows = m_view->model()->rowCount();
            // Zero-timer: runs once this paint has finished.
            QTimer::singleShot(0, this, [this, rows] {
                if (!paintedMs) {
                    paintedMs = double(m_clock->nsecsElapsed()) / 1e6;
                    rowsAtPaint = rows;
                }
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QAbstractItemView* m_view;
    QElapsedTimer* m_clock;
};

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

template <typename T>
T wait(QFuture<T> future) {
    waitFor([&] { return future.isFinished(); }, 600000);
    return future.result();
}

} // namespace

int prepareWarmStartCache(const QString& path, int rows) {
    ViewStateCache cache(path);
    if (!wait(cache.open()).ok())
        return 1;
    Channel inbox;
    inbox.id = makeId(IdKind::Channel, QStringLiteral("bench"), QStringLiteral("INBOX"));
    inbox.accountId = QStringLiteral("bench");
    inbox.nativeId = QStringLiteral("INBOX");
    inbox.name = QStringLiteral("Inbox");
    inbox.role = ChannelRole::Inbox;
    cache.upsertChannels(QStringLiteral("bench"), {inbox});
    cache.upsertMessages(syntheticEnvelopes(rows));
    return wait(cache.close()).ok() ? 0 : 1;
}

int runWarmStart(int rows) {
    // The cache is written by a child process, so this one starts as the app does: with
    // nothing in memory but Qt.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    const int prepared = QProcess::execute(QCoreApplication::applicationFilePath(),
                                           {QStringLiteral("warm-start-prepare"), QStringLiteral("--rows"),
                                            QString::number(rows), QStringLiteral("--cache"), path});
    if (prepared != 0) {
        std::fprintf(stderr, "warm-start: writing the cache failed (%d)\n", prepared);
        return 1;
    }

    QElapsedTimer clock;
    clock.start();
    ViewStateCache cache(path);
    if (!wait(cache.open()).ok())
        return 1;
    InboxStore store;
    SyncController sync(&store, &cache);
    SilentProvider provider;
    sync.addProvider(&provider);
    ui::MainWindow window(&sync, &store);
    PaintWatch watch(window.threadView(), &clock);
    bool warm = false;
    double warmMs = 0;
    QObject::connect(&sync, &SyncController::warmStartFinished, &window, [&] {
        warm = true;
        warmMs = double(clock.nsecsElapsed()) / 1e6;
    });
    window.show();
    sync.start();
    if (!waitFor([&] { return watch.paintedMs.has_value(); }, 120000)) {
        std::fprintf(stderr, "warm-start: the list never painted rows\n");
        return 1;
    }
    const double peakAtPaint = peakRssMb();
    waitFor([&] { return warm; }, 600000);
    QCoreApplication::processEvents();
    const QJsonObject out{{QStringLiteral("rows"), rows},
                          {QStringLiteral("rows_at_first_paint"), watch.rowsAtPaint},
                          {QStringLiteral("ms_to_first_paint"), *watch.paintedMs},
                          {QStringLiteral("peak_rss_mb"), peakAtPaint},
                          {QStringLiteral("messages_after_warm_start"), store.messageCount()},
                          {QStringLiteral("threads_after_warm_start"), store.threadCount()},
                          {QStringLiteral("ms_warm_start_complete"), warmMs},
                          {QStringLiteral("peak_rss_mb_complete"), peakRssMb()}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}

} // namespace tributary::bench
