#pragma once

#include <QPersistentModelIndex>
#include <QTreeView>
#include <functional>

namespace tributary::ui {

//! The sidebar's tree: also where conversation rows are dropped to move them into a folder.
//! The folder under the pointer is outlined while it would take the drop.
class SidebarView : public QTreeView {
    Q_OBJECT
public:
    explicit SidebarView(QWidget* parent = nullptr);

    //! Whether these conversations may be dropped on the folder `channelId` (an empty reason:
    //! yes). Without it nothing is accepted.
    using DropCheck = std::function<QString(const QStringList& threadIds, const QString& channelId)>;
    void setDropCheck(DropCheck check) { m_check = std::move(check); }
    //! The folder that would take the drop now (invalid: none).
    QModelIndex dropTarget() const { return m_target; }

signals:
    //! Conversations were dropped on a folder that takes them.
    void threadsDropped(const QStringList& threadIds, const QString& channelId);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    //! The folder at `pos` that takes these conversations, else an invalid index.
    QModelIndex targetAt(const QPoint& pos, const QStringList& threadIds) const;
    void setTarget(const QModelIndex& index);

    DropCheck m_check;
    QPersistentModelIndex m_target;
};

} // namespace tributary::ui
