#pragma once

#include "compose/Outbox.h"
#include "model/Model.h"
#include "provider/Provider.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QTextEdit;
class QToolButton;

namespace tributary {
class Clock;
class DraftAutosaver;
class InboxStore;
class SyncController;
class ViewStateCache;
struct ReplyDraft;
} // namespace tributary

namespace tributary::ui {

class AttachmentTray;
class ComposerBody;
class FormatBar;
class RecipientEdit;

//! What a composer needs from the application. Nothing here is owned by the composer.
struct ComposerServices {
    SyncController* sync = nullptr; //!< accounts, providers, bodies of originals
    InboxStore* store = nullptr;    //!< originals' envelopes, threads, people for completion
    Outbox* outbox = nullptr;       //!< where Send puts the message
    //! Optional: remembers the last From account and plain/rich choice between windows.
    ViewStateCache* cache = nullptr;
    //! Optional: the clock draft autosave runs on (tests); the system clock otherwise.
    std::shared_ptr<Clock> clock;
};

//! A top-level, non-modal window to write a message: new, reply, reply all, forward, or a
//! reply in a chat thread. From (accounts that can send it), To/Cc/Bcc with completion
//! from people already seen, Subject, a plain or rich body (bold, italic, link, lists;
//! rich sends HTML plus a plain-text alternative), attachments by picker or drag and
//! drop. Send (Ctrl+Return) hands the message to the Outbox and shows Pending/Sending,
//! then Sent and closes; a failure keeps everything and says why, with Retry. While
//! the user writes, the draft is saved through the provider (accounts with Drafts).
//! Closing with unsent text asks to save it as a draft, discard it or go back.
//! Keyboard: Ctrl+Return send, Esc or Ctrl+W close, Ctrl+Shift+A attach, Ctrl+Shift+C / Ctrl+Shift+B show Cc
//! / Bcc, Ctrl+Shift+X rich text; in rich mode Ctrl+B, Ctrl+I, Ctrl+K, Ctrl+Shift+8/7.
class ComposerWindow : public QMainWindow {
    Q_OBJECT
public:
    //! Sending covers the outbox's Pending and Sending; Failed is editable again. MaybeSent:
    //! the server's answer to the message was lost, so it may have been delivered; the
    //! window waits for the user to say it was sent or to send it again.
    enum class Phase { Loading, Editing, Sending, Sent, Failed, MaybeSent };

    explicit ComposerWindow(const ComposerServices& services, QWidget* parent = nullptr);
    ~ComposerWindow() override;

    // Factories: a shown window that deletes itself when closed.
    //! A new message from `accountId` (else the last one used, else the first) to `to`.
    static ComposerWindow* newMessage(const ComposerServices& services, const QString& accountId = {},
                                      const QList<Participant>& to = {});
    //! Reply, ReplyAll or Forward to a message (by global id): loads its body, then fills
    //! recipients, subject, quote, threading headers and, for a forward, its attachments.
    static ComposerWindow* reply(const ComposerServices& services, const QString& messageId, SendKind kind);
    //! A reply in a chat thread (ThreadReply into the thread's channel); nullptr if the
    //! thread has no message to answer.
    static ComposerWindow* chatReply(const ComposerServices& services, const QString& threadId);
    //! Reopens a message the outbox holds (a failed send whose window was closed);
    //! nullptr if the outbox no longer has it.
    static ComposerWindow* fromOutbox(const ComposerServices& services, const QString& clientId);
    //! Goes on writing a draft (by global id): its recipients, subject, text and attachments,
    //! from its account. Saving replaces that draft and sending removes it
    //! (OutgoingMessage::replacesDraftId). nullptr if the store does not hold it.
    static ComposerWindow* fromDraft(const ComposerServices& services, const QString& draftMessageId);

    // The same set-ups on a window made by the constructor (not shown by these).
    void beginNew(const QString& accountId = {}, const QList<Participant>& to = {});
    void beginReply(const QString& messageId, SendKind kind);
    bool beginChatReply(const QString& threadId);
    bool beginFromOutbox(const QString& clientId);
    bool beginDraft(const QString& draftMessageId);

    //! The message as written now: what Send queues and autosave saves.
    OutgoingMessage message() const;
    //! The idempotency key of this message, the same for its drafts and every send.
    QString clientId() const { return m_clientId; }
    //! The account chosen under From.
    QString accountId() const;
    SendKind kind() const { return m_kind; }
    Phase phase() const { return m_phase; }
    bool canSend() const;
    //! The status line: "Loading the original message…", "Waiting to send…", "Sending…",
    //! "Sent", "Could not send: <reason>".
    QString statusText() const;
    //! "Saving…", "Saved at 12:04", "Could not save: <reason>", or empty.
    QString draftStatusText() const;
    bool isRichText() const;
    //! How long "Sent" shows before the window closes (default 900 ms).
    void setCloseDelay(int ms) { m_closeDelayMs = ms; }

    QComboBox* fromPicker() const { return m_from; }
    RecipientEdit* toEdit() const { return m_to; }
    RecipientEdit* ccEdit() const { return m_cc; }
    RecipientEdit* bccEdit() const { return m_bcc; }
    QLineEdit* subjectEdit() const { return m_subject; }
    QTextEdit* bodyEdit() const;
    AttachmentTray* attachmentTray() const { return m_tray; }
    FormatBar* formatBar() const { return m_formatBar; }
    QAction* sendAction() const { return m_sendAction; }
    QAction* attachAction() const { return m_attachAction; }
    QAction* richTextAction() const { return m_richAction; }
    QToolButton* sendButton() const { return m_sendButton; }
    QPushButton* retryButton() const { return m_retryButton; }
    //! MaybeSent: "It was sent" and "Send again".
    QPushButton* wasSentButton() const { return m_wasSentButton; }
    QPushButton* sendAgainButton() const { return m_sendAgainButton; }
    //! The "save as draft?" question while it is open.
    QMessageBox* closePrompt() const;
    DraftAutosaver* autosaver() const { return m_autosaver; }

    //! While the outbox still holds the message (Options::holdFor): takes it back and shows
    //! the window again with everything written, ready to edit. False when it is too late.
    bool undoSend();
    //! Esc and Ctrl+W: closes, asking first about unsent work.
    QAction* closeAction() const { return m_closeAction; }

public slots:
    //! Queues the message in the outbox (when canSend()). When the outbox holds messages
    //! before sending them, the window hides meanwhile (the main window offers Undo) and
    //! comes back if sending fails.
    void send();
    //! After a failure: sends what is written now again, under the same clientId.
    void retry();
    //! MaybeSent: the user found the message was delivered (the outbox finishes it as sent).
    void confirmSent();
    //! MaybeSent: the user chose to send it again, knowing it may arrive twice.
    void sendAgain();
    void attachFiles(const QStringList& paths);
    void chooseFiles();
    void setRichText(bool on);
    void setCcVisible(bool visible);
    void setBccVisible(bool visible);

signals:
    //! Send was pressed and the outbox took the message.
    void queued(const QString& accountId, const QString& clientId);
    //! The provider confirmed the message.
    void sent(const QString& accountId, const QString& clientId);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // ComposerWindow.cpp: the window itself.
    void buildUi();
    void buildToolBar();
    QWidget* buildHeader();
    QWidget* buildBanner();
    void showBanner(const QString& text, bool error);
    void buildStatusBar();
    //! One From entry per identity of each account that can send this (an account whose
    //! provider reported none yet: one entry that sends from the provider's default).
    void populateFrom(Capability needed, const QString& onlyAccount = {});
    //! Lists the identities again (a provider reported new ones), keeping the choice.
    void refreshFrom();
    //! The account's default identity.
    void selectAccount(const QString& accountId);
    //! The account's entry for `who` (one of its identities), else its first.
    void selectIdentity(const QString& accountId, const Participant& who);
    void onFromChanged();
    void noteEdited();
    void updateSendEnabled();
    void updateTitle();
    void applyPhase();
    void setPhase(Phase phase);
    void setNotice(const QString& notice);
    //! The identity chosen under From, or an empty one (the provider's default).
    Participant fromParticipant() const;
    //! Every identity of every account: who "me" is for reply all and completion.
    QList<Identity> ownIdentities() const;
    QStringList ownAddresses() const;
    bool editable() const;
    // ComposerStart.cpp: filling the window.
    void applyDraft(const ReplyDraft& draft, bool withBody);
    //! From the alias the original was addressed to (or written from), as Thunderbird does.
    void selectReplyIdentity(const Message& original);
    void showChatFields(const QString& accountId, const QString& channelId, const QString& fallback);
    void fetchAttachments(const QString& messageId, const QList<Attachment>& attachments);
    void setBodyText(const QString& text, const QString& html = {});
    void loadPreferences(bool chooseFrom);
    // ComposerSending.cpp: send, outbox, drafts, closing.
    void startAutosave();
    void onOutboxState(const QString& clientId, OutboxState state, const QString& detail);
    bool hasUnsentWork() const;
    void askToSave();
    void finishClosing(bool discardDraft);

    ComposerServices m_services;
    QString m_clientId;
    SendKind m_kind = SendKind::New;
    //! Threading fields of replies (inReplyToId, headers), channel of chat replies.
    OutgoingMessage m_base;
    bool m_chat = false;
    Phase m_phase = Phase::Editing;
    QString m_outboxDetail;
    OutboxState m_outboxState = OutboxState::Pending;
    QString m_notice;
    bool m_filling = false;     //!< programmatic changes are not user edits
    bool m_edited = false;      //!< the user changed something
    bool m_fromTouched = false; //!< the user chose the From account
    bool m_richTouched = false; //!< the user chose plain or rich
    bool m_closing = false;     //!< close() is final now
    bool m_savingForClose = false;
    bool m_resumingDraft = false; //!< beginDraft(): loading says so
    bool m_steppedAside = false;  //!< hidden while the outbox holds the message
    int m_closeDelayMs = 900;

    QComboBox* m_from = nullptr;
    Capability m_fromNeeded = Capability::SendNew; //!< what populateFrom() listed, for refreshFrom()
    QString m_fromOnly;
    RecipientEdit* m_to = nullptr;
    RecipientEdit* m_cc = nullptr;
    RecipientEdit* m_bcc = nullptr;
    QLineEdit* m_subject = nullptr;
    QLabel* m_channelLabel = nullptr;
    QWidget* m_fromRow = nullptr;
    QWidget* m_toRow = nullptr;
    QWidget* m_ccRow = nullptr;
    QWidget* m_bccRow = nullptr;
    QWidget* m_subjectRow = nullptr;
    QWidget* m_channelRow = nullptr;
    QToolButton* m_ccToggle = nullptr;
    QToolButton* m_bccToggle = nullptr;
    ComposerBody* m_body = nullptr;
    FormatBar* m_formatBar = nullptr;
    AttachmentTray* m_tray = nullptr;
    QAction* m_sendAction = nullptr;
    QAction* m_attachAction = nullptr;
    QAction* m_richAction = nullptr;
    QAction* m_closeAction = nullptr;
    QToolButton* m_sendButton = nullptr;
    QFrame* m_banner = nullptr;
    QLabel* m_bannerIcon = nullptr;
    QLabel* m_bannerText = nullptr;
    QLabel* m_statusIcon = nullptr;
    QLabel* m_statusLabel = nullptr;
    QPushButton* m_retryButton = nullptr;
    QPushButton* m_wasSentButton = nullptr;
    QPushButton* m_sendAgainButton = nullptr;
    QLabel* m_draftLabel = nullptr;
    DraftAutosaver* m_autosaver = nullptr;
    QPointer<QMessageBox> m_prompt;
};

} // namespace tributary::ui
