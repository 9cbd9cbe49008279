#pragma once

#include <QListView>

namespace tributary::ui {

//! The conversation list. Tells a row the user picked (click, arrow keys, Page Down ...)
//! apart from a current row the selection model moved on its own, e.g. when a filter or a
//! removal took the current row away: only the first may open (and so read) a conversation.
class ThreadListView : public QListView {
    Q_OBJECT
public:
    using QListView::QListView;

signals:
    //! The user made `current` the current row.
    void picked(const QModelIndex& current);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void currentChanged(const QModelIndex& current, const QModelIndex& previous) override;

private:
    bool m_userInput = false; //!< inside a mouse press or key press
    bool m_picked = false;    //!< that event picked a row already
};

} // namespace tributary::ui
