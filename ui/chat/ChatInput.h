#pragma once

#include "compose/ChatDraft.h"

#include <QPointer>
#include <QWidget>
#include <functional>

class QKeyEvent;
class QLabel;
class QListWidget;
class QTextEdit;
class QToolButton;

namespace tributary {
class ChatSender;
} // namespace tributary

namespace tributary::ui {

//! The message box at the bottom of a chat conversation. Enter sends (through the
//! ChatSender, so through the Outbox), Shift+Enter starts a new line; it grows with its text
//! up to kMaxLines. "@" + letters offers people to mention (inserted by name, sent in the
//! provider's syntax), ":" + two letters offers emoji by shortcode; Up/Down pick, Enter or
//! Tab take, Esc closes the list. Up in an empty box asks to edit the user's last message
//! (editLastRequested); while editing, Enter saves and Esc cancels. It writes to whatever
//! target it is given: a channel, or a thread (a reply in it).
class ChatInput : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 6;
    static constexpr int kMaxSuggestions = 8;

    explicit ChatInput(ChatSender* sender, QWidget* parent = nullptr);

    //! Where Enter posts. The text left unsent in the previous place is kept (ChatSender)
    //! and the new place's comes back; an edit in progress is cancelled.
    void setTarget(const ChatTarget& target);
    ChatTarget target() const { return m_target; }

    //! The people "@" offers for a target, and how its provider writes a mention of one
    //! (empty: the name is sent as typed).
    using People = std::function<QList<Participant>(const ChatTarget&)>;
    using Markup = std::function<QString(const ChatTarget&, const Participant&)>;
    void setMentions(People people, Markup markup);

    //! Puts one of the user's messages in the box to be edited: Enter saves (editSubmitted),
    //! Esc puts back what the box held before.
    void beginEdit(const QString& messageId, const QString& text);
    void cancelEdit();
    bool isEditing() const { return !m_editingId.isEmpty(); }
    QString editingId() const { return m_editingId; }

    //! A line under the box for something the user must know (an edit refused, nothing to
    //! send to); empty restores the key hint.
    void showStatus(const QString& text);
    QString statusText() const;

    //! What the box holds now.
    ChatDraft draft() const;
    //! Text of a message that was not sent, back in the box (after what it holds).
    void putBack(const QString& text);
    //! Focuses the text, the cursor at its end.
    void focusInput();

    QTextEdit* editor() const { return m_editor; }
    QListWidget* suggestions() const { return m_suggestions; }
    QLabel* banner() const { return m_banner; }
    QString placeholder() const;

signals:
    //! Enter while editing: the new text of `messageId` (mentions in the provider's syntax).
    void editSubmitted(const QString& messageId, const QString& text);
    //! Up in an empty box: the window looks for the user's last message at `target`.
    void editLastRequested(const tributary::ChatTarget& target);
    //! Esc in a thread reply with nothing to cancel: back to writing in the channel.
    void leaveThreadRequested();
    //! A message went to the outbox.
    void messageSent(const QString& clientId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool handleKey(QKeyEvent* key);
    void submit();
    void onTextChanged();
    void updateHeight();
    void updateSuggestions();
    void acceptSuggestion();
    void moveSuggestion(int delta);
    void hideSuggestions();
    void updateBanner();
    void setDraft(const ChatDraft& draft);
    QString hint() const;

    QPointer<ChatSender> m_sender;
    ChatTarget m_target;
    People m_people;
    Markup m_markup;
    QList<ChatMention> m_mentions;
    QString m_editingId;
    ChatDraft m_beforeEdit; //!< what the box held when an edit began
    bool m_filling = false; //!< the box's text is being set, not typed
    int m_queryStart = -1;  //!< where the "@" or ":" being completed is

    QLabel* m_banner = nullptr;
    QListWidget* m_suggestions = nullptr;
    QTextEdit* m_editor = nullptr;
    QToolButton* m_send = nullptr;
    QLabel* m_status = nullptr;
    QString m_statusText;
};

} // namespace tributary::ui
