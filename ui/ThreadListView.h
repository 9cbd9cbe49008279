#pragma once

#include <QListView>

class QMimeData;

namespace tributary::ui {

//! The conversation list. Tells a row the user picked (click, arrow keys, Page Down ...)
//! apart from a current row the selection model moved on its own, e.g. when a filter or a
//! removal took the current row away: only the first may open (and so read) a conversation.
class ThreadListView : public QListView {
    Q_OBJECT
public:
    explicit ThreadListView(QWidget* parent = nullptr);

    //! What a dragged row carries: the ids of the dragged conversations (one per line).
    static constexpr const char* kThreadsMimeType = "application/x-tributary-threads";
    static QMimeData* mimeForThreads(const QStringList& threadIds);
    //! The conversations a drag carries; empty when it carries something else.
    static QStringList threadsFromMime(const QMimeData* mime);

signals:
    //! The user made `current` the current row.
    void picked(const QModelIndex& current);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void currentChanged(const QModelIndex& current, const QModelIndex& previous) override;
    //! Rows are dragged onto sidebar folders (moved there) as thread ids, never as model data.
    void startDrag(Qt::DropActions supportedActions) override;

private:
    bool m_userInput = false; //!< inside a mouse press or key press
    bool m_picked = false;    //!< that event picked a row already
};

} // namespace tributary::ui
