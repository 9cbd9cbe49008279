#pragma once

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace tributary::ui {

//! "Remote images are blocked to protect your privacy (N)." with "Load once" and
//! "Always for <sender>": the bar above a message whose remote content was held back.
class RemoteContentBar : public QFrame {
    Q_OBJECT
public:
    explicit RemoteContentBar(QWidget* parent = nullptr);

    //! `blocked` items held back; `sender` empty hides the "Always" button.
    void setState(int blocked, const QString& sender);

    QPushButton* loadOnceButton() const { return m_once; }
    QPushButton* alwaysButton() const { return m_always; }
    QString text() const;
    QSize minimumSizeHint() const override;

signals:
    void loadOnceClicked();
    void alwaysClicked();

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    //! Puts the buttons beside the text where there is room, else under it.
    void fitButtons();

    static constexpr int kNarrowest = 200;
    QHBoxLayout* m_top = nullptr;
    QHBoxLayout* m_bottom = nullptr;
    QString m_alwaysText;
    QLabel* m_label = nullptr;
    QPushButton* m_once = nullptr;
    QPushButton* m_always = nullptr;
};

} // namespace tributary::ui
