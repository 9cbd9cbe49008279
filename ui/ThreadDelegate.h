#pragma once

#include <QColor>
#include <QStyledItemDelegate>
#include <functional>

namespace tributary::ui {

//! Paints a thread row of the list over ThreadListModel roles: unread dot, sender(s)
//! with the message count, time, subject with attachment and flag marks, and a snippet.
//! Every row has the same height (the list uses uniform item sizes for speed).
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

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    AccountColour m_accountColour;
    bool m_snippetLine = true;
};

} // namespace tributary::ui
