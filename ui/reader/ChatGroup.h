#pragma once

#include "model/Model.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace tributary::ui {

//! Consecutive chat messages from one author: avatar, name and time once, then each
//! message as a compact bubble (its own time as a tooltip). Links are reported, not opened.
class ChatGroup : public QWidget {
    Q_OBJECT
public:
    explicit ChatGroup(const Participant& author, QWidget* parent = nullptr);

    //! Whether `message` continues this group (same author, within a few minutes of the last).
    bool accepts(const Message& message) const;
    void addMessage(const Message& message);
    //! Updates a message's text (a fetched body) if it is in this group.
    bool updateMessage(const Message& message);

    int bubbleCount() const { return int(m_ids.size()); }
    QStringList messageIds() const { return m_ids; }
    QString plainText() const;

signals:
    void linkActivated(const QUrl& url);

protected:
    void changeEvent(QEvent* event) override;

private:
    static QString textOf(const Message& message);
    void fillBubble(QLabel* bubble, const Message& message);

    Participant m_author;
    QDateTime m_lastTime;
    QStringList m_ids;
    QList<Message> m_messages;
    QList<QLabel*> m_bubbles;
    QLabel* m_time = nullptr;
    QVBoxLayout* m_column = nullptr;
};

} // namespace tributary::ui
