#pragma once

#include <QStyledItemDelegate>

namespace tributary::ui {

//! Paints sidebar rows: account headers with their colour and connection state,
//! views and folders with role icons and unread badges.
class SidebarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    //! Draws an unread-count pill right-aligned in `rect`; returns the width it took.
    static int paintBadge(QPainter* painter, const QRect& rect, int count, const QColor& background,
                          const QColor& foreground, const QFont& font);
};

} // namespace tributary::ui
