#pragma once

#include <QWidget>

class QTimer;

namespace tributary::ui {

//! A small spinning arc that shows work in progress; hidden while stopped.
class BusyIndicator : public QWidget {
    Q_OBJECT
public:
    explicit BusyIndicator(QWidget* parent = nullptr);

    void start();
    void stop();
    bool isRunning() const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QTimer* m_timer;
    int m_angle = 0;
};

} // namespace tributary::ui
