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

    //! The name of a chat conversation's channel, its row's title ("#support", "Bob",
    //! "Group: bob, carol"): a chat conversation is its channel.
    using ChannelLabel = std::function<QString(const QString& channelId)>;
    void setChannelLabel(ChannelLabel label) { m_channelLabel = std::move(label); }

    //! Words to mark wherever they appear in a row (the list's text filter), case-insensitive.
    void setHighlightWords(const QStringList& words) { m_highlight = words; }
    const QStringList& highlightWords() const { return m_highlight; }

    //! Whether a row's conversation is the user's own outgoing mail (every message in Sent or
    //! Drafts): its first line then names the recipients ("To: Bob") instead of the user.
    using Outgoing = std::function<bool(const QStringList& channelIds)>;
    void setOutgoing(Outgoing outgoing) { m_outgoing = std::move(outgoing); }
    //! Line 1 of a row: the senders, or "To: …" for outgoing conversations; for chat the channel.
    QString firstLine(const QModelIndex& index) const;

    //! Line 2 of a row: the subject; for chat the newest message with its author ("Bob: done").
    QString secondLine(const QModelIndex& index) const;
    //! Line 3 of a row: the snippet; for chat (whose line 2 is the newest message) the people.
    QString thirdLine(const QModelIndex& index) const;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int headingHeight(const QStyleOptionViewItem& option) const;
    //! The channel label of a chat row, else empty.
    QString channelOf(const QModelIndex& index) const;

    AccountColour m_accountColour;
    ProviderIcon m_providerIcon;
    ChannelLabel m_channelLabel;
    Outgoing m_outgoing;
    bool m_snippetLine = true;
    bool m_dayGrouping = false;
    QStringList m_highlight;
};

} // namespace tributary::ui
