#include "auth/TokenStore.h"

#include "auth/OAuthConfig.h"
#include "auth/OAuthTokens.h"
#include "net/SystemClock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFileInfo>
#include <QPromise>
#include <QThread>
#include <algorithm>
#include <qt6keychain/keychain.h>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::TokenStore", text);
}

ProviderError noDbusSession() {
    return ProviderError::storage(
        tr("Tributary could not reach the system keyring (no D-Bus session). Start a "
           "desktop session or run under dbus-run-session."),
        KeychainErrorCode::NoDbusSession);
}

ProviderError keyringLocked() {
    return ProviderError::storage(
        tr("The keyring is locked. Unlock it (for example by logging in to your desktop) and try again."),
        KeychainErrorCode::KeyringLocked);
}

bool mentionsAny(const QString& text, std::initializer_list<const char*> needles) {
    for (const char* needle : needles) {
        if (text.contains(QLatin1String(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

const char* opName(int type) {
    static const char* const names[] = {"read", "write", "delete"};
    return names[type];
}

} // namespace

TokenStore::TokenStore(QObject* parent)
    : TokenStore(Options{}, nullptr, parent) {}

TokenStore::TokenStore(Options options, std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {}

TokenStore::~TokenStore() {
    if (m_timeoutTimer)
        m_clock->cancel(m_timeoutTimer);
    ProviderError closed = ProviderError::storage(tr("The keyring connection was closed before it answered."),
                                                  KeychainErrorCode::KeyringError);
    if (m_current)
        m_current->done(closed);
    for (Op& op : m_queue)
        op.done(closed);
}

QStringList TokenStore::knownKinds() {
    return {SecretKind::Password, SecretKind::AccessToken, SecretKind::RefreshToken, SecretKind::AppToken,
            OAuthSecretKind::AccessTokenExpiry};
}

QStringList TokenStore::kindsFor(const Account& account) {
    QStringList kinds = knownKinds();
    const QString clientSecret =
        account.settings.value(OAuthSettingsKey::ClientSecretKind).toString().trimmed();
    if (!clientSecret.isEmpty() && !kinds.contains(clientSecret))
        kinds.append(clientSecret);
    return kinds;
}

QString TokenStore::keyFor(const QString& accountId, const QString& kind) {
    return accountId + QLatin1Char('/') + kind;
}

std::optional<ProviderError> TokenStore::sessionBusProblem() {
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return std::nullopt;
    // GLib's D-Bus falls back to the systemd user bus at $XDG_RUNTIME_DIR/bus.
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty() && QFileInfo::exists(runtimeDir + QStringLiteral("/bus")))
        return std::nullopt;
    // With an X11 display GLib can still autolaunch a bus.
    if (!qEnvironmentVariableIsEmpty("DISPLAY"))
        return std::nullopt;
    return noDbusSession();
}

ProviderError TokenStore::errorFromKeychain(int keychainError, const QString& keychainMessage,
                                            const QString& kind) {
    switch (keychainError) {
    case QKeychain::EntryNotFound:
        return ProviderError::auth(
            tr("No %1 is stored in the keyring for this account. Enter it again.").arg(kind),
            KeychainErrorCode::SecretMissing);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return keyringLocked();
    case QKeychain::NoBackendAvailable:
        return ProviderError::storage(
            tr("No keyring service is available. Install and start a Secret Service "
               "keyring such as GNOME Keyring or KWallet."),
            KeychainErrorCode::NoKeyringService);
    default:
        break;
    }
    // libsecret reports most failures as OtherError; its GLib/D-Bus messages are the
    // only way to tell them apart.
    if (mentionsAny(keychainMessage, {"autolaunch", "Could not connect", "DBUS_SESSION_BUS_ADDRESS",
                                      "Cannot spawn a message bus", "Failed to connect to socket"}))
        return noDbusSession();
    if (mentionsAny(keychainMessage, {"org.freedesktop.secrets", "ServiceUnknown", "not provided by any"}))
        return ProviderError::storage(
            tr("No keyring service answered on the D-Bus session. Install and start "
               "GNOME Keyring or KWallet (org.freedesktop.secrets)."),
            KeychainErrorCode::NoKeyringService);
    if (mentionsAny(keychainMessage, {"locked", "prompt", "no such secret collection", "collection"}))
        return keyringLocked();
    return ProviderError::storage(tr("The keyring reported an error: %1").arg(keychainMessage),
                                  KeychainErrorCode::KeyringError);
}

QFuture<Result<QByteArray>> TokenStore::readSecret(const QString& accountId, const QString& kind) {
    auto promise = std::make_shared<QPromise<Result<QByteArray>>>();
    promise->start();
    QFuture<Result<QByteArray>> future = promise->future();
    submit(Op{OpType::Read, accountId, kind, {}, [promise](Result<QByteArray> r) {
                  promise->addResult(std::move(r));
                  promise->finish();
              }});
    return future;
}

namespace {
std::function<void(Result<QByteArray>)> voidCompletion(std::shared_ptr<QPromise<Result<void>>> promise) {
    return [promise = std::move(promise)](Result<QByteArray> r) {
        promise->addResult(r.ok() ? Result<void>(Done{}) : Result<void>(r.error()));
        promise->finish();
    };
}
} // namespace

QFuture<Result<void>> TokenStore::writeSecret(const QString& accountId, const QString& kind,
                                              const QByteArray& secret) {
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    QFuture<Result<void>> future = promise->future();
    submit(Op{OpType::Write, accountId, kind, secret, voidCompletion(promise)});
    return future;
}

QFuture<Result<void>> TokenStore::remove(const QString& accountId, const QString& kind) {
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    QFuture<Result<void>> future = promise->future();
    submit(Op{OpType::Delete, accountId, kind, {}, voidCompletion(promise)});
    return future;
}

QFuture<Result<void>> TokenStore::removeAccount(const QString& accountId, const QStringList& kinds) {
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    QFuture<Result<void>> future = promise->future();
    if (kinds.isEmpty()) {
        promise->addResult(Result<void>(Done{}));
        promise->finish();
        return future;
    }
    // Jobs finish in submission order, so the last one completes the whole removal.
    struct Progress {
        qsizetype remaining = 0;
        std::optional<ProviderError> firstError;
    };
    auto progress = std::make_shared<Progress>();
    progress->remaining = kinds.size();
    for (const QString& kind : kinds) {
        submit(Op{OpType::Delete, accountId, kind, {}, [promise, progress](Result<QByteArray> r) {
                      if (!r.ok() && !progress->firstError)
                          progress->firstError = r.error();
                      if (--progress->remaining > 0)
                          return;
                      promise->addResult(progress->firstError ? Result<void>(*progress->firstError)
                                                              : Result<void>(Done{}));
                      promise->finish();
                  }});
    }
    return future;
}

void TokenStore::submit(Op op) {
    if (QThread::currentThread() == thread()) {
        m_queue.push_back(std::move(op));
        scheduleStart();
        return;
    }
    // From another thread: hand the call to ours. If the store is gone, the event is
    // dropped with the promise, whose future then ends cancelled.
    QMetaObject::invokeMethod(
        this,
        [this, op = std::move(op)]() mutable {
            m_queue.push_back(std::move(op));
            scheduleStart();
        },
        Qt::QueuedConnection);
}

void TokenStore::scheduleStart() {
    // Always through the event loop: QtKeychain cannot start a job from inside another
    // job's finished() signal, and callers' continuations may submit from anywhere.
    if (m_startScheduled)
        return;
    m_startScheduled = true;
    QMetaObject::invokeMethod(this, &TokenStore::startNext, Qt::QueuedConnection);
}

ProviderError TokenStore::stalledError() const {
    return ProviderError::storage(
        tr("The keyring did not answer within %1 s; is it locked, waiting for a password prompt? Unlock it "
           "and try again.")
            .arg(m_options.timeout.count() / 1000.0),
        KeychainErrorCode::KeyringTimeout);
}

QKeychain::Job* TokenStore::createJob(const Op& op) const {
    QKeychain::Job* job = nullptr;
    switch (op.type) {
    case OpType::Read:
        job = new QKeychain::ReadPasswordJob(m_options.service);
        break;
    case OpType::Write: {
        auto* write = new QKeychain::WritePasswordJob(m_options.service);
        write->setBinaryData(op.data);
        job = write;
        break;
    }
    case OpType::Delete:
        job = new QKeychain::DeletePasswordJob(m_options.service);
        break;
    }
    // No parent: libsecret keeps a raw pointer to the job until it answers, so only
    // QtKeychain itself may delete it (autoDelete, after finished()).
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plaintext on disk
    job->setKey(keyFor(op.accountId, op.kind));
    return job;
}

void TokenStore::startNext() {
    m_startScheduled = false;
    if (m_current || m_queue.empty())
        return;
    Op op = std::move(m_queue.front());
    m_queue.pop_front();

    std::optional<ProviderError> problem;
    if (m_stalledJob)
        problem = stalledError();
    else
        problem = sessionBusProblem();
    if (problem) {
        qCWarning(lcKeychain) << opName(static_cast<int>(op.type)) << keyFor(op.accountId, op.kind)
                              << "failed fast:" << problem->code;
        scheduleStart();
        op.done(*problem);
        return;
    }

    QKeychain::Job* job = createJob(op);
    qCDebug(lcKeychain) << "start" << opName(static_cast<int>(op.type)) << job->key();
    m_current = std::move(op);
    m_currentJob = job;
    connect(job, &QKeychain::Job::finished, this, &TokenStore::onJobFinished);
    m_timeoutTimer = m_clock->callAfter(m_options.timeout, this, [this, job] { onJobTimeout(job); });
    job->start();
}

void TokenStore::onJobFinished(QKeychain::Job* job) {
    if (job == m_stalledJob) {
        qCInfo(lcKeychain) << "the keyring answered after all (" << job->key() << "), accepting calls again";
        m_stalledJob = nullptr;
        scheduleStart();
        Q_EMIT recovered();
        return;
    }
    if (!m_current || job != m_currentJob)
        return;
    if (m_timeoutTimer) {
        m_clock->cancel(m_timeoutTimer);
        m_timeoutTimer = 0;
    }
    m_currentJob = nullptr;

    const QKeychain::Error error = job->error();
    if (error == QKeychain::NoError) {
        if (m_current->type == OpType::Read) {
            finishCurrent(static_cast<QKeychain::ReadPasswordJob*>(job)->binaryData());
        } else if (m_current->type == OpType::Delete) {
            checkForLockedItem(QByteArray());
        } else {
            finishCurrent(QByteArray());
        }
        return;
    }
    if (m_current->type == OpType::Delete && error == QKeychain::EntryNotFound) {
        checkForLockedItem(QByteArray()); // already gone, unless it is locked away
        return;
    }
    const ProviderError mapped = errorFromKeychain(error, job->errorString(), m_current->kind);
    qCWarning(lcKeychain) << opName(static_cast<int>(m_current->type)) << job->key() << "failed:" << error
                          << job->errorString() << "->" << mapped.code;
    if (error == QKeychain::EntryNotFound)
        checkForLockedItem(mapped);
    else
        finishCurrent(mapped);
}

void TokenStore::finishCurrent(Result<QByteArray> result) {
    Op op = std::move(*m_current);
    m_current.reset();
    // The next job starts from the event loop, never from inside this job's signal.
    scheduleStart();
    op.done(std::move(result));
}

void TokenStore::checkForLockedItem(Result<QByteArray> result) {
    static const QMetaType registered = qDBusRegisterMetaType<QMap<QString, QString>>();
    Q_UNUSED(registered);

    // The attributes QtKeychain's libsecret backend stores: user = key, server = service.
    const QMap<QString, QString> attributes{
        {QStringLiteral("user"), keyFor(m_current->accountId, m_current->kind)},
        {QStringLiteral("server"), m_options.service}};
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(attributes);
    // Ask only a keyring that is already running: this check must never start one
    // (say, GNOME Keyring on a KWallet desktop).
    search.setAutoStartService(false);
    const int timeoutMs = static_cast<int>(std::min<qint64>(m_options.timeout.count(), 5000));
    const QDBusPendingCall call = QDBusConnection::sessionBus().asyncCall(search, timeoutMs);
    auto* watcher = new QDBusPendingCallWatcher(call, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, result = std::move(result)](QDBusPendingCallWatcher* w) mutable {
                w->deleteLater();
                const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *w;
                if (!m_current)
                    return;
                if (reply.isValid() && !reply.argumentAt<1>().isEmpty()) {
                    qCWarning(lcKeychain)
                        << keyFor(m_current->accountId, m_current->kind) << "exists in a locked keyring";
                    finishCurrent(keyringLocked());
                    return;
                }
                // No Secret Service to ask (KWallet) or nothing locked: QtKeychain was right.
                finishCurrent(std::move(result));
            });
}

void TokenStore::onJobTimeout(QKeychain::Job* job) {
    m_timeoutTimer = 0;
    if (!m_current || job != m_currentJob)
        return;
    qCWarning(lcKeychain) << opName(static_cast<int>(m_current->type)) << job->key() << "timed out after"
                          << m_options.timeout.count() << "ms; abandoning the job";
    m_stalledJob = job;
    m_currentJob = nullptr;
    finishCurrent(stalledError());
}

} // namespace tributary
