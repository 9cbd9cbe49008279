#include "Screenshot.h"

#include "MainWindow.h"
#include "ThreadListPane.h"
#include "actions/MailActions.h"
#include "inbox/ThreadListModel.h"
#include "sync/SyncController.h"
#include "util/Logging.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>

namespace tributary::gui {

namespace {
constexpr int kPollMs = 250;
constexpr qint64 kMinimumMs = 1500;      // let the first paint and the warm start settle
constexpr qint64 kConversationMs = 2000; // time for the opened conversation's body to arrive
} // namespace

Screenshot::Scene Screenshot::sceneFromName(const QString& name) {
    if (name == QLatin1String("composer"))
        return Scene::Composer;
    if (name == QLatin1String("add-account"))
        return Scene::AddAccount;
    if (name == QLatin1String("search"))
        return Scene::Search;
    if (name == QLatin1String("undo"))
        return Scene::Undo;
    return Scene::Thread;
}

Screenshot::Screenshot(ui::MainWindow* window, SyncController* sync, QString file, int timeoutSeconds,
                       Scene scene, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_sync(sync)
    , m_file(std::move(file))
    , m_timeoutMs(timeoutSeconds * 1000)
    , m_scene(scene) {
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
        const AccountState state = m_sync->status(id).state;
        if (state == AccountState::Connecting || state == AccountState::Syncing)
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
        setUpScene();
        m_openedAt = now;
        return;
    }
    if (now - m_openedAt < kConversationMs)
        return;
    if (m_scene == Scene::Composer && m_step == 1) {
        // The conversation is open and painted: now the reply.
        m_window->mailActions()->action(ui::MailActions::Reply)->trigger();
        m_step = 2;
        m_openedAt = now;
        return;
    }
    if (m_scene == Scene::Undo && m_step == 1) {
        m_window->mailActions()->action(ui::MailActions::Archive)->trigger();
        m_step = 2;
        m_openedAt = now;
        return;
    }
    capture();
}

void Screenshot::setUpScene() {
    m_step = 1;
    if (m_scene == Scene::AddAccount) {
        if (auto* add = m_window->findChild<QPushButton*>(QStringLiteral("welcomeAddAccount")))
            add->click();
        else
            qCWarning(lcUi) << "screenshot: no first-run page (start without accounts for this scene)";
        return;
    }
    if (m_scene == Scene::Search) {
        // A word the sandbox's mail has in several subjects.
        m_window->threadListPane()->searchField()->setText(QStringLiteral("itinerary"));
        return;
    }
    if (m_scene == Scene::Undo)
        m_window->selectView(ui::UnifiedView::Email); // mail can be archived (chat cannot)
    QListView* list = m_window->threadView();
    if (!list->currentIndex().isValid() && list->model()->rowCount() > 0)
        m_window->selectThread(list->model()->index(0, 0).data(ThreadListModel::ThreadIdRole).toString());
}

QWidget* Screenshot::sceneWindow() const {
    if (m_scene == Scene::Thread || m_scene == Scene::Search || m_scene == Scene::Undo)
        return nullptr;
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (w != m_window && w->isVisible() && w->isWindow() && !w->inherits("QMenu") &&
            w->windowType() != Qt::ToolTip)
            return w;
    }
    return nullptr;
}

void Screenshot::capture() {
    m_timer.stop();
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QPixmap pixmap = m_window->grab();
    if (QWidget* top = sceneWindow()) {
        // Drawn centred over the window, where a window manager would place it (without one,
        // as under Xvfb, a new window opens in the screen's corner).
        QPainter painter(&pixmap);
        const QPixmap dialog = top->grab();
        const QSize size = dialog.size() / dialog.devicePixelRatio();
        const QPoint at(std::max(0, (m_window->width() - size.width()) / 2),
                        std::max(0, (m_window->height() - size.height()) / 3));
        painter.fillRect(QRect(at + QPoint(3, 4), size), QColor(0, 0, 0, 40)); // reads as on top
        painter.drawPixmap(at, dialog);
    } else if (m_scene == Scene::Composer || m_scene == Scene::AddAccount) {
        qCWarning(lcUi) << "screenshot: the scene's window did not open";
    }
    const bool saved = pixmap.save(m_file, "PNG");
    if (saved)
        qCInfo(lcUi) << "screenshot saved to" << m_file;
    else
        qCWarning(lcUi) << "could not write the screenshot" << m_file;
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace tributary::gui
