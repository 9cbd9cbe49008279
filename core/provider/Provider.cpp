#include "provider/Provider.h"

#include <QPromise>

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

QFuture<Result<ChannelChanges>> Provider::syncChanges(const QString&, const QVariantMap&,
                                                      const QHash<QString, MessageFlags>&) {
    return failed<ChannelChanges>(ProviderError::unsupported(tr("incremental sync")));
}

Result<void> Provider::subscribe(const QStringList&) {
    return ProviderError::unsupported(tr("live updates"));
}

void Provider::unsubscribe() {}

void Provider::setStatus(ConnectionStatus status) {
    m_status = std::move(status);
    emit statusChanged(m_status);
}

} // namespace tributary
