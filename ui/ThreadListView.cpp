#include "ThreadListView.h"

#include "inbox/ThreadListModel.h"

#include <QDrag>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScopedValueRollback>

namespace tributary::ui {

ThreadListView::ThreadListView(QWidget* parent)
    : QListView(parent) {
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::MoveAction);
}

QMimeData* ThreadListView::mimeForThreads(const QStringList& threadIds) {
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kThreadsMimeType), threadIds.join(QLatin1Char('\n')).toUtf8());
    return mime;
}

QStringList ThreadListView::threadsFromMime(const QMimeData* mime) {
    if (!mime || !mime->hasFormat(QString::fromLatin1(kThreadsMimeType)))
        return {};
    return QString::fromUtf8(mime->data(QString::fromLatin1(kThreadsMimeType)))
        .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void ThreadListView::startDrag(Qt::DropActions) {
    QStringList ids;
    for (const QModelIndex& index : selectionModel()->selectedIndexes())
        ids.append(index.data(ThreadListModel::ThreadIdRole).toString());
    if (ids.isEmpty() && currentIndex().isValid())
        ids.append(currentIndex().data(ThreadListModel::ThreadIdRole).toString());
    if (ids.isEmpty())
        return;
    auto* drag = new QDrag(this);
    drag->setMimeData(mimeForThreads(ids));
    // The row's subject under the pointer, so it is clear what is being moved.
    const QModelIndex first = currentIndex();
    const QString label = first.isValid() ? first.data(ThreadListModel::SubjectRole).toString() : QString();
    if (!label.isEmpty()) {
        const QFontMetrics fm(font());
        const QString text = fm.elidedText(label, Qt::ElideRight, 280);
        QPixmap pixmap(fm.horizontalAdvance(text) + 20, fm.height() + 10);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(palette().color(QPalette::Highlight));
        p.setPen(Qt::NoPen);
        p.drawRoundedRect(pixmap.rect(), 6, 6);
        p.setPen(palette().color(QPalette::HighlightedText));
        p.drawText(pixmap.rect(), Qt::AlignCenter, text);
        p.end();
        drag->setPixmap(pixmap);
        drag->setHotSpot(QPoint(-12, -12));
    }
    drag->exec(Qt::MoveAction);
}

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
