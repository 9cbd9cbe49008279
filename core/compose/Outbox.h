#pragma once

#include "net/Clock.h"
#include "net/RetryPolicy.h"
#include "provider/Provider.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

namespace tributary {

class SyncController;

//! Where a message in the outbox stands. Pending -> Sending -> Sent | Failed | Uncertain;
//! a failure that provably left the message undelivered (network, rate limit) goes back
//! to Pending until the retry is due. Uncertain: the server may have delivered it (its
//! answer to the end of the message was lost); it is never retried on its own.
enum class OutboxState { Pending, Sending, Sent, Failed, Uncertain };

//! A message the user sent, kept with everything they wrote until the provider confirms.
struct OutboxEntry {
    QString accountId;
    OutgoingMessage message;
    OutboxState state = OutboxState::Pending;
    //! Failed: the reason, for the user. Pending after a failure: when it retries and why.
    QString detail;
    std::optional<ProviderError> error; //!< the last failure, if any
    int attempts = 0;                   //!< sends tried since the last enqueue/retry
};

//! The messages being sent: queued per account, sent in order one at a time through the
//! account's provider with the message's clientId as the idempotency key.
//! Network failures and rate limits are retried with exponential back-off and jitter
//! (a server's Retry-After honoured), always with the same clientId, so a retry whose
//! earlier attempt did go through is recognised by the provider and nothing is sent twice.
//! A message waiting for its retry holds its account's queue, so messages arrive in the
//! order they were written.
//! Any other failure (authentication, an invalid message, the account gone) stops at once:
//! the message stays here, with its full text, as Failed with the reason, until the user
//! retries or discards it. A send that may have been delivered (SendErrorCode::Uncertain)
//! stays as Uncertain until the user says it was sent (confirmSent) or sends it again
//! (sendAgain): a lost answer never turns into a second delivery on its own. Failed and
//! Uncertain messages do not hold the queue. Sent messages leave.
//! The outbox keeps messages in memory only: bodies never go to disk (data policy).
//! GUI thread only.
class Outbox : public QObject {
    Q_OBJECT
public:
    //! The provider of an account, or nullptr when the account is gone.
    using ProviderLookup = std::function<Provider*(const QString& accountId)>;

    struct Options {
        //! Sends tried in total before a message is Failed (network failures, rate limits).
        int maxAttempts = 6;
        RetryPolicy retry;
        //! How long a newly queued message stays Pending before it goes to the provider, so
        //! the user can take it back ("undo send": discard() it meanwhile). Zero: at once.
        std::chrono::milliseconds holdFor{0};
    };

    Outbox(ProviderLookup providers, std::shared_ptr<Clock> clock, Options options,
           QObject* parent = nullptr);
    //! Providers from the SyncController, the system clock, default options.
    explicit Outbox(SyncController* sync, QObject* parent = nullptr);
    ~Outbox() override;

    //! Queues a message from `accountId` and returns its clientId (one is generated when
    //! `message.clientId` is empty). It waits Options::holdFor before it is sent. A Failed message with the
    //! same clientId is replaced (the user edited it and sent again). Returns an empty string, queuing
    //! nothing, when a message with that clientId is already Pending or Sending.
    QString enqueue(const QString& accountId, OutgoingMessage message);
    //! Sends a Failed message again, or a Pending one now instead of after its back-off.
    //! False if there is no such message or it is being sent.
    bool retry(const QString& clientId);
    //! Drops a Pending or Failed message (the user gave up on it). False if there is no
    //! such message, it is being sent (the provider may be delivering it right now) or it
    //! is Uncertain (the user must say whether it went: confirmSent or sendAgain).
    bool discard(const QString& clientId);
    //! An Uncertain message: the user chose to send it again. False for other states.
    bool sendAgain(const QString& clientId);
    //! An Uncertain message: the user found it was delivered; the provider finishes it as
    //! sent (its Sent copy kept) without sending. False for other states.
    bool confirmSent(const QString& clientId);
    //! Quitting: keeps every Pending and Failed message as a draft on its server (through
    //! Provider::saveDraft) and drops it from the outbox once saved. The future gives the
    //! messages still here afterwards: being sent, Uncertain, or not kept (the account has
    //! no drafts, or saving failed; `detail` says why).
    QFuture<QList<OutboxEntry>> keepAsDrafts();

    std::optional<OutboxEntry> entry(const QString& clientId) const;
    //! Everything not yet sent, in the order queued.
    QList<OutboxEntry> entries() const;
    bool isEmpty() const { return m_order.isEmpty(); }
    //! Messages not sent yet, in any state (what quitting must not lose silently).
    int unsentCount() const { return int(m_order.size()); }
    const Options& options() const { return m_options; }

signals:
    //! Every state change. `detail` is the failure reason (Failed), when the next attempt
    //! comes and why (Pending after a failure), or empty.
    void stateChanged(const QString& clientId, tributary::OutboxState state, const QString& detail);
    //! The provider confirmed the message (also when a retry found it had gone already).
    void sent(const QString& accountId, const QString& clientId, const tributary::SendReceipt& receipt);

private:
    struct Item {
        OutboxEntry entry;
        Clock::TimerId retryTimer = 0;
        bool waiting = false; //!< Pending with a back-off timer running
    };
    //! Shared so an item survives a signal handler that changes the outbox meanwhile.
    using ItemPtr = std::shared_ptr<Item>;

    void pump(const QString& accountId);
    void startSending(const ItemPtr& item);
    void onSendFinished(const QString& clientId, const Result<SendReceipt>& result);
    void scheduleRetry(const ItemPtr& item, const ProviderError& error);
    //! Keeps a Pending item (and its account's queue behind it) for `delay`, then pumps.
    void wait(const ItemPtr& item, std::chrono::milliseconds delay);
    void fail(const ItemPtr& item, const ProviderError& error);
    void resume(const ItemPtr& item, UncertainSend decision);
    void setState(const ItemPtr& item, OutboxState state, const QString& detail);
    void cancelTimer(Item& item);
    void erase(const QString& clientId);
    ItemPtr find(const QString& clientId) const;

    ProviderLookup m_providers;
    std::shared_ptr<Clock> m_clock;
    Options m_options;
    QHash<QString, ItemPtr> m_items; //!< by clientId
    QStringList m_order;             //!< clientIds in the order queued
};

//! The capability a provider needs to send this kind of message.
Capability capabilityFor(SendKind kind);
//! The sentence to show for a failed send or save: the error's message, else its description.
QString userReason(const ProviderError& error);

} // namespace tributary

Q_DECLARE_METATYPE(tributary::OutboxState)
