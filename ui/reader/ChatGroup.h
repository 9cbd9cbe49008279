#pragma once

#include "model/Model.h"

#include <QWidget>
#include <functional>

class QLabel;
class QMenu;
class QVBoxLayout;

namespace tributary::ui {

//! Consecutive chat messages from one author: avatar, name and time once, then each
//! message as a compact bubble (its own time as a tooltip). Links are reported, not opened.
class ChatGroup : public QWidget {
    Q_OBJECT
public:
    explicit ChatGroup(const Participant& author, QWidget* parent = nullptr);

    //! Which messages offer "Edit" and "Delete" in their context menu (the user's own, on
    //! accounts that allow it). Set before adding messages.
    using Editable = std::function<bool(const Message&)>;
    void setEditable(Editable editable) { m_editable = std::move(editable); }

    //! Whether `message` continues this group (same author, within a few minutes of the last).
    bool accepts(const Message& message) const;
    //! Adds a bubble; a message that starts a chat thread gets a "12 replies" line under it
    //! (`replies` > 0), which opens the thread (threadRequested).
    void addMessage(const Message& message, int replies = 0, const QDateTime& lastReply = {});
    //! Updates a message's text (a fetched body) if it is in this group.
    bool updateMessage(const Message& message);

    int bubbleCount() const { return int(m_ids.size()); }
    QStringList messageIds() const { return m_ids; }
    QString plainText() const;
    //! The context menu of one message (Copy; Edit and Delete where editable), owned by the
    //! caller; null when the message is not in this group.
    QMenu* createContextMenu(const QString& messageId, QWidget* parent);

signals:
    void linkActivated(const QUrl& url);
    void editRequested(const QString& messageId, const QString& currentText);
    void deleteRequested(const QString& messageId);
    //! The "replies" line under a message was clicked: open its chat thread.
    void threadRequested(const QString& messageId);

protected:
    void changeEvent(QEvent* event) override;

private:
    static QString textOf(const Message& message);
    void fillBubble(QLabel* bubble, const Message& message);
    void showMenu(QLabel* bubble, const QPoint& at);

    Participant m_author;
    Editable m_editable;
    QDateTime m_lastTime;
    QStringList m_ids;
    QList<Message> m_messages;
    QList<QLabel*> m_bubbles;
    QLabel* m_time = nullptr;
    QVBoxLayout* m_column = nullptr;
};

} // namespace tributary::ui
