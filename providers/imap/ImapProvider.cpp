#include "imap/ImapProvider.h"

#include "imap/ImapClient.h"
#include "imap/ImapIdler.h"
#include "imap/ImapIds.h"
#include "imap/ImapSettings.h"
#include "imap/ImapWorker.h"
#include "imap/VmimeSupport.h"
#include "provider/SecretSource.h"
#include "util/Logging.h"

#include <QPromise>
#include <QRegularExpression>

namespace tributary {

namespace {
template <typename T>
void complete(const std::shared_ptr<QPromise<Result<T>>>& promise, Result<T> result) {
    promise->addResult(std::move(result));
    promise->finish();
}
} // namespace

ImapProvider::ImapProvider(Account account, ProviderContext context, QObject* parent)
    : Provider(std::move(account), parent)
    , m_context(context)
    , m_abort(std::make_shared<std::atomic_bool>(false)) {
    qRegisterMetaType<ConnectionStatus>();
    imap::initVmime(); // no-op after registerImapProvider(); here for direct construction
    auto settings = imap::ImapSettings::fromAccount(this->account());
    if (!settings) {
        m_settingsError = settings.error();
        qCInfo(lcImap) << "Account" << this->account().id
                       << "has unusable settings:" << m_settingsError.describe();
        return;
    }
    m_settings = std::make_unique<imap::ImapSettings>(settings.value());
    m_thread = new QThread();
    m_thread->setObjectName(QStringLiteral("imap:") + this->account().id);
    m_worker = new imap::ImapWorker(*m_settings, m_abort);
    m_worker->moveToThread(m_thread);
    connect(m_worker, &imap::ImapWorker::statusChanged, this, &ImapProvider::onWorkerStatus,
            Qt::QueuedConnection);
    m_thread->start();
}

ImapProvider::~ImapProvider() {
    m_idlers.clear();
    if (!m_thread)
        return;
    // Abort first, so queued operations finish at once (Cancelled) and a blocking call
    // in flight returns within milliseconds; then close the connection on the worker's
    // own thread, hand the worker back to this thread and stop.
    m_abort->store(true);
    QThread* home = thread();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, home] {
            worker->shutdown();
            worker->moveToThread(home);
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    delete m_worker;
    delete m_thread;
}

Capabilities ImapProvider::capabilities() const {
    return Capability::Folders | Capability::SendNew | Capability::Reply | Capability::Forward |
           Capability::Flags | Capability::Move | Capability::Delete | Capability::ServerSearch |
           Capability::Attachments | Capability::Drafts | Capability::Push | Capability::IncrementalSync |
           Capability::VerifySending | Capability::ManageFolders | Capability::MarkChannelRead;
}

void ImapProvider::onWorkerStatus(const ConnectionStatus& status) {
    if (status.state == ConnectionState::NeedsSignIn)
        m_secret.clear(); // read it again next time: the user may have fixed it meanwhile
    setStatus(status);
}

QFuture<Result<QByteArray>> ImapProvider::readSecret() {
    if (!m_context.secrets) {
        return failed<QByteArray>(ProviderError::auth(tr("No password store is available for this account."),
                                                      QStringLiteral("no_secrets")));
    }
    return m_context.secrets->readSecret(account().id, m_settings->secretKind());
}

template <typename T>
QFuture<Result<T>> ImapProvider::post(std::function<Result<T>(imap::ImapClient&)> operation) {
    if (!m_settings)
        return failed<T>(m_settingsError);
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    QFuture<Result<T>> future = promise->future();
    // The worker pointer is only dereferenced on the worker's thread, by a call that Qt
    // drops if the worker is gone; the facade's `this` never crosses over.
    auto dispatch = [worker = m_worker, promise, operation = std::move(operation)](const QByteArray& secret) {
        QMetaObject::invokeMethod(
            worker,
            [worker, promise, operation, secret] {
                if (promise->isCanceled()) {
                    complete<T>(promise, ProviderError::cancelled());
                    return;
                }
                worker->client().setSecret(secret);
                complete<T>(promise, operation(worker->client()));
            },
            Qt::QueuedConnection);
    };
    if (!m_secret.isEmpty()) {
        dispatch(m_secret);
        return future;
    }
    readSecret().then(this, [this, promise, dispatch](const Result<QByteArray>& secret) {
        if (!secret) {
            setStatus(ConnectionStatus{ConnectionState::NeedsSignIn, secret.error().message, 0, 0});
            complete<T>(promise, secret.error());
            return;
        }
        m_secret = secret.value();
        dispatch(m_secret);
    });
    return future;
}

QFuture<Result<void>> ImapProvider::connectAccount() {
    return post<void>([](imap::ImapClient& c) { return c.connect(); });
}

QFuture<Result<QList<Channel>>> ImapProvider::listChannels() {
    return post<QList<Channel>>([](imap::ImapClient& c) { return c.listChannels(); });
}

QFuture<Result<MessagePage>> ImapProvider::listMessages(const QString& channelId, const PageRequest& page) {
    return post<MessagePage>(
        [channelId, page](imap::ImapClient& c) { return c.listMessages(channelId, page); });
}

QFuture<Result<Message>> ImapProvider::fetchBody(const QString& messageId) {
    return post<Message>([messageId](imap::ImapClient& c) { return c.fetchBody(messageId); });
}

QFuture<Result<QByteArray>> ImapProvider::fetchAttachment(const QString& messageId,
                                                          const QString& attachmentId) {
    return post<QByteArray>([messageId, attachmentId](imap::ImapClient& c) {
        return c.fetchAttachment(messageId, attachmentId);
    });
}

QFuture<Result<SendReceipt>> ImapProvider::send(const OutgoingMessage& message) {
    return post<SendReceipt>([message](imap::ImapClient& c) { return c.send(message); });
}

QFuture<Result<void>> ImapProvider::checkSending() {
    return post<void>([](imap::ImapClient& c) { return c.checkSending(); });
}

QFuture<Result<void>> ImapProvider::saveDraft(const OutgoingMessage& message) {
    return post<void>([message](imap::ImapClient& c) { return c.saveDraft(message); });
}

QFuture<Result<void>> ImapProvider::setFlags(const QStringList& messageIds, MessageFlags add,
                                             MessageFlags remove) {
    return post<void>(
        [messageIds, add, remove](imap::ImapClient& c) { return c.setFlags(messageIds, add, remove); });
}

QFuture<Result<void>> ImapProvider::move(const QStringList& messageIds, const QString& targetChannelId) {
    return post<void>(
        [messageIds, targetChannelId](imap::ImapClient& c) { return c.move(messageIds, targetChannelId); });
}

QFuture<Result<void>> ImapProvider::remove(const QStringList& messageIds) {
    return post<void>([messageIds](imap::ImapClient& c) { return c.remove(messageIds); });
}

QFuture<Result<QStringList>> ImapProvider::findMessages(const QString& channelId,
                                                        const QStringList& messageIdHeaders) {
    return post<QStringList>([channelId, messageIdHeaders](imap::ImapClient& c) {
        return c.findMessages(channelId, messageIdHeaders);
    });
}

QFuture<Result<QList<Message>>> ImapProvider::search(const SearchQuery& query) {
    return post<QList<Message>>([query](imap::ImapClient& c) { return c.search(query); });
}

QFuture<Result<Channel>> ImapProvider::createFolder(const QString& parentChannelId, const QString& name) {
    return post<Channel>(
        [parentChannelId, name](imap::ImapClient& c) { return c.createFolder(parentChannelId, name); });
}

QFuture<Result<Channel>> ImapProvider::renameFolder(const QString& channelId, const QString& newName) {
    return post<Channel>(
        [channelId, newName](imap::ImapClient& c) { return c.renameFolder(channelId, newName); });
}

QFuture<Result<void>> ImapProvider::deleteFolder(const QString& channelId) {
    return post<void>([channelId](imap::ImapClient& c) { return c.deleteFolder(channelId); });
}

QFuture<Result<void>> ImapProvider::markChannelRead(const QString& channelId) {
    return post<void>([channelId](imap::ImapClient& c) { return c.markChannelRead(channelId); });
}

QFuture<Result<ChannelChanges>> ImapProvider::syncChanges(const QString& channelId,
                                                          const QVariantMap& syncState,
                                                          const QHash<QString, MessageFlags>& known) {
    return post<ChannelChanges>([channelId, syncState, known](imap::ImapClient& c) {
        return c.syncChanges(channelId, syncState, known);
    });
}

Result<void> ImapProvider::subscribe(const QStringList& channelIds) {
    if (!m_settings)
        return m_settingsError;
    if (m_secret.isEmpty()) {
        return ProviderError::auth(tr("Sign in to %1 again to get live updates.").arg(account().displayName),
                                   QStringLiteral("secret_missing"));
    }
    QSet<QString> wanted;
    for (const QString& channelId : channelIds) {
        const auto folder = imap::folderFromChannelId(channelId, account().id);
        if (!folder)
            return ProviderError::notFound(tr("This folder does not belong to the account."),
                                           QStringLiteral("unknown_channel"));
        wanted.insert(*folder);
    }
    for (auto it = m_idlers.begin(); it != m_idlers.end();) {
        // Stopped ones (the folder vanished, the password was refused) start afresh.
        if (wanted.contains(it->first) && it->second->isRunning())
            ++it;
        else
            it = m_idlers.erase(it);
    }
    for (const QString& folder : std::as_const(wanted)) {
        if (m_idlers.count(folder))
            continue;
        auto idler = std::make_unique<imap::ImapIdler>(*m_settings, folder, m_secret);
        connect(idler.get(), &imap::ImapIdler::folderChanged, this, [this](const QString& changed) {
            Event e;
            e.kind = EventKind::ChannelChanged;
            e.accountId = account().id;
            e.channelId = imap::channelIdFor(account().id, changed);
            emit eventsArrived({e});
        });
        connect(idler.get(), &imap::ImapIdler::liveChanged, this, &ImapProvider::onPushLive);
        idler->start();
        m_idlers.emplace(folder, std::move(idler));
    }
    return Done{};
}

void ImapProvider::unsubscribe() {
    m_idlers.clear();
}

void ImapProvider::onPushLive(bool live, const QString& detail) {
    if (!live) {
        m_pushInterrupted = true;
        setStatus(ConnectionStatus{ConnectionState::Offline, detail, 0, 0});
    } else if (m_pushInterrupted) {
        m_pushInterrupted = false;
        setStatus(ConnectionStatus{ConnectionState::Online, {}, 0, 0});
    }
}

QString ImapProvider::fingerprintFromError(const ProviderError& error) {
    if (error.code != QLatin1String("tls_untrusted"))
        return QString();
    static const QRegularExpression pattern(
        QStringLiteral("SHA-256 ((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})"));
    const QRegularExpressionMatch match = pattern.match(error.message);
    if (!match.hasMatch())
        return QString();
    return match.captured(1).remove(QLatin1Char(':')).toLower();
}

} // namespace tributary
