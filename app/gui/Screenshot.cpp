#include "Screenshot.h"

#include "MainWindow.h"
#include "SidebarModel.h"
#include "ThreadListPane.h"
#include "actions/MailActions.h"
#include "chat/ChatInput.h"
#include "inbox/ThreadListModel.h"
#include "sync/SyncController.h"
#include "util/Logging.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QTextEdit>

namespace tributary::gui {

namespace {
constexpr int kPollMs = 250;
constexpr qint64 kMinimumMs = 1500;      // let the first paint and the warm start settle
constexpr qint64 kConversationMs = 2000; // time for the opened conversation's body to arrive
constexpr qint64 kRowWaitMs = 20000;     // how long a folder opened for the picture may take to list
} // namespace

Screenshot::Scene Screenshot::sceneFromName(const QString& name) {
    static const QHash<QString, Scene> scenes{
        {QStringLiteral("composer"), Scene::Composer},
        {QStringLiteral("add-account"), Scene::AddAccount},
        {QStringLiteral("welcome"), Scene::Welcome},
        {QStringLiteral("settings"), Scene::Settings},
        {QStringLiteral("shortcuts"), Scene::Shortcuts},
        {QStringLiteral("accounts"), Scene::Accounts},
        {QStringLiteral("menu"), Scene::Menu},
        {QStringLiteral("add-account-manual"), Scene::AddAccountManual},
        {QStringLiteral("search"), Scene::Search},
        {QStringLiteral("undo"), Scene::Undo},
        {QStringLiteral("move"), Scene::Move},
        {QStringLiteral("row-menu"), Scene::RowMenu},
        {QStringLiteral("chat-box"), Scene::ChatBox},
    };
    return scenes.value(name, Scene::Thread);
}

Screenshot::Screenshot(ui::MainWindow* window, SyncController* sync, Setup setup, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_sync(sync)
    , m_setup(std::move(setup))
    , m_timeoutMs(m_setup.timeoutSeconds * 1000)
    , m_scene(m_setup.scene) {
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
    if (m_waitingForRow) {
        // A folder opened for the picture lists its conversations once it has synced.
        if (openConversation() || now - m_openedAt > kRowWaitMs) {
            if (m_waitingForRow && now - m_openedAt > kRowWaitMs)
                qCWarning(lcUi) << "screenshot: no conversation has" << m_setup.openText;
            m_waitingForRow = false;
            m_openedAt = now;
        }
        return;
    }
    if (now - m_openedAt < kConversationMs)
        return;
    if (m_step == 1 && !m_reopened && m_sceneShowsConversation &&
        !m_window->threadView()->currentIndex().isValid()) {
        // The view chosen for the picture refilled its list after the conversation was opened
        // (dropping the selection): open it again in the list as it is now.
        m_reopened = true;
        openConversation();
        m_openedAt = now;
        return;
    }
    if (m_scene == Scene::Composer && m_step == 1) {
        // The conversation is open and painted: now the reply.
        m_window->mailActions()->action(ui::MailActions::Reply)->trigger();
        m_step = 2;
        m_openedAt = now;
        return;
    }
    if (m_scene == Scene::Move && m_step == 1) {
        m_window->showMoveToPicker();
        m_step = 2;
        m_openedAt = now;
        return;
    }
    if (m_scene == Scene::RowMenu && m_step == 1) {
        QListView* list = m_window->threadView();
        const QModelIndex row = list->currentIndex();
        QMenu* menu = m_window->threadMenu(row.data(ThreadListModel::ThreadIdRole).toString());
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(list->viewport()->mapToGlobal(list->visualRect(row).center()));
        m_step = 2;
        m_openedAt = now;
        return;
    }
    if (m_scene == Scene::ChatBox && m_step == 1) {
        // Typed as a user would: the "@" at the end lists the people to mention.
        if (ui::ChatInput* box = m_window->chatInput(); box && box->isVisible()) {
            box->editor()->setFocus(Qt::OtherFocusReason);
            box->editor()->insertPlainText(QString::fromUtf8("Thanks, that fixed it \xF0\x9F\x8E\x89\ncc @"));
        } else {
            qCWarning(lcUi)
                << "screenshot: the open conversation is not a chat (try --screenshot-view general)";
        }
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
    if (m_setup.size.isValid())
        m_window->resize(m_setup.size);
    if (m_scene == Scene::AddAccount || m_scene == Scene::AddAccountManual || m_scene == Scene::Welcome) {
        auto* add = m_window->findChild<QPushButton*>(QStringLiteral("welcomeAddAccount"));
        if (!add || !m_window->isShowingWelcome()) {
            qCWarning(lcUi) << "screenshot: no first-run page (start without accounts for this scene)";
            return;
        }
        if (m_scene == Scene::Welcome)
            return;
        add->click();
        // Every manual setting open: the dialog at its tallest.
        if (QWidget* dialog = sceneWindow(); dialog && m_scene == Scene::AddAccountManual) {
            if (auto* manual = dialog->findChild<QAbstractButton*>(QStringLiteral("manualSetup")))
                manual->click();
        }
        return;
    }
    static const QHash<QString, ui::UnifiedView> views{
        {QStringLiteral("all"), ui::UnifiedView::All},
        {QStringLiteral("unread"), ui::UnifiedView::Unread},
        {QStringLiteral("flagged"), ui::UnifiedView::Flagged},
        {QStringLiteral("email"), ui::UnifiedView::Email},
        {QStringLiteral("chats"), ui::UnifiedView::Chats},
    };
    if (m_scene == Scene::Search) {
        // A word the sandbox's mail has in several subjects.
        m_window->threadListPane()->searchField()->setText(QStringLiteral("itinerary"));
        return;
    }
    if ((m_scene == Scene::Undo || m_scene == Scene::Move || m_scene == Scene::RowMenu) &&
        m_setup.view.isEmpty())
        m_window->selectView(ui::UnifiedView::Email); // mail can be archived and moved (chat cannot)
    if (views.contains(m_setup.view))
        m_window->selectView(views.value(m_setup.view));
    else if (!m_setup.view.isEmpty())
        selectFolder(m_setup.view);
    // Every scene but the first-run ones shows a conversation behind its dialog.
    m_sceneShowsConversation = m_scene != Scene::Search;
    m_waitingForRow = !openConversation() && !m_setup.openText.isEmpty();
    const auto trigger = [this](const QString& name) {
        if (auto* action = m_window->findChild<QAction*>(name))
            action->trigger();
        else
            qCWarning(lcUi) << "screenshot: no action" << name;
    };
    switch (m_scene) {
    case Scene::Settings:
        trigger(QStringLiteral("actionSettings"));
        break;
    case Scene::Shortcuts:
        trigger(QStringLiteral("actionShortcutSheet"));
        break;
    case Scene::Accounts:
        trigger(QStringLiteral("actionManageAccounts"));
        break;
    case Scene::Menu:
        if (QMenu* menu = m_window->menuBar()->actions().value(1)
                              ? m_window->menuBar()->actions().value(1)->menu()
                              : nullptr) {
            const QRect item = m_window->menuBar()->actionGeometry(m_window->menuBar()->actions().value(1));
            menu->popup(m_window->menuBar()->mapToGlobal(item.bottomLeft()));
            m_menu = menu;
        }
        break;
    default:
        break;
    }
}

bool Screenshot::openConversation() {
    QListView* list = m_window->threadView();
    QAbstractItemModel* model = list->model();
    int row = model->rowCount() > 0 ? 0 : -1;
    if (!m_setup.openText.isEmpty()) {
        row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            const QModelIndex index = model->index(r, 0);
            const QString text = index.data(ThreadListModel::SubjectRole).toString() + QLatin1Char('\n') +
                                 index.data(ThreadListModel::SnippetRole).toString();
            if (text.contains(m_setup.openText, Qt::CaseInsensitive))
                row = r;
        }
    }
    if (row < 0)
        return false;
    // Opened as a click would (a view opens with nothing selected).
    list->scrollTo(model->index(row, 0));
    return m_window->selectThread(model->index(row, 0).data(ThreadListModel::ThreadIdRole).toString());
}

void Screenshot::selectFolder(const QString& name) {
    // The first folder or channel of any account with this name ("announce", "general").
    QAbstractItemModel* model = m_window->sidebarModel();
    QList<QModelIndex> pending{QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeFirst();
        for (int r = 0; r < model->rowCount(parent); ++r) {
            const QModelIndex index = model->index(r, 0, parent);
            const QString id = index.data(ui::SidebarModel::ChannelIdRole).toString();
            if (!id.isEmpty() &&
                index.data(Qt::DisplayRole).toString().compare(name, Qt::CaseInsensitive) == 0 &&
                m_window->selectChannel(id))
                return;
            pending.append(index);
        }
    }
    qCWarning(lcUi) << "screenshot: no folder or channel named" << name;
}

QWidget* Screenshot::sceneWindow() const {
    if (m_scene == Scene::Thread || m_scene == Scene::Welcome || m_scene == Scene::Search ||
        m_scene == Scene::Undo || m_scene == Scene::RowMenu || m_scene == Scene::ChatBox)
        return nullptr;
    if (m_scene == Scene::Menu)
        return m_menu;
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (w != m_window && w->isVisible() && w->isWindow() && !w->inherits("QMenu") &&
            w->windowType() != Qt::ToolTip)
            return w;
    }
    return nullptr;
}

void Screenshot::capture() {
    m_timer.stop();
    QDir().mkpath(QFileInfo(m_setup.file).absolutePath());
    QPixmap pixmap = m_window->grab();
    if (m_menu && m_menu->isVisible()) {
        // Where it opened, under its menu bar entry.
        QPainter painter(&pixmap);
        painter.drawPixmap(m_window->mapFromGlobal(m_menu->pos()), m_menu->grab());
    } else if (QWidget* top = sceneWindow()) {
        // Drawn centred over the window, where a window manager would place it (without one,
        // as under Xvfb, a new window opens in the screen's corner).
        QPainter painter(&pixmap);
        const QPixmap dialog = top->grab();
        const QSize size = dialog.size() / dialog.devicePixelRatio();
        const QPoint at(std::max(0, (m_window->width() - size.width()) / 2),
                        std::max(0, (m_window->height() - size.height()) / 3));
        painter.fillRect(QRect(at + QPoint(3, 4), size), QColor(0, 0, 0, 40)); // reads as on top
        painter.drawPixmap(at, dialog);
    } else if (m_scene == Scene::RowMenu) {
        // A popup menu is its own window: drawn where it opened, over the row.
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (w->inherits("QMenu") && w->isVisible()) {
                QPainter painter(&pixmap);
                painter.drawPixmap(m_window->mapFromGlobal(w->pos()), w->grab());
            }
        }
    } else if (m_scene != Scene::Thread && m_scene != Scene::Welcome && m_scene != Scene::Search &&
               m_scene != Scene::Undo) {
        qCWarning(lcUi) << "screenshot: the scene's window did not open";
    }
    const bool saved = pixmap.save(m_setup.file, "PNG");
    if (saved)
        qCInfo(lcUi) << "screenshot saved to" << m_setup.file;
    else
        qCWarning(lcUi) << "could not write the screenshot" << m_setup.file;
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace tributary::gui
