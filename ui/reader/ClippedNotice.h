#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace tributary::ui {

//! "Only the beginning of this long message is shown." with "Show the whole message": the
//! line under a message the sanitizer clipped (SanitizedHtml::clipped), as Gmail's
//! "[Message clipped] View entire message". Showing all of it is the user's choice because
//! a hostile mail of bare tags costs the parser a quarter of a second per megabyte.
class ClippedNotice : public QWidget {
    Q_OBJECT
public:
    explicit ClippedNotice(QWidget* parent = nullptr);

    QPushButton* showWholeButton() const { return m_button; }
    QString text() const;

signals:
    void showWholeClicked();

private:
    QLabel* m_label = nullptr;
    QPushButton* m_button = nullptr;
};

} // namespace tributary::ui
