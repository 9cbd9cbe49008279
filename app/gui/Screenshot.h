#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace tributary {
class SyncController;
namespace ui {
class MainWindow;
}
} // namespace tributary

namespace tributary::gui {

//! For docs and review: waits until every account has finished its first sync (or a
//! timeout), opens the newest conversation if none is open, saves a PNG of the window
//! and quits the application (exit code 0 when the file was written).
class Screenshot : public QObject {
    Q_OBJECT
public:
    Screenshot(ui::MainWindow* window, SyncController* sync, QString file, int timeoutSeconds,
               QObject* parent = nullptr);
    void start();

private:
    void poll();
    bool accountsSettled() const;
    void capture();

    QPointer<ui::MainWindow> m_window;
    QPointer<SyncController> m_sync;
    QString m_file;
    int m_timeoutMs;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_openedAt = -1;
};

} // namespace tributary::gui
