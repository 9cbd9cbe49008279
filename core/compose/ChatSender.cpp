#include "compose/ChatSender.h"

#include <QSet>
#include <QUuid>

namespace tributary {

ChatSender::ChatSender(Outbox* outbox, QObject* parent)
    : QObject(parent)
    , m_outbox(outbox) {
    if (!m_outbox)
        return;
    connect(m_outbox, &Outbox::stateChanged, this, &ChatSender::onState);
    connect(m_outbox, &Outbox::sent, this, &ChatSender::onSent);
}

QString ChatSender::send(const ChatTarget& target, const ChatDraft& draft) {
    if (!m_outbox || !target.isValid() || draft.isEmpty())
        return {};
    OutgoingMessage message = draft.message(target);
    message.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    ChatPending p;
    p.clientId = message.clientId;
    p.targetKey = target.key();
    p.text = draft.text.trimmed();
    // Known before the outbox reports its first state, so the message shows at once.
    m_pending.insert(p.clientId, p);
    m_order.append(p.clientId);
    m_channels.insert(p.clientId, target.channelId);
    const QString clientId = m_outbox->enqueue(target.accountId, std::move(message));
    if (clientId.isEmpty()) {
        m_pending.remove(p.clientId);
        m_order.removeAll(p.clientId);
        return {};
    }
    // The outbox holds new mail a few seconds for "undo send"; a chat message goes now.
    m_outbox->retry(clientId);
    emit pendingChanged(p.targetKey);
    return clientId;
}

bool ChatSender::retry(const QString& clientId) {
    return m_outbox && owns(clientId) && m_outbox->retry(clientId);
}

QString ChatSender::discard(const QString& clientId) {
    if (!m_outbox || !owns(clientId) || !m_outbox->discard(clientId))
        return {};
    const ChatPending p = m_pending.take(clientId);
    m_order.removeAll(clientId);
    m_channels.remove(clientId);
    emit pendingChanged(p.targetKey);
    return p.text;
}

bool ChatSender::confirmSent(const QString& clientId) {
    return m_outbox && owns(clientId) && m_outbox->confirmSent(clientId);
}

bool ChatSender::sendAgain(const QString& clientId) {
    return m_outbox && owns(clientId) && m_outbox->sendAgain(clientId);
}

QList<ChatPending> ChatSender::pending(const QString& targetKey) const {
    QList<ChatPending> out;
    for (const QString& id : m_order) {
        const ChatPending& p = m_pending[id];
        if (p.targetKey == targetKey)
            out.append(p);
    }
    return out;
}

void ChatSender::dropKnown(const std::function<bool(const QString& messageId)>& known) {
    QSet<QString> changed;
    for (const QString& id : QStringList(m_order)) {
        const ChatPending p = m_pending.value(id);
        if (p.state != OutboxState::Sent || !known(p.confirmedId))
            continue;
        m_pending.remove(id);
        m_order.removeAll(id);
        changed.insert(p.targetKey);
    }
    for (const QString& key : std::as_const(changed))
        emit pendingChanged(key);
}

void ChatSender::setUnsent(const QString& targetKey, const ChatDraft& draft) {
    if (draft.isEmpty())
        m_unsent.remove(targetKey);
    else
        m_unsent.insert(targetKey, draft);
}

QStringList ChatSender::unsentKeys() const {
    return m_unsent.keys();
}

void ChatSender::onState(const QString& clientId, OutboxState state, const QString& detail) {
    const auto it = m_pending.find(clientId);
    if (it == m_pending.end() || state == OutboxState::Sent)
        return; // Sent comes with its receipt (onSent)
    it->state = state;
    it->detail = detail;
    emit pendingChanged(it->targetKey);
}

void ChatSender::onSent(const QString& accountId, const QString& clientId, const SendReceipt& receipt) {
    const auto it = m_pending.find(clientId);
    if (it == m_pending.end())
        return;
    it->state = OutboxState::Sent;
    it->detail.clear();
    it->confirmedId = receipt.messageId;
    const QString key = it->targetKey;
    // Without an id to recognise its copy by, the message cannot be replaced: it just leaves.
    if (receipt.messageId.isEmpty()) {
        m_pending.erase(it);
        m_order.removeAll(clientId);
    }
    emit pendingChanged(key);
    emit confirmed(accountId, m_channels.take(clientId), receipt.messageId);
}

} // namespace tributary
