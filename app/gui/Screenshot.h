#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
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
        Thread,     //!< the newest conversation open (unless one is open already)
        Composer,   //!< that conversation, and a reply to it being written
        AddAccount, //!< the first-run page's "Add an account" dialog
        Search,     //!< the list filtered by a word, its matches marked and counted
        Undo,       //!< the newest conversation archived, with the status bar's Undo
    };
    //! "thread", "composer", "add-account", "search", "undo"; anything else is Thread.
    static Scene sceneFromName(const QString& name);

    Screenshot(ui::MainWindow* window, SyncController* sync, QString file, int timeoutSeconds,
               Scene scene = Scene::Thread, QObject* parent = nullptr);
    void start();

private:
    void poll();
    bool accountsSettled() const;
    void setUpScene();
    //! The scene's top-level window other than the main one, if it opened.
    QWidget* sceneWindow() const;
    void capture();

    QPointer<ui::MainWindow> m_window;
    QPointer<SyncController> m_sync;
    QString m_file;
    int m_timeoutMs;
    Scene m_scene;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_openedAt = -1;
    int m_step = 0; //!< scene steps done (open the thread, then a dialog)
};

} // namespace tributary::gui
