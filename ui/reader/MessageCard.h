#pragma once

#include "model/Model.h"

#include <QFrame>
#include <functional>

class QLabel;
class QToolButton;
class QVBoxLayout;

namespace tributary::ui {

class Avatar;
class ElidedLabel;
class MessageReader;
class MessageTimeLabel;

//! One email of a conversation: a header (avatar, sender, recipients, time, attachment
//! chips) and the body in a MessageReader. Collapsed, it is a single line (sender, snippet,
//! time); a click on the header or Enter/Space toggles it. The reader is created the
//! first time the card is expanded with a body, so collapsed cards cost a few labels.
class MessageCard : public QFrame {
    Q_OBJECT
public:
    enum class BodyState { Loading, Loaded, Failed };
    //! Configures a reader when the card creates it (fetchers, policy).
    using ReaderSetup = std::function<void(MessageReader*)>;

    MessageCard(const Message& envelope, ReaderSetup setup, QWidget* parent = nullptr);

    QString messageId() const { return m_message.id; }
    const Message& message() const { return m_message; }
    //! A newer envelope (flags changed); the body stays.
    void setEnvelope(const Message& envelope);
    void setBody(const Message& message);
    void setBodyFailed(const QString& error);
    BodyState bodyState() const { return m_state; }

    bool isExpanded() const { return m_expanded; }
    void setExpanded(bool expanded);
    //! The body's reader; null until the card was expanded with a body.
    MessageReader* reader() const { return m_reader; }
    //! The attachment chips shown (for tests and keyboard navigation).
    QList<QToolButton*> attachmentChips() const { return m_chipButtons; }
    //! What the card shows as text: header, then body (expanded) or snippet (collapsed).
    QString plainText() const;

signals:
    //! The user (or setExpanded) expanded or collapsed the card.
    void expandedChanged(bool expanded);
    //! The user clicked or pressed a key that expanded or collapsed the card (after
    //! expandedChanged); what the conversation remembers for the next time.
    void expandedByUser(bool expanded);
    void linkActivated(const QUrl& url);
    void saveAttachmentRequested(const QString& messageId, const QString& attachmentId,
                                 const QString& fileName);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void toggleByUser(bool expanded);
    void updateHeader();
    //! The short time where the header is too narrow for the full date beside the name.
    void fitHeader();
    void updateBody();
    void rebuildChips();
    QString snippet() const;

    ReaderSetup m_setup;
    Message m_message;
    BodyState m_state = BodyState::Loading;
    QString m_error;
    bool m_expanded = false;

    QWidget* m_header = nullptr;
    Avatar* m_avatar = nullptr;
    ElidedLabel* m_name = nullptr;
    ElidedLabel* m_address = nullptr;
    ElidedLabel* m_snippet = nullptr;
    ElidedLabel* m_recipients = nullptr;
    MessageTimeLabel* m_time = nullptr;
    QToolButton* m_plainToggle = nullptr;
    QLabel* m_status = nullptr;
    QWidget* m_body = nullptr;
    QVBoxLayout* m_bodyLayout = nullptr;
    MessageReader* m_reader = nullptr;
    QWidget* m_chips = nullptr;
    QList<QToolButton*> m_chipButtons;
};

} // namespace tributary::ui
