#pragma once

#include "inbox/ChatThreads.h"
#include "model/Model.h"
#include "reader/MessageReader.h"
#include "util/Result.h"

#include <QFuture>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QWidget>
#include <functional>

class QAction;
class QFrame;
class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QVBoxLayout;

namespace tributary {
class ExpandedMessages;
class RemoteContentPolicy;
} // namespace tributary

namespace tributary::ui {

class ChatGroup;
class MessageCard;

//! The conversation pane. An email thread is a stack of message cards, oldest first: the
//! newest and the unread ones expanded, older read ones collapsed to a line (click or
//! Enter toggles; what the user chose is remembered); each body is shown by a safe MessageReader. A chat
//! thread is compact bubbles grouped by author. Envelopes show at once; bodies are fetched when a card is
//! expanded (chat: at once) and fill in as they arrive.
class ConversationView : public QWidget {
    Q_OBJECT
public:
    //! Fetches a message's body (the sync layer routes it to the right provider).
    using BodyFetcher = std::function<QFuture<Result<Message>>(const QString& messageId)>;
    //! Fetches an attachment's bytes (inline cid: images in HTML mail).
    using AttachmentFetcher = MessageReader::AttachmentFetcher;

    //! At most this many cards open expanded when a thread is shown (the newest unread ones).
    static constexpr int kMaxInitiallyExpanded = 10;

    explicit ConversationView(BodyFetcher fetchBody, QWidget* parent = nullptr);

    //! Optional: without it, inline images of HTML mail stay empty.
    void setAttachmentFetcher(AttachmentFetcher fetcher);
    //! Optional (may be null): the "always load remote content" list of senders.
    void setRemoteContentPolicy(RemoteContentPolicy* policy);
    //! Optional (may be null): remembers the messages the user expanded or collapsed, so a
    //! thread opens the way it was left instead of with the default (newest and unread).
    void setExpandedMessages(ExpandedMessages* memory);

    //! Optional: where a chat conversation happens ("#support"), shown as its title: a chat
    //! thread's subject is its first message, which the conversation shows anyway.
    void setChannelLabel(std::function<QString(const QString& channelId)> label) {
        m_channelLabel = std::move(label);
    }

    //! Optional: which chat messages the user may edit and delete (their own, where the account
    //! allows it); those offer it in their context menu.
    void setChatEditable(std::function<bool(const Message&)> editable) {
        m_chatEditable = std::move(editable);
    }

    //! The chat message box, shown below a chat conversation (never below mail). The view
    //! takes it; the window sets its target for each conversation.
    void setChatBox(QWidget* box);
    //! Shown under a chat transcript, scrolling with it (the messages being sent).
    void setTranscriptTail(QWidget* tail);
    bool isShowingChat() const { return m_kind == ConversationKind::Chat && !m_threadId.isEmpty(); }

    //! A line above the conversation with a button for `action` ("This is a draft. [Edit
    //! Draft]"); an empty text hides it. The window sets it for each conversation it shows.
    void setNotice(const QString& text, QAction* action = nullptr);
    QString noticeText() const;

    //! Team triage (ui/triage/TriageController): `bar` goes above the conversation and stays
    //! there while it scrolls; `notes` after the messages. The view takes both; their owner
    //! shows and hides them (threadShown() says when).
    void setTriageWidgets(QWidget* bar, QWidget* notes);
    QPushButton* noticeButton() const { return m_noticeButton; }

    //! Shows a thread; `messages` are its envelopes, oldest first. Showing the same thread
    //! again (a new reply, a flag change) keeps bodies, readers and what is expanded.
    void showThread(const Thread& thread, const QList<Message>& messages);
    //! Back to the empty state.
    void clear();
    QString threadId() const { return m_threadId; }
    //! The conversation as plain text (what the reader sees), for tests and accessibility.
    QString plainText() const;

    //! The email cards shown, oldest first (empty for chat threads).
    QList<MessageCard*> messageCards() const { return m_cards; }
    //! The chat groups shown, oldest first (empty for email threads).
    QList<ChatGroup*> chatGroups() const { return m_groups; }

    // Chat threads (issue 13 §4): a chat conversation is its channel; a thread in it opens
    // inside the pane, in place of the channel's transcript, from its parent's "replies" line.
    //! Shows the chat thread of `messageId` (its parent or one of its replies).
    void openChatThread(const QString& messageId);
    //! Back from a chat thread to its channel.
    void closeChatThread();
    //! The chat thread shown (a Message::nativeThreadKey), or empty while the channel shows.
    QString chatThreadKey() const { return m_chatThreadKey; }
    //! The parent message of the chat thread shown (what a reply answers), or empty.
    QString chatThreadParentId() const;

public slots:
    void expandAll();
    void collapseAll();

signals:
    //! A link in a message was activated; the window opens it in the user's browser.
    void linkActivated(const QUrl& url);
    //! The user asked to save an attachment; the window asks where and saves it.
    void saveAttachmentRequested(const QString& messageId, const QString& attachmentId,
                                 const QString& fileName);
    //! The user asked to edit their chat message (see setChatEditable()).
    void editMessageRequested(const QString& messageId, const QString& currentText);
    //! The user asked to delete their chat message.
    void deleteMessageRequested(const QString& messageId);
    //! A chat thread opened (its parent message) or closed (empty).
    void chatThreadChanged(const QString& parentMessageId);
    //! The user scrolled a chat channel's transcript to its top: older history is wanted.
    void olderHistoryRequested(const QString& channelId);
    //! A thread was shown (again: a refresh shows the same id), or the view was cleared (empty).
    void threadShown(const QString& threadId);

private:
    void showEmail(const QList<Message>& messages, bool sameThread);
    void showChat(const QList<Message>& messages, bool sameThread);
    MessageCard* createCard(const Message& envelope);
    void fetch(const QString& messageId);
    void applyBody(const QString& messageId, const Result<Message>& result);
    void removeContent();
    void scrollToCard(MessageCard* card);
    //! Builds the chat bubbles of `shown`; `summaries` add the "replies" lines of thread parents.
    void buildChatGroups(const QList<Message>& shown, const QHash<QString, chatthreads::Summary>& summaries);
    //! A newly opened chat: at its first unread message, or at the bottom.
    void scrollChatToStart();
    void applyChatStart();
    void updateThreadBar();
    //! The chat group showing a message, or null.
    ChatGroup* groupOf(const QString& messageId) const;

    BodyFetcher m_fetchBody;
    AttachmentFetcher m_fetchAttachment;
    QPointer<RemoteContentPolicy> m_policy;
    QPointer<ExpandedMessages> m_memory;
    QString m_threadId;
    std::function<QString(const QString& channelId)> m_channelLabel;
    std::function<bool(const Message&)> m_chatEditable;
    ConversationKind m_kind = ConversationKind::Email;
    QList<Message> m_chatMessages;        //!< the chat messages shown (channel or thread)
    QList<Message> m_conversation;        //!< every message of the chat conversation, oldest first
    QHash<QString, Message> m_chatBodies; //!< fetched chat bodies of this conversation
    QString m_chatThreadKey;              //!< the chat thread shown instead of the channel, if any
    QString m_chatChannelId;
    int m_keepFromBottom = -1; //!< older history arrived: keep the view this far above the bottom
    bool m_askedOlder = false; //!< olderHistoryRequested() sent, no new messages since
    //! A chat opened here (its first unread message): kept at the top while the layout places
    //! the groups and bodies arrive, until the user scrolls.
    QString m_startAt;
    QSet<QString> m_requested;   //!< bodies asked for in this thread (each only once)
    quint64 m_generation = 0;    //!< bumps per shown thread, so late bodies of an old one are dropped
    bool m_followNewest = false; //!< a chat keeps its newest message in view (until the user scrolls up)

    QStackedWidget* m_stack = nullptr;
    QScrollArea* m_scroll = nullptr;
    QLabel* m_subject = nullptr;
    QLabel* m_meta = nullptr;
    QFrame* m_notice = nullptr;
    QLabel* m_noticeText = nullptr;
    QPushButton* m_noticeButton = nullptr;
    QPointer<QAction> m_noticeAction;
    QFrame* m_threadBar = nullptr; //!< "Thread in #general · Back" while a chat thread shows
    QLabel* m_threadBarText = nullptr;
    QPushButton* m_threadBack = nullptr;
    QVBoxLayout* m_list = nullptr; //!< cards or chat groups, then a stretch
    QWidget* m_chatBox = nullptr;
    QWidget* m_tail = nullptr;
    QVBoxLayout* m_tailSlot = nullptr; //!< under the chat groups
    QList<MessageCard*> m_cards;
    QList<ChatGroup*> m_groups;
};

} // namespace tributary::ui
