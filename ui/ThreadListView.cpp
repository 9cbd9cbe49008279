#include "ThreadListView.h"

#include <QMouseEvent>
#include <QScopedValueRollback>

namespace tributary::ui {

void ThreadListView::mousePressEvent(QMouseEvent* event) {
    const QScopedValueRollback input(m_userInput, true);
    const QScopedValueRollback picked(m_picked, false);
    QListView::mousePressEvent(event);
    // A click on the row that is current already (the keyboard focus put it there) picks it too.
    const QModelIndex clicked = indexAt(event->position().toPoint());
    if (!m_picked && clicked.isValid() && clicked == currentIndex())
        emit this->picked(clicked);
}

void ThreadListView::keyPressEvent(QKeyEvent* event) {
    const QScopedValueRollback input(m_userInput, true);
    const QScopedValueRollback picked(m_picked, false);
    QListView::keyPressEvent(event);
}

void ThreadListView::currentChanged(const QModelIndex& current, const QModelIndex& previous) {
    QListView::currentChanged(current, previous);
    // Only the first change of an input event is the user's: opening that row may take it out
    // of the list (read in the Unread view), and the neighbour the list then moves to was not
    // picked.
    if (m_userInput && !m_picked && current.isValid()) {
        m_picked = true;
        emit picked(current);
    }
}

} // namespace tributary::ui
