#pragma once

#include <QColor>
#include <QIcon>
#include <QStringList>
#include <QStyledItemDelegate>
#include <functional>

namespace tributary::ui {

//! Paints a thread row of the list over ThreadListModel roles: unread dot, sender(s)
//! with the message count, time, provider icon, subject with attachment and flag marks,
//! and a snippet. With day grouping on, the first row of each group ("Today", "Yesterday",
//! a weekday, a month: see listGroup) is taller and carries the group's heading.
class ThreadDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    //! The colour of an account, for the thin bar that tells accounts apart.
    using AccountColour = std::function<QColor(const QString& accountId)>;

    explicit ThreadDelegate(QObject* parent = nullptr);

    //! Shows each row's account colour (useful once there are several accounts).
    void setAccountColour(AccountColour colour) { m_accountColour = std::move(colour); }

    //! Whether rows have a third line for the snippet. Off while no thread has one (a provider
    //! that sends none), so rows are not padded with an empty line.
    void setSnippetLine(bool on);
    bool snippetLine() const { return m_snippetLine; }

    //! Group headings over rows sorted newest first (the list then needs non-uniform sizes).
    void setDayGrouping(bool on);
    bool dayGrouping() const { return m_dayGrouping; }
    //! The group heading a row starts, or empty when it continues the group above it.
    QString groupHeading(const QModelIndex& index) const;

    //! A small icon of the row's kind of account (mail, chat), by the provider's type.
    using ProviderIcon = std::function<QIcon(const QString& accountId)>;
    void setProviderIcon(ProviderIcon icon) { m_providerIcon = std::move(icon); }

    //! Where a chat conversation happens, for its second line ("#support", "Direct message"):
    //! a chat thread's subject is its first message, which the snippet often repeats.
    using ChannelLabel = std::function<QString(const QString& channelId)>;
    void setChannelLabel(ChannelLabel label) { m_channelLabel = std::move(label); }

    //! Words to mark wherever they appear in a row (the list's text filter), case-insensitive.
    void setHighlightWords(const QStringList& words) { m_highlight = words; }
    const QStringList& highlightWords() const { return m_highlight; }

    //! Line 2 of a row: the subject, or for chat the channel (and the thread's first line when
    //! there are replies, since the snippet then shows the latest one).
    QString secondLine(const QModelIndex& index) const;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int headingHeight(const QStyleOptionViewItem& option) const;

    AccountColour m_accountColour;
    ProviderIcon m_providerIcon;
    ChannelLabel m_channelLabel;
    bool m_snippetLine = true;
    bool m_dayGrouping = false;
    QStringList m_highlight;
};

} // namespace tributary::ui
