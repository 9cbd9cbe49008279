#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QTimer>

class QWidget;

namespace tributary {
class SyncController;
namespace ui {
class MainWindow;
}
} // namespace tributary

namespace tributary::gui {

//! For docs and review: waits until every account has finished its first sync (or a
//! timeout), sets up a scene, saves a PNG of the window (with the scene's dialog drawn on
//! top, where it stands) and quits the application (exit code 0 when the file was written).
class Screenshot : public QObject {
    Q_OBJECT
public:
    enum class Scene {
        Thread,           //!< the newest conversation open (unless one is open already)
        Composer,         //!< that conversation, and a reply to it being written
        AddAccount,       //!< the first-run page's "Add an account" dialog
        AddAccountManual, //!< the same with every manual setting open
        Welcome,          //!< the first-run page as it opens
        Settings,         //!< the settings dialog over the window
        Shortcuts,        //!< the keyboard shortcut sheet
        Accounts,         //!< File > Accounts…
        Menu,             //!< the Message menu open
        Search,           //!< the list filtered by a word, its matches marked and counted
        Undo,             //!< the newest conversation archived, with the status bar's Undo
        Move,             //!< the newest mail conversation open and its "Move to…" folder picker
        RowMenu,          //!< the context menu of the newest mail conversation's row
        ChatBox,          //!< a chat conversation with a message being written, "@" listing people
    };
    //! "thread", "composer", "add-account", "add-account-manual", "welcome", "settings",
    //! "shortcuts", "accounts", "menu", "search", "undo", "move", "row-menu", "chat-box"; anything else is
    //! Thread.
    static Scene sceneFromName(const QString& name);

    //! What to show before the picture is taken.
    struct Setup {
        QString file;
        int timeoutSeconds = 60;
        Scene scene = Scene::Thread;
        QString view; //!< "chats", "email"…: the unified view to select first; empty: as it opens
        QString
            openText; //!< open the first conversation whose subject or snippet has this; empty: the newest
        QSize size;   //!< the window's size; invalid: as it opens
    };

    Screenshot(ui::MainWindow* window, SyncController* sync, Setup setup, QObject* parent = nullptr);
    void start();

private:
    void poll();
    bool accountsSettled() const;
    void setUpScene();
    //! Opens the conversation the setup asks for; false while it is not listed (yet).
    bool openConversation();
    void selectFolder(const QString& name);
    //! The scene's top-level window other than the main one, if it opened.
    QWidget* sceneWindow() const;
    void capture();

    QPointer<ui::MainWindow> m_window;
    QPointer<SyncController> m_sync;
    Setup m_setup;
    int m_timeoutMs;
    Scene m_scene;
    QPointer<QWidget> m_menu; //!< the open menu of the Menu scene
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_openedAt = -1;
    int m_step = 0;                        //!< scene steps done (open the thread, then a dialog)
    bool m_sceneShowsConversation = false; //!< a conversation is opened for the picture
    bool m_reopened = false;               //!< opened again after its list refilled
    bool m_waitingForRow = false;          //!< the conversation to open is not listed yet
};

} // namespace tributary::gui
