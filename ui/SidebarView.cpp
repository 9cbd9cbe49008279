#include "SidebarView.h"

#include "SidebarModel.h"
#include "ThreadListView.h"

#include <QDragMoveEvent>
#include <QDropEvent>
#include <QPainter>
#include <QToolTip>

namespace tributary::ui {

SidebarView::SidebarView(QWidget* parent)
    : QTreeView(parent) {
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(false); // our own outline: the model takes no drops itself
}

QModelIndex SidebarView::targetAt(const QPoint& pos, const QStringList& threadIds) const {
    const QModelIndex index = indexAt(pos);
    if (!m_check || threadIds.isEmpty() || !index.isValid() ||
        SidebarModel::NodeKind(index.data(SidebarModel::NodeKindRole).toInt()) !=
            SidebarModel::NodeKind::Channel)
        return {};
    const QString channelId = index.data(SidebarModel::ChannelIdRole).toString();
    return m_check(threadIds, channelId).isEmpty() ? index : QModelIndex();
}

void SidebarView::setTarget(const QModelIndex& index) {
    if (m_target == index)
        return;
    m_target = index;
    viewport()->update();
}

void SidebarView::dragEnterEvent(QDragEnterEvent* event) {
    if (ThreadListView::threadsFromMime(event->mimeData()).isEmpty()) {
        event->ignore();
        return;
    }
    // Accepted here so moves follow; each position decides for itself.
    event->acceptProposedAction();
}

void SidebarView::dragMoveEvent(QDragMoveEvent* event) {
    const QStringList threads = ThreadListView::threadsFromMime(event->mimeData());
    const QPoint pos = event->position().toPoint();
    const QModelIndex target = targetAt(pos, threads);
    setTarget(target);
    if (target.isValid()) {
        event->setDropAction(Qt::MoveAction);
        event->accept(visualRect(target));
        return;
    }
    // Say why a folder does not take them (another account, cannot hold mail).
    const QModelIndex over = indexAt(pos);
    if (m_check && over.isValid() &&
        SidebarModel::NodeKind(over.data(SidebarModel::NodeKindRole).toInt()) ==
            SidebarModel::NodeKind::Channel) {
        const QString why = m_check(threads, over.data(SidebarModel::ChannelIdRole).toString());
        if (!why.isEmpty())
            QToolTip::showText(viewport()->mapToGlobal(pos), why, viewport());
    }
    event->ignore(visualRect(over));
}

void SidebarView::dragLeaveEvent(QDragLeaveEvent* event) {
    setTarget({});
    QToolTip::hideText();
    event->accept();
}

void SidebarView::dropEvent(QDropEvent* event) {
    const QStringList threads = ThreadListView::threadsFromMime(event->mimeData());
    const QModelIndex target = targetAt(event->position().toPoint(), threads);
    setTarget({});
    if (!target.isValid()) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::MoveAction);
    event->accept();
    emit threadsDropped(threads, target.data(SidebarModel::ChannelIdRole).toString());
}

void SidebarView::paintEvent(QPaintEvent* event) {
    QTreeView::paintEvent(event);
    if (!m_target.isValid())
        return;
    QPainter p(viewport());
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(palette().color(QPalette::Highlight), 2);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(visualRect(m_target)).adjusted(2, 1, -2, -1), 5, 5);
}

} // namespace tributary::ui
