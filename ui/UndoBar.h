#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace tributary::ui {

//! The status bar's note after an action that can be taken back: "Archived 2 messages."
//! with an Undo button, for a few seconds (Ctrl+Z works for longer).
class UndoBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int kShownMs = 8000;

    explicit UndoBar(QWidget* parent = nullptr);

    //! Shows `text` with the button until `ms` pass or dismiss() is called.
    void showMessage(const QString& text, int ms = kShownMs);
    void dismiss();
    QString text() const;
    QPushButton* undoButton() const { return m_button; }

signals:
    void undoRequested();

private:
    QLabel* m_label = nullptr;
    QPushButton* m_button = nullptr;
    QTimer* m_timer = nullptr;
};

} // namespace tributary::ui
