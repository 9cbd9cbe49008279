#pragma once

#include <QWidget>

namespace tributary::ui {

//! A round badge with a person's initial, coloured from their address, so a reader can
//! tell senders apart at a glance in a long thread or chat.
class Avatar : public QWidget {
    Q_OBJECT
public:
    Avatar(const QString& name, const QString& address, int size, QWidget* parent = nullptr);

    QSize sizeHint() const override { return {m_size, m_size}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_initial;
    QColor m_colour;
    int m_size;
};

} // namespace tributary::ui
