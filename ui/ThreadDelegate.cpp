#include "ThreadDelegate.h"

#include "EmojiText.h"
#include "Icons.h"
#include "TimeFormat.h"
#include "inbox/ThreadListModel.h"
#include "triage/AssigneeMark.h"

#include <QApplication>
#include <QPainter>

namespace tributary::ui {

namespace {
constexpr int kGutter = 22; // room for the unread dot
constexpr int kHPad = 12;   // right padding
constexpr int kVPad = 8;    // top and bottom padding
constexpr int kLineGap = 2; // between the three lines
constexpr int kMarkSize = 14;

QFont withWeight(QFont font, QFont::Weight weight) {
    font.setWeight(weight);
    return font;
}

//! Paints a highlighter band behind each occurrence of `words` in `shown`, drawn left-aligned
//! and vertically centred in `rect` with the metrics `fm`.
void markMatches(QPainter* painter, const QRect& rect, const QFontMetrics& fm, const QString& shown,
                 const QStringList& words, const QColor& colour) {
    if (words.isEmpty() || shown.isEmpty())
        return;
    const int top = rect.top() + (rect.height() - fm.height()) / 2;
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->setClipRect(rect);
    for (const QString& word : words) {
        for (qsizetype at = shown.indexOf(word, 0, Qt::CaseInsensitive); at >= 0;
             at = shown.indexOf(word, at + word.size(), Qt::CaseInsensitive)) {
            const int x = rect.left() + fm.horizontalAdvance(shown.left(at));
            const int w = fm.horizontalAdvance(shown.mid(at, word.size()));
            painter->drawRoundedRect(QRect(x - 1, top, w + 2, fm.height()), 2, 2);
        }
    }
    painter->restore();
}

//! The marker colour of search matches: a highlighter yellow, see-through over the row.
QColor matchColour() {
    return QColor(255, 200, 0, 110);
}

QFont smaller(QFont font) {
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.92);
    else
        font.setPixelSize(std::max(9, font.pixelSize() - 1));
    return font;
}
} // namespace

ThreadDelegate::ThreadDelegate(QObject* parent)
    : QStyledItemDelegate(parent) {}

void ThreadDelegate::setDayGrouping(bool on) {
    if (on == m_dayGrouping)
        return;
    m_dayGrouping = on;
    emit sizeHintChanged(QModelIndex());
}

QString ThreadDelegate::groupHeading(const QModelIndex& index) const {
    if (!m_dayGrouping || !index.isValid() || !index.data(ThreadListModel::IsLoadedRole).toBool())
        return {};
    const QDateTime now = QDateTime::currentDateTime();
    const QString group = listGroup(index.data(ThreadListModel::LatestActivityRole).toDateTime(), now);
    if (index.row() == 0)
        return group;
    const QModelIndex above = index.siblingAtRow(index.row() - 1);
    return listGroup(above.data(ThreadListModel::LatestActivityRole).toDateTime(), now) == group ? QString()
                                                                                                 : group;
}

int ThreadDelegate::headingHeight(const QStyleOptionViewItem& option) const {
    return QFontMetrics(withWeight(smaller(option.font), QFont::DemiBold)).height() + 12;
}

void ThreadDelegate::setSnippetLine(bool on) {
    if (on == m_snippetLine)
        return;
    m_snippetLine = on;
    emit sizeHintChanged(QModelIndex());
}

QSize ThreadDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics regular(option.font);
    const QFontMetrics small(smaller(option.font));
    int height = kVPad * 2 + regular.height() * 2 + kLineGap;
    if (m_snippetLine)
        height += small.height() + kLineGap;
    if (!groupHeading(index).isEmpty())
        height += headingHeight(option);
    return {200, height};
}

void ThreadDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                           const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    if (const QString heading = groupHeading(index); !heading.isEmpty()) {
        // The group's heading sits above the row, on the window colour, never selected.
        const QRect band(opt.rect.left(), opt.rect.top(), opt.rect.width(), headingHeight(opt));
        painter->save();
        painter->fillRect(band, opt.palette.color(QPalette::Window));
        QFont font = withWeight(smaller(opt.font), QFont::DemiBold);
        painter->setFont(font);
        painter->setPen(opt.palette.color(QPalette::PlaceholderText));
        painter->drawText(band.adjusted(kGutter, 0, -kHPad, -2), Qt::AlignLeft | Qt::AlignBottom, heading);
        painter->restore();
        opt.rect.setTop(band.bottom() + 1);
    }
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorGroup group =
        opt.state.testFlag(QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
    const QColor text = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = selected ? text : opt.palette.color(group, QPalette::PlaceholderText);
    if (selected)
        dim.setAlphaF(0.8f);
    const QColor accent = opt.palette.color(group, QPalette::Highlight);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect r = opt.rect;

    // Rows are separated by a hairline that starts where the text does.
    if (!selected) {
        // A faint line of the text colour reads the same on light and dark themes.
        QColor hairline = opt.palette.color(group, QPalette::Text);
        hairline.setAlphaF(0.12f);
        painter->setPen(hairline);
        painter->drawLine(r.left() + kGutter, r.bottom(), r.right(), r.bottom());
    }

    if (m_accountColour) {
        const QStringList accounts = index.data(ThreadListModel::AccountIdsRole).toStringList();
        if (!accounts.isEmpty()) {
            const QColor colour = m_accountColour(accounts.first());
            if (colour.isValid()) {
                painter->fillRect(QRect(r.left(), r.top() + 1, 3, r.height() - 2), colour);
            }
        }
    }

    const QFont base = opt.font;
    const QFont small = smaller(base);
    const QFontMetrics baseFm(base);
    const QFontMetrics smallFm(small);
    const int left = r.left() + kGutter;
    const int right = r.right() - kHPad;
    const int line1 = r.top() + kVPad;
    const int line2 = line1 + baseFm.height() + kLineGap;
    const int line3 = line2 + baseFm.height() + kLineGap;

    if (!index.data(ThreadListModel::IsLoadedRole).toBool()) {
        // A placeholder row: grey bars where the text will be.
        QColor bar = dim;
        bar.setAlphaF(0.25f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(bar);
        const int h = baseFm.height() / 2;
        painter->drawRoundedRect(QRect(left, line1 + h / 2, (right - left) / 3, h), 3, 3);
        painter->drawRoundedRect(QRect(left, line2 + h / 2, (right - left) * 2 / 3, h), 3, 3);
        if (m_snippetLine)
            painter->drawRoundedRect(QRect(left, line3 + h / 2, (right - left) / 2, h), 3, 3);
        painter->restore();
        return;
    }

    const bool unread = index.data(ThreadListModel::UnreadRole).toBool();
    if (unread) {
        const int d = 8;
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? text : accent);
        painter->drawEllipse(
            QRect(r.left() + (kGutter - d) / 2 + 1, line1 + (baseFm.height() - d) / 2, d, d));
    }

    // Line 1: senders, message count, time.
    const QString time = listTime(index.data(ThreadListModel::LatestActivityRole).toDateTime());
    painter->setFont(small);
    painter->setPen(unread && !selected ? accent : dim);
    int timeWidth = smallFm.horizontalAdvance(time);
    painter->drawText(QRect(right - timeWidth, line1, timeWidth, baseFm.height()),
                      Qt::AlignRight | Qt::AlignVCenter, time);
    if (m_providerIcon) {
        const QStringList accounts = index.data(ThreadListModel::AccountIdsRole).toStringList();
        const QIcon icon = accounts.isEmpty() ? QIcon() : m_providerIcon(accounts.first());
        if (!icon.isNull()) {
            const int x = right - timeWidth - 6 - kMarkSize;
            icon.paint(painter, QRect(x, line1 + (baseFm.height() - kMarkSize) / 2, kMarkSize, kMarkSize),
                       Qt::AlignCenter, selected ? QIcon::Selected : QIcon::Normal);
            timeWidth += kMarkSize + 6;
        }
    }

    const int count = index.data(ThreadListModel::MessageCountRole).toInt();
    const int unreadCount = index.data(ThreadListModel::UnreadCountRole).toInt();
    // A chat row is a whole channel: how many are new there says more than how many it holds.
    const bool chat = index.data(ThreadListModel::KindRole).toInt() == int(ConversationKind::Chat);
    const QString countText = chat ? (unreadCount > 0 ? QString::number(unreadCount) : QString())
                                   : (count > 1 ? QString::number(count) : QString());
    const int countWidth = countText.isEmpty() ? 0 : smallFm.horizontalAdvance(countText) + 8;
    const QFont senderFont = withWeight(base, unread ? QFont::Bold : QFont::DemiBold);
    const QFontMetrics senderFm(senderFont);
    const int sendersRoom = std::max(0, right - timeWidth - 12 - left - countWidth);
    const QString senders = senderFm.elidedText(firstLine(index), Qt::ElideRight, sendersRoom);
    painter->setFont(senderFont);
    painter->setPen(text);
    markMatches(painter, QRect(left, line1, sendersRoom, baseFm.height()), senderFm, senders, m_highlight,
                matchColour());
    painter->drawText(QRect(left, line1, sendersRoom, baseFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      senders);
    if (!countText.isEmpty()) {
        painter->setFont(small);
        painter->setPen(dim);
        const int x = left + senderFm.horizontalAdvance(senders) + 6;
        painter->drawText(QRect(x, line1, countWidth, baseFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                          countText);
    }

    // Line 2: subject, then the flag and attachment marks at the right.
    int marksLeft = right;
    const int markY = line2 + (baseFm.height() - kMarkSize) / 2;
    if (index.data(ThreadListModel::FlaggedRole).toBool()) {
        marksLeft -= kMarkSize;
        icons::bundled(QStringLiteral("flag")).paint(painter, QRect(marksLeft, markY, kMarkSize, kMarkSize));
        marksLeft -= 4;
    }
    if (index.data(ThreadListModel::HasAttachmentsRole).toBool()) {
        marksLeft -= kMarkSize;
        icons::bundled(QStringLiteral("attachment"))
            .paint(painter, QRect(marksLeft, markY, kMarkSize, kMarkSize), Qt::AlignCenter,
                   selected ? QIcon::Selected : QIcon::Normal);
        marksLeft -= 4;
    }
    // Team triage: who has the conversation, badge and name, left of the marks.
    if (const QString assignee = index.data(ThreadListModel::AssigneeRole).toString(); !assignee.isEmpty()) {
        const AssigneeMark mark{assignee, index.data(ThreadListModel::AssigneeIdRole).toString(), false};
        const QRect used = mark.paint(painter, QRect(left, line2, marksLeft - left, baseFm.height()), small,
                                      dim, std::max(0, (right - left) / 3));
        marksLeft = used.left() - 6;
    }
    const QString subject = secondLine(index);
    const QFont subjectFont = withWeight(base, unread ? QFont::DemiBold : QFont::Normal);
    painter->setFont(subjectFont);
    painter->setPen(text);
    const int subjectRoom = std::max(0, marksLeft - 6 - left);
    const QFontMetrics subjectFm(subjectFont);
    const QString shownSubject = subjectFm.elidedText(subject, Qt::ElideRight, subjectRoom);
    markMatches(painter, QRect(left, line2, subjectRoom, baseFm.height()), subjectFm, shownSubject,
                m_highlight, matchColour());
    drawTextWithEmoji(painter, QRect(left, line2, subjectRoom, baseFm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, shownSubject);

    // Line 3: the snippet.
    if (!m_snippetLine) {
        painter->restore();
        return;
    }
    painter->setFont(small);
    painter->setPen(dim);
    const QString snippet = thirdLine(index);
    const QString shownSnippet = smallFm.elidedText(snippet, Qt::ElideRight, right - left);
    markMatches(painter, QRect(left, line3, right - left, smallFm.height()), smallFm, shownSnippet,
                m_highlight, matchColour());
    drawTextWithEmoji(painter, QRect(left, line3, right - left, smallFm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, shownSnippet);
    painter->restore();
}

QString ThreadDelegate::channelOf(const QModelIndex& index) const {
    if (index.data(ThreadListModel::KindRole).toInt() != int(ConversationKind::Chat) || !m_channelLabel)
        return {};
    const QStringList channels = index.data(ThreadListModel::ChannelIdsRole).toStringList();
    return channels.isEmpty() ? QString() : m_channelLabel(channels.first());
}

QString ThreadDelegate::firstLine(const QModelIndex& index) const {
    if (const QString where = channelOf(index); !where.isEmpty())
        return where;
    if (m_outgoing && m_outgoing(index.data(ThreadListModel::ChannelIdsRole).toStringList())) {
        const QString to = index.data(ThreadListModel::RecipientsRole).toString();
        return to.isEmpty() ? tr("To: (no recipients yet)") : tr("To: %1").arg(to);
    }
    return index.data(ThreadListModel::SendersRole).toString();
}

QString ThreadDelegate::secondLine(const QModelIndex& index) const {
    if (index.data(ThreadListModel::KindRole).toInt() == int(ConversationKind::Chat)) {
        // The newest message, by whom: what a chat list shows under the channel's name.
        const QString snippet = index.data(ThreadListModel::SnippetRole).toString().simplified();
        const QString author = index.data(ThreadListModel::LatestAuthorRole).toString();
        return author.isEmpty() ? snippet : tr("%1: %2").arg(author, snippet);
    }
    const QString subject = index.data(ThreadListModel::SubjectRole).toString();
    return subject.isEmpty() ? tr("(no subject)") : subject;
}

QString ThreadDelegate::thirdLine(const QModelIndex& index) const {
    // A chat row's second line is its newest message already: the third names who talks there.
    if (index.data(ThreadListModel::KindRole).toInt() == int(ConversationKind::Chat))
        return index.data(ThreadListModel::SendersRole).toString();
    return index.data(ThreadListModel::SnippetRole).toString().simplified();
}

} // namespace tributary::ui
