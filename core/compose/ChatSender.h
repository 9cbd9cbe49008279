#pragma once

#include "compose/ChatDraft.h"
#include "compose/Outbox.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

namespace tributary {

//! A chat message the user sent from a message box, shown in its transcript until the
//! provider's copy of it is.
struct ChatPending {
    QString clientId;
    QString targetKey; //!< ChatTarget::key()
    QString text;      //!< as the user wrote it (mentions by name)
    //! Pending/Sending: on its way; Sent: confirmed, waiting for its copy to show;
    //! Failed: not sent, `detail` says why; Uncertain: maybe sent, the user decides.
    OutboxState state = OutboxState::Pending;
    QString detail;
    QString confirmedId; //!< the provider's global id of the posted message, once Sent

    bool operator==(const ChatPending&) const = default;
};

//! The chat message boxes' way out: every message goes through the one Outbox the composers
//! use (idempotent clientId, retries, nothing lost until the provider confirms), at once (a
//! chat has no "undo send" hold). It remembers, per place written to, the messages still
//! shown as pending and the text left unsent in a box (so switching conversations keeps it;
//! in memory only, like the outbox: bodies never go to disk).
//! GUI thread only.
class ChatSender : public QObject {
    Q_OBJECT
public:
    explicit ChatSender(Outbox* outbox, QObject* parent = nullptr);

    //! Queues `draft` for `target` and starts sending it now. Returns its clientId, or empty
    //! when there is nothing to send or no outbox.
    QString send(const ChatTarget& target, const ChatDraft& draft);
    //! A Failed message sent again with the same clientId (never posted twice).
    bool retry(const QString& clientId);
    //! A Failed message dropped; its text is handed back (to put into the box), or empty.
    QString discard(const QString& clientId);
    //! An Uncertain message: the user found it was sent, or wants it sent once more.
    bool confirmSent(const QString& clientId);
    bool sendAgain(const QString& clientId);

    //! The messages of one place still shown as pending, oldest first.
    QList<ChatPending> pending(const QString& targetKey) const;
    //! Whether a box sent this message (so no mail composer opens for it).
    bool owns(const QString& clientId) const { return m_pending.contains(clientId); }
    //! Confirmed messages whose copy the inbox now has (`known` says which ids it has)
    //! leave: the copy shows in their place.
    void dropKnown(const std::function<bool(const QString& messageId)>& known);

    //! What a box holds unsent, kept while the user looks elsewhere.
    void setUnsent(const QString& targetKey, const ChatDraft& draft);
    ChatDraft unsent(const QString& targetKey) const { return m_unsent.value(targetKey); }
    //! Places with unsent text (what quitting must not lose without asking).
    QStringList unsentKeys() const;

signals:
    //! A pending message of this place appeared, changed state or left.
    void pendingChanged(const QString& targetKey);
    //! The provider confirmed a message (the caller may look for its copy now).
    void confirmed(const QString& accountId, const QString& channelId, const QString& messageId);

private:
    void onState(const QString& clientId, OutboxState state, const QString& detail);
    void onSent(const QString& accountId, const QString& clientId, const SendReceipt& receipt);

    QPointer<Outbox> m_outbox;
    QHash<QString, ChatPending> m_pending; //!< by clientId
    QStringList m_order;                   //!< clientIds, oldest first
    QHash<QString, QString> m_channels;    //!< clientId -> channel id
    QHash<QString, ChatDraft> m_unsent;    //!< by target key
};

} // namespace tributary
