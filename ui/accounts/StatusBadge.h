#pragma once

#include <QWidget>

namespace tributary::ui {

//! A round mark before a result: a green tick for success, an amber "!" for a problem.
class StatusBadge : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Success, Problem };

    explicit StatusBadge(QWidget* parent = nullptr);
    void setKind(Kind kind);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    Kind m_kind = Kind::Success;
};

} // namespace tributary::ui
