#include "compose/Outbox.h"

#include "net/SystemClock.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <QPointer>
#include <QPromise>
#include <QUuid>
#include <cmath>

namespace tributary {

namespace {

//! Only a failure that provably left the message undelivered is retried; a provider marks
//! the others not retryable (a lost answer to a message's end is SendErrorCode::Uncertain).
bool worthRetrying(const ProviderError& error) {
    return (error.kind == ErrorKind::Network && error.retryable) || error.kind == ErrorKind::RateLimited;
}

} // namespace

Capability capabilityFor(SendKind kind) {
    switch (kind) {
    case SendKind::New:
        return Capability::SendNew;
    case SendKind::Reply:
    case SendKind::ReplyAll:
        return Capability::Reply;
    case SendKind::Forward:
        return Capability::Forward;
    case SendKind::ThreadReply:
        return Capability::ThreadReply;
    }
    return Capability::SendNew;
}

QString userReason(const ProviderError& error) {
    if (error.kind == ErrorKind::Cancelled)
        return QObject::tr("Sending was cancelled.");
    return error.message.isEmpty() ? error.describe() : error.message;
}

Outbox::Outbox(ProviderLookup providers, std::shared_ptr<Clock> clock, Options options, QObject* parent)
    : QObject(parent)
    , m_providers(std::move(providers))
    , m_clock(clock ? std::move(clock) : SystemClock::shared())
    , m_options(std::move(options)) {
    qRegisterMetaType<tributary::OutboxState>();
    qRegisterMetaType<tributary::SendReceipt>();
}

Outbox::Outbox(SyncController* sync, QObject* parent)
    : Outbox(
          [sync = QPointer<SyncController>(sync)](const QString& accountId) -> Provider* {
              return sync ? sync->provider(accountId) : nullptr;
          },
          nullptr, Options{}, parent) {}

Outbox::~Outbox() {
    // The clock may be shared and outlive us: leave no timer behind.
    for (const ItemPtr& item : std::as_const(m_items))
        cancelTimer(*item);
}

QString Outbox::enqueue(const QString& accountId, OutgoingMessage message) {
    if (message.clientId.isEmpty())
        message.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString clientId = message.clientId;
    if (ItemPtr existing = find(clientId)) {
        if (existing->entry.state != OutboxState::Failed)
            return {};
        cancelTimer(*existing);
        m_order.removeAll(clientId);
    }
    auto item = std::make_shared<Item>();
    item->entry.accountId = accountId;
    item->entry.message = std::move(message);
    m_items.insert(clientId, item);
    m_order.append(clientId);
    qCInfo(lcCore) << "Outbox: queued a message for" << accountId;
    if (m_options.holdFor.count() > 0)
        wait(item, m_options.holdFor); // while the user may still take it back
    setState(item, OutboxState::Pending, {});
    pump(accountId);
    return clientId;
}

bool Outbox::retry(const QString& clientId) {
    const ItemPtr item = find(clientId);
    if (!item || item->entry.state == OutboxState::Sending || item->entry.state == OutboxState::Uncertain)
        return false;
    cancelTimer(*item);
    item->entry.attempts = 0;
    setState(item, OutboxState::Pending, {});
    pump(item->entry.accountId);
    return true;
}

bool Outbox::discard(const QString& clientId) {
    const ItemPtr item = find(clientId);
    if (!item || item->entry.state == OutboxState::Sending || item->entry.state == OutboxState::Uncertain)
        return false;
    erase(clientId);
    // It may have been holding its account's queue while waiting for a retry.
    pump(item->entry.accountId);
    return true;
}

bool Outbox::sendAgain(const QString& clientId) {
    const ItemPtr item = find(clientId);
    if (!item || item->entry.state != OutboxState::Uncertain)
        return false;
    resume(item, UncertainSend::SendAgain);
    return true;
}

bool Outbox::confirmSent(const QString& clientId) {
    const ItemPtr item = find(clientId);
    if (!item || item->entry.state != OutboxState::Uncertain)
        return false;
    resume(item, UncertainSend::WasSent);
    return true;
}

void Outbox::resume(const ItemPtr& item, UncertainSend decision) {
    qCInfo(lcCore) << "Outbox: the user decided about an unconfirmed message for" << item->entry.accountId
                   << (decision == UncertainSend::SendAgain ? "(send again)" : "(it was sent)");
    item->entry.message.ifUncertain = decision;
    item->entry.attempts = 0;
    // Behind what is queued already: the user's decision comes after those were written.
    m_order.removeAll(item->entry.message.clientId);
    m_order.append(item->entry.message.clientId);
    setState(item, OutboxState::Pending, {});
    pump(item->entry.accountId);
}

QFuture<QList<OutboxEntry>> Outbox::keepAsDrafts() {
    auto promise = std::make_shared<QPromise<QList<OutboxEntry>>>();
    promise->start();
    QFuture<QList<OutboxEntry>> future = promise->future();
    auto remaining = std::make_shared<int>(1); // one for the loop below, released after it
    auto finishOne = [this, promise, remaining, guard = QPointer<Outbox>(this)] {
        if (--*remaining > 0)
            return;
        promise->addResult(guard ? entries() : QList<OutboxEntry>());
        promise->finish();
    };
    for (const QString& clientId : QStringList(m_order)) {
        const ItemPtr item = find(clientId);
        if (!item)
            continue; // a draft saved at once, erased while we loop
        const OutboxState state = item->entry.state;
        if (state != OutboxState::Pending && state != OutboxState::Failed)
            continue;
        cancelTimer(*item); // no new attempt while it is being saved
        Provider* provider = m_providers ? m_providers(item->entry.accountId) : nullptr;
        if (!provider || !provider->capabilities().testFlag(Capability::Drafts)) {
            item->entry.detail = tr("This account keeps no drafts.");
            continue;
        }
        ++*remaining;
        // Failed, so that nothing sends it while its draft is written.
        setState(item, OutboxState::Failed, tr("Saving as a draft…"));
        const QPointer<Outbox> guard(this);
        provider->saveDraft(item->entry.message)
            .then(this,
                  [this, guard, clientId, finishOne](const Result<void>& saved) {
                      if (guard) {
                          if (saved.ok()) {
                              qCInfo(lcCore) << "Outbox: kept an unsent message as a draft";
                              erase(clientId);
                          } else if (const ItemPtr failed = find(clientId)) {
                              setState(failed, OutboxState::Failed,
                                       tr("Could not save it as a draft: %1").arg(userReason(saved.error())));
                          }
                      }
                      finishOne();
                  })
            .onCanceled(this, finishOne);
    }
    finishOne();
    return future;
}

std::optional<OutboxEntry> Outbox::entry(const QString& clientId) const {
    if (const ItemPtr item = find(clientId))
        return item->entry;
    return std::nullopt;
}

QList<OutboxEntry> Outbox::entries() const {
    QList<OutboxEntry> out;
    for (const QString& id : m_order)
        out.append(m_items.value(id)->entry);
    return out;
}

void Outbox::pump(const QString& accountId) {
    ItemPtr next;
    for (const QString& id : std::as_const(m_order)) {
        const ItemPtr& item = m_items[id];
        if (item->entry.accountId != accountId)
            continue;
        if (item->entry.state == OutboxState::Sending)
            return; // one at a time per account, so messages arrive in order
        if (item->entry.state == OutboxState::Pending) {
            if (item->waiting)
                return; // a retry holds the queue: what follows must not overtake it
            next = item;
            break;
        }
    }
    if (next)
        startSending(next);
}

void Outbox::startSending(const ItemPtr& item) {
    Provider* provider = m_providers ? m_providers(item->entry.accountId) : nullptr;
    if (!provider) {
        fail(item, ProviderError::notFound(tr("The account to send from is no longer set up."),
                                           QStringLiteral("no_account")));
        pump(item->entry.accountId);
        return;
    }
    const SendKind kind = item->entry.message.kind;
    if (!provider->capabilities().testFlag(capabilityFor(kind))) {
        fail(item, ProviderError::unsupported(kind == SendKind::ThreadReply ? tr("replies in a thread")
                                                                            : tr("sending this message")));
        pump(item->entry.accountId);
        return;
    }
    ++item->entry.attempts;
    const QString detail = item->entry.attempts > 1
                               ? tr("attempt %1 of %2").arg(item->entry.attempts).arg(m_options.maxAttempts)
                               : QString();
    setState(item, OutboxState::Sending, detail);
    const QString clientId = item->entry.message.clientId;
    whenResult(provider->send(item->entry.message), this,
               [this, clientId](const Result<SendReceipt>& result) { onSendFinished(clientId, result); });
}

void Outbox::onSendFinished(const QString& clientId, const Result<SendReceipt>& result) {
    const ItemPtr item = find(clientId);
    if (!item || item->entry.state != OutboxState::Sending)
        return;
    const QString accountId = item->entry.accountId;
    if (result.ok()) {
        if (result.value().alreadySent)
            qCInfo(lcCore) << "Outbox: an earlier attempt had sent the message for" << accountId;
        else
            qCInfo(lcCore) << "Outbox: sent a message for" << accountId;
        erase(clientId);
        // Observers may look the message up while handling Sent: it is gone, as promised.
        emit stateChanged(clientId, OutboxState::Sent, {});
        emit sent(accountId, clientId, result.value());
    } else if (result.error().code == SendErrorCode::Uncertain) {
        item->entry.error = result.error();
        item->entry.message.ifUncertain = UncertainSend::Ask;
        qCWarning(lcCore) << "Outbox: a message for" << accountId << "may have been sent; asking the user";
        setState(item, OutboxState::Uncertain, userReason(result.error()));
    } else if (worthRetrying(result.error()) && item->entry.attempts < m_options.maxAttempts) {
        scheduleRetry(item, result.error());
    } else {
        fail(item, result.error());
    }
    pump(accountId);
}

void Outbox::scheduleRetry(const ItemPtr& item, const ProviderError& error) {
    const RetryPolicy& policy = m_options.retry;
    std::chrono::milliseconds delay;
    if (error.retryAfter)
        delay = policy.clampServerWait(*error.retryAfter);
    else if (error.kind == ErrorKind::RateLimited)
        delay =
            policy.backoffCeiling(item->entry.attempts); // the server asked to slow down: no jitter to zero
    else
        delay = policy.backoffDelay(item->entry.attempts);
    item->entry.error = error;
    wait(item, delay);
    const auto seconds = static_cast<long long>(std::ceil(double(delay.count()) / 1000.0));
    qCInfo(lcCore) << "Outbox: send failed, retrying in" << delay.count() << "ms:" << error.describe();
    setState(item, OutboxState::Pending, tr("Retrying in %1 s: %2").arg(seconds).arg(userReason(error)));
}

void Outbox::wait(const ItemPtr& item, std::chrono::milliseconds delay) {
    item->waiting = true;
    const QString clientId = item->entry.message.clientId;
    item->retryTimer = m_clock->callAfter(delay, this, [this, clientId] {
        const ItemPtr waiting = find(clientId);
        if (!waiting || !waiting->waiting)
            return;
        waiting->waiting = false;
        waiting->retryTimer = 0;
        pump(waiting->entry.accountId);
    });
}

void Outbox::fail(const ItemPtr& item, const ProviderError& error) {
    cancelTimer(*item);
    item->entry.error = error;
    qCWarning(lcCore) << "Outbox: could not send a message for" << item->entry.accountId << ":"
                      << error.describe();
    setState(item, OutboxState::Failed, userReason(error));
}

void Outbox::setState(const ItemPtr& item, OutboxState state, const QString& detail) {
    item->entry.state = state;
    item->entry.detail = detail;
    emit stateChanged(item->entry.message.clientId, state, detail);
}

void Outbox::cancelTimer(Item& item) {
    if (item.retryTimer)
        m_clock->cancel(item.retryTimer);
    item.retryTimer = 0;
    item.waiting = false;
}

void Outbox::erase(const QString& clientId) {
    if (const ItemPtr item = find(clientId))
        cancelTimer(*item);
    m_items.remove(clientId);
    m_order.removeAll(clientId);
}

Outbox::ItemPtr Outbox::find(const QString& clientId) const {
    return m_items.value(clientId);
}

} // namespace tributary
