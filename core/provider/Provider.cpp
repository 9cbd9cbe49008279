#include "provider/Provider.h"

#include <QPromise>
#include <QUrl>

namespace tributary {

Provider::Provider(Account account, QObject* parent)
    : QObject(parent)
    , m_account(std::move(account)) {}

Provider::~Provider() = default;

QFuture<Result<QByteArray>> Provider::fetchAttachment(const QString&, const QString&) {
    return failed<QByteArray>(ProviderError::unsupported(tr("attachments")));
}

QFuture<Result<void>> Provider::saveDraft(const OutgoingMessage&) {
    return failed<void>(ProviderError::unsupported(tr("drafts")));
}

QFuture<Result<void>> Provider::editMessage(const QString&, const QString&) {
    return failed<void>(ProviderError::unsupported(tr("editing messages")));
}

QFuture<Result<void>> Provider::checkSending() {
    return failed<void>(ProviderError::unsupported(tr("checking the sending server")));
}

QFuture<Result<QList<UnfinishedSend>>> Provider::recoverUnfinishedSends() {
    // Without records there is nothing a crash could have left behind on the server.
    return readyResult<QList<UnfinishedSend>>(QList<UnfinishedSend>());
}

QFuture<Result<SendReceipt>> Provider::resolveUnfinishedSend(const QString&, UncertainSend) {
    return failed<SendReceipt>(ProviderError::unsupported(tr("finishing an interrupted send")));
}

QFuture<Result<void>> Provider::setFlags(const QStringList&, MessageFlags, MessageFlags) {
    return failed<void>(ProviderError::unsupported(tr("flags")));
}

QFuture<Result<void>> Provider::move(const QStringList&, const QString&) {
    return failed<void>(ProviderError::unsupported(tr("moving messages")));
}

QFuture<Result<void>> Provider::remove(const QStringList&) {
    return failed<void>(ProviderError::unsupported(tr("deleting messages")));
}

QFuture<Result<QStringList>> Provider::findMessages(const QString&, const QStringList&) {
    return failed<QStringList>(ProviderError::unsupported(tr("finding moved messages")));
}

QFuture<Result<QList<Message>>> Provider::search(const SearchQuery&) {
    return failed<QList<Message>>(ProviderError::unsupported(tr("server search")));
}

QFuture<Result<Channel>> Provider::createFolder(const QString&, const QString&) {
    return failed<Channel>(ProviderError::unsupported(tr("creating folders")));
}

QFuture<Result<Channel>> Provider::renameFolder(const QString&, const QString&) {
    return failed<Channel>(ProviderError::unsupported(tr("renaming folders")));
}

QFuture<Result<void>> Provider::deleteFolder(const QString&) {
    return failed<void>(ProviderError::unsupported(tr("deleting folders")));
}

QFuture<Result<void>> Provider::markChannelRead(const QString&) {
    return failed<void>(ProviderError::unsupported(tr("marking a whole folder read")));
}

// ---- Team triage (issue 13 §3) ---------------------------------------------------------

QFuture<Result<QList<Assignee>>> Provider::listAssignees() {
    return failed<QList<Assignee>>(ProviderError::unsupported(tr("assigning conversations")));
}

QFuture<Result<QList<ConversationTriage>>> Provider::fetchTriage(const QStringList&) {
    return failed<QList<ConversationTriage>>(ProviderError::unsupported(tr("conversation triage")));
}

QFuture<Result<void>> Provider::assign(const QString&, const Assignee&) {
    return failed<void>(ProviderError::unsupported(tr("assigning conversations")));
}

QFuture<Result<void>> Provider::setTriageStatus(const QString&, TriageStatus, const QDateTime&) {
    return failed<void>(ProviderError::unsupported(tr("conversation status")));
}

QFuture<Result<QList<InternalNote>>> Provider::listNotes(const QString&) {
    return failed<QList<InternalNote>>(ProviderError::unsupported(tr("internal notes")));
}

QFuture<Result<InternalNote>> Provider::addNote(const QString&, const QString&) {
    return failed<InternalNote>(ProviderError::unsupported(tr("internal notes")));
}

QString Provider::messageLink(const Message& message) const {
    if (message.messageIdHeader.isEmpty())
        return {};
    // RFC 2392: the Message-ID, percent-encoded, without angle brackets.
    return QStringLiteral("mid:") +
           QString::fromLatin1(QUrl::toPercentEncoding(message.messageIdHeader, "@"));
}

QFuture<Result<ChannelChanges>> Provider::syncChanges(const QString&, const QVariantMap&,
                                                      const QHash<QString, MessageFlags>&) {
    return failed<ChannelChanges>(ProviderError::unsupported(tr("incremental sync")));
}

Result<void> Provider::subscribe(const QStringList&) {
    return ProviderError::unsupported(tr("live updates"));
}

void Provider::unsubscribe() {}

// The chat message box (issue 13 §4): a provider without mentions offers none.
QList<Participant> Provider::mentionCandidates(const QString&) const {
    return {};
}

QString Provider::mentionMarkup(const Participant&) const {
    return {};
}

void Provider::setStatus(ConnectionStatus status) {
    m_status = std::move(status);
    emit statusChanged(m_status);
}

// --- Identities (issue 13 §1) --------------------------------------------------------------

Identity Provider::defaultIdentity() const {
    for (const Identity& identity : m_identities) {
        if (identity.isDefault)
            return identity;
    }
    return {};
}

void Provider::setIdentities(QList<Identity> identities) {
    bool haveDefault = false;
    for (Identity& identity : identities) {
        identity.isDefault = identity.isDefault && !haveDefault;
        haveDefault = haveDefault || identity.isDefault;
    }
    if (!haveDefault && !identities.isEmpty())
        identities.first().isDefault = true;
    if (identities == m_identities)
        return;
    m_identities = std::move(identities);
    emit identitiesChanged(m_identities);
}
// --- end of identities ---------------------------------------------------------------------

} // namespace tributary
