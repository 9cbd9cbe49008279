#include "SidebarDelegate.h"

#include "Icons.h"
#include "SidebarModel.h"
#include "StatusText.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace tributary::ui {

namespace {
constexpr int kRowHeight = 28;
constexpr int kAccountGap = 10; // space above each account header separates the sections
constexpr int kIconSize = 18;
constexpr int kPadding = 6;
} // namespace

QSize SidebarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const int line = option.fontMetrics.height();
    const auto kind = SidebarModel::NodeKind(index.data(SidebarModel::NodeKindRole).toInt());
    const int height = std::max(kRowHeight, line + 10);
    return {option.rect.width() > 0 ? option.rect.width() : 180,
            kind == SidebarModel::NodeKind::Account ? height + kAccountGap : height};
}

int SidebarDelegate::paintBadge(QPainter* painter, const QRect& rect, int count, const QColor& background,
                                const QColor& foreground, const QFont& font) {
    if (count <= 0)
        return 0;
    QFont small = font;
    small.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    small.setBold(true);
    const QFontMetrics fm(small);
    const QString text = count > 9999 ? QStringLiteral("9999+") : groupedNumber(count);
    const int height = fm.height() + 2;
    const int width = std::max(height + 4, fm.horizontalAdvance(text) + 12);
    const QRect pill(rect.right() - width, rect.center().y() - height / 2 + 1, width, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    painter->setPen(foreground);
    painter->setFont(small);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
    return width;
}

void SidebarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    const auto kind = SidebarModel::NodeKind(index.data(SidebarModel::NodeKindRole).toInt());

    QRect rect = opt.rect;
    if (kind == SidebarModel::NodeKind::Account) {
        // The gap above an account header is not part of its highlight.
        rect.setTop(rect.top() + kAccountGap);
        opt.rect = rect;
    }
    // Background and selection only: the text and icon are ours.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const bool enabled = index.flags().testFlag(Qt::ItemIsSelectable);
    const QPalette::ColorGroup group =
        opt.state.testFlag(QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
    const QColor textColour = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dimColour = textColour;
    dimColour.setAlphaF(0.6f);

    painter->save();
    QRect content = rect.adjusted(kPadding, 0, -kPadding - 2, 0);
    QFont font = opt.font;

    if (kind == SidebarModel::NodeKind::Account) {
        const QColor colour = index.data(SidebarModel::AccountColourRole).value<QColor>();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        const int dot = 10;
        painter->drawEllipse(
            QRect(content.left() + (kIconSize - dot) / 2, content.center().y() - dot / 2 + 1, dot, dot));
        content.setLeft(content.left() + kIconSize + kPadding);

        // The kind of account (mail, Slack, ...) at the right, with its state before it.
        const QIcon provider = index.data(SidebarModel::ProviderIconRole).value<QIcon>();
        if (!provider.isNull()) {
            const int size = 14;
            provider.paint(painter,
                           QRect(content.right() - size, content.center().y() - size / 2, size, size),
                           Qt::AlignCenter, enabled ? QIcon::Normal : QIcon::Disabled);
            content.setRight(content.right() - size - kPadding);
        }
        const auto state = AccountState(index.data(SidebarModel::AccountStateRole).toInt());
        if (state != AccountState::Live) {
            const QIcon statusIcon = icons::forStatus(state);
            const int size = 14;
            statusIcon.paint(painter,
                             QRect(content.right() - size, content.center().y() - size / 2, size, size));
            content.setRight(content.right() - size - kPadding);
        }
        font.setBold(true);
        painter->setFont(font);
        painter->setPen(textColour);
        const QString name = opt.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                                        Qt::ElideRight, content.width());
        painter->drawText(content, Qt::AlignVCenter | Qt::AlignLeft, name);
        painter->restore();
        return;
    }

    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    const QRect iconRect(content.left(), content.center().y() - kIconSize / 2 + 1, kIconSize, kIconSize);
    icon.paint(painter, iconRect, Qt::AlignCenter, enabled ? QIcon::Normal : QIcon::Disabled,
               selected ? QIcon::On : QIcon::Off);
    content.setLeft(iconRect.right() + 1 + kPadding);

    const int unread = index.data(SidebarModel::UnreadCountRole).toInt();
    if (unread > 0) {
        const auto role = ChannelRole(index.data(SidebarModel::ChannelRoleRole).toInt());
        // Inboxes and the unified views call for attention; other folders just count.
        const bool prominent = kind == SidebarModel::NodeKind::View || role == ChannelRole::Inbox;
        QColor background = prominent ? opt.palette.color(group, QPalette::Highlight)
                                      : opt.palette.color(group, QPalette::Mid);
        QColor foreground = prominent ? opt.palette.color(group, QPalette::HighlightedText)
                                      : opt.palette.color(group, QPalette::Base);
        if (selected) {
            background = opt.palette.color(group, QPalette::HighlightedText);
            foreground = opt.palette.color(group, QPalette::Highlight);
        }
        const int used = paintBadge(painter, content, unread, background, foreground, font);
        content.setRight(content.right() - used - kPadding);
    }

    font.setBold(unread > 0);
    painter->setFont(font);
    painter->setPen(enabled ? textColour : dimColour);
    const QFontMetrics fm(font);
    const QString name =
        fm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, content.width());
    painter->drawText(content, Qt::AlignVCenter | Qt::AlignLeft, name);
    painter->restore();
}

} // namespace tributary::ui
