#include "imap/ImapProvider.h"

#include "auth/AccountCredentials.h"
#include "auth/WithCredential.h"
#include "imap/ImapClient.h"
#include "imap/ImapIdentities.h"
#include "imap/ImapIdler.h"
#include "imap/ImapIds.h"
#include "imap/ImapSettings.h"
#include "imap/ImapWorker.h"
#include "imap/VmimeSupport.h"
#include "provider/SecretSource.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <QRegularExpression>

namespace tributary {

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
    setIdentities(imap::imapIdentities(*m_settings)); // known from the settings: no sign-in needed
    // An XOAUTH2 account that names its token endpoint refreshes its own tokens; one
    // without (a token pasted or handed in from elsewhere) uses the stored one as it is.
    std::optional<OAuthConfig> oauth;
    if (m_settings->auth == imap::AuthMethod::XOAuth2 &&
        this->account().settings.contains(OAuthSettingsKey::TokenUrl)) {
        OAuthConfig config = OAuthConfig::fromSettings(this->account().settings);
        if (const Result<void> valid = config.validate(); valid)
            oauth = std::move(config);
        else
            qCWarning(lcImap) << "Account" << this->account().id
                              << "has unusable OAuth settings, so its token is not refreshed:"
                              << valid.error().describe();
    }
    m_credentials =
        new AccountCredentials(this->account().id, this->account().displayName, m_settings->secretKind(),
                               std::move(oauth), m_context.secrets, nullptr, nullptr, this);
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
           Capability::VerifySending | Capability::SendRecords | Capability::ManageFolders |
           Capability::MarkChannelRead;
}

void ImapProvider::onWorkerStatus(const ConnectionStatus& status) {
    // While a push connection is down the account is not fully online, whatever the
    // command connection says.
    if (!m_pushDown.isEmpty() && status.state != ConnectionState::NeedsSignIn &&
        status.state != ConnectionState::Error)
        return;
    setStatus(status);
}

template <typename T>
QFuture<Result<T>> ImapProvider::dispatch(const std::function<Result<T>(imap::ImapClient&)>& operation,
                                          const QByteArray& secret) {
    PromisePtr<T> promise = makePromise<T>();
    QFuture<Result<T>> future = promise->future();
    // The worker pointer is only dereferenced on the worker's thread, by a call that Qt
    // drops if the worker is gone; the facade's `this` never crosses over.
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, promise, operation, secret] {
            if (promise->isCanceled()) {
                finishPromise<T>(promise, ProviderError::cancelled());
                return;
            }
            worker->client().setSecret(secret);
            finishPromise<T>(promise, operation(worker->client()));
        },
        Qt::QueuedConnection);
    return future;
}

template <typename T>
QFuture<Result<T>> ImapProvider::post(std::function<Result<T>(imap::ImapClient&)> operation) {
    if (!m_settings)
        return failed<T>(m_settingsError);
    // A refused OAuth token is renewed once and the operation runs once more: signing in
    // is the first thing every operation does, so nothing ran with the refused token.
    return withCredential<T>(m_credentials, this,
                             [this, operation](const Credential& credential) {
                                 return dispatch<T>(operation, credential.secret);
                             })
        .then(this, [this](Result<T> result) {
            if (!result.ok() && result.error().kind == ErrorKind::Auth)
                setStatus(ConnectionStatus{ConnectionState::NeedsSignIn, result.error().message, 0, 0});
            return result;
        });
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

QFuture<Result<QList<UnfinishedSend>>> ImapProvider::recoverUnfinishedSends() {
    return post<QList<UnfinishedSend>>([](imap::ImapClient& c) { return c.recoverUnfinishedSends(); });
}

QFuture<Result<SendReceipt>> ImapProvider::resolveUnfinishedSend(const QString& recordId,
                                                                 UncertainSend decision) {
    return post<SendReceipt>(
        [recordId, decision](imap::ImapClient& c) { return c.resolveUnfinishedSend(recordId, decision); });
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
        if (wanted.contains(it->first) && it->second->isRunning()) {
            ++it;
        } else {
            m_pushDown.remove(it->first);
            it = m_idlers.erase(it);
        }
    }
    for (const QString& folder : std::as_const(wanted)) {
        if (m_idlers.count(folder))
            continue;
        auto idler =
            std::make_unique<imap::ImapIdler>(*m_settings, folder, m_credentials, m_context.liveness);
        connect(idler.get(), &imap::ImapIdler::folderChanged, this, [this](const QString& changed) {
            Event e;
            e.kind = EventKind::ChannelChanged;
            e.accountId = account().id;
            e.channelId = imap::channelIdFor(account().id, changed);
            emit eventsArrived({e});
        });
        connect(idler.get(), &imap::ImapIdler::liveChanged, this, &ImapProvider::onPushLive);
        connect(idler.get(), &imap::ImapIdler::folderGone, this, &ImapProvider::onPushGone);
        idler->start();
        m_idlers.emplace(folder, std::move(idler));
    }
    reportPushState();
    return Done{};
}

void ImapProvider::unsubscribe() {
    m_idlers.clear();
    m_pushDown.clear();
    reportPushState();
}

void ImapProvider::onPushLive(const QString& folder, bool live, const QString& detail,
                              const QDateTime& nextAttempt) {
    if (!m_idlers.count(folder))
        return; // a stopped idler's last word
    if (live) {
        if (m_pushDown.remove(folder) && m_worker) {
            // The server answers again. A command sent while it did not is waiting for an
            // answer that was lost with the outage; give that connection up now instead of
            // after its read timeout (a minute), so the catch-up runs at once.
            m_worker->client().abandonConnection();
        }
    } else {
        if (!nextAttempt.isValid()) {
            // The sign-in was refused: the idler stopped, and the account needs the user.
            m_pushDown.remove(folder);
            setStatus(ConnectionStatus{ConnectionState::NeedsSignIn, detail, 0, 0});
            return;
        }
        const bool wasUp = !m_pushDown.contains(folder);
        m_pushDown.insert(folder, PushProblem{detail, nextAttempt});
        if (wasUp && m_worker) {
            // The command connection most likely went the same way (a network change, a
            // laptop that slept): open a new one at the next operation rather than wait for
            // a read timeout on the old one.
            QMetaObject::invokeMethod(
                m_worker, [worker = m_worker] { worker->client().dropConnection(); }, Qt::QueuedConnection);
        }
    }
    reportPushState();
}

void ImapProvider::onPushGone(const QString& folder) {
    m_pushDown.remove(folder);
    reportPushState();
}

void ImapProvider::reportPushState() {
    if (m_pushDown.isEmpty()) {
        if (m_pushInterrupted) {
            m_pushInterrupted = false;
            setStatus(ConnectionStatus{ConnectionState::Online, {}, 0, 0});
        }
        return;
    }
    // The folder that retries first speaks for all.
    const PushProblem* first = nullptr;
    for (const PushProblem& problem : std::as_const(m_pushDown)) {
        if (!first || problem.nextAttempt < first->nextAttempt)
            first = &problem;
    }
    m_pushInterrupted = true;
    ConnectionStatus status{ConnectionState::Offline, first->detail, 0, 0};
    status.nextAttempt = first->nextAttempt;
    setStatus(status);
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
