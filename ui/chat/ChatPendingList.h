#pragma once

#include <QPointer>
#include <QWidget>

class QVBoxLayout;

namespace tributary {
class ChatSender;
} // namespace tributary

namespace tributary::ui {

//! The messages the user sent into the conversation shown, below its transcript, until the
//! provider's copy of each is there: "Sending…", "Sent", or "Not sent: <why>" with Retry and
//! Discard, or "May have been sent" with It Was Sent and Send Again.
class ChatPendingList : public QWidget {
    Q_OBJECT
public:
    explicit ChatPendingList(ChatSender* sender, QWidget* parent = nullptr);

    //! Which place's messages to show (ChatTarget::key()); empty shows none.
    void setTargetKey(const QString& key);
    QString targetKey() const { return m_key; }
    int count() const { return m_count; }
    //! The messages as shown, each "text — status", for tests and accessibility.
    QStringList lines() const;

signals:
    //! The user discarded a message that was not sent: its text, to put back in the box.
    void discarded(const QString& text);

private:
    void rebuild();

    QPointer<ChatSender> m_sender;
    QString m_key;
    QVBoxLayout* m_layout = nullptr;
    QStringList m_lines;
    int m_count = 0;
};

} // namespace tributary::ui
