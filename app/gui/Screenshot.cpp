#include "Screenshot.h"

#include "MainWindow.h"
#include "sync/SyncController.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QListView>
#include <QPixmap>

namespace tributary::gui {

namespace {
constexpr int kPollMs = 250;
constexpr qint64 kMinimumMs = 1500;      // let the first paint and the warm start settle
constexpr qint64 kConversationMs = 2000; // time for the opened conversation's body to arrive
} // namespace

Screenshot::Screenshot(ui::MainWindow* window, SyncController* sync, QString file, int timeoutSeconds,
                       QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_sync(sync)
    , m_file(std::move(file))
    , m_timeoutMs(timeoutSeconds * 1000) {
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &Screenshot::poll);
}

void Screenshot::start() {
    m_elapsed.start();
    m_timer.start();
}

bool Screenshot::accountsSettled() const {
    if (!m_sync->isWarm())
        return false;
    for (const QString& id : m_sync->accountIds()) {
        const ConnectionState state = m_sync->status(id).state;
        if (state == ConnectionState::Connecting || state == ConnectionState::Syncing)
            return false;
        // Before the first attempt an account is "offline" with no reason yet.
        if (state == ConnectionState::Offline && m_sync->status(id).detail.isEmpty())
            return false;
    }
    return true;
}

void Screenshot::poll() {
    if (!m_window || !m_sync) {
        m_timer.stop();
        return;
    }
    const qint64 now = m_elapsed.elapsed();
    if (m_openedAt < 0) {
        const bool ready = now >= kMinimumMs && accountsSettled();
        if (!ready && now < m_timeoutMs)
            return;
        if (!ready)
            qCWarning(lcUi) << "screenshot: accounts still syncing after" << m_timeoutMs / 1000 << "s";
        QListView* list = m_window->threadView();
        if (!list->currentIndex().isValid() && list->model()->rowCount() > 0)
            list->selectionModel()->setCurrentIndex(list->model()->index(0, 0),
                                                    QItemSelectionModel::ClearAndSelect);
        m_openedAt = now;
        return;
    }
    if (now - m_openedAt < kConversationMs)
        return;
    capture();
}

void Screenshot::capture() {
    m_timer.stop();
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    const QPixmap pixmap = m_window->grab();
    const bool saved = pixmap.save(m_file, "PNG");
    if (saved)
        qCInfo(lcUi) << "screenshot saved to" << m_file;
    else
        qCWarning(lcUi) << "could not write the screenshot" << m_file;
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace tributary::gui
