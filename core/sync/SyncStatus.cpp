// The account's status for SyncController: what the status bar and the sidebar show, from
// the controller's own connection to the account and what the provider reports about its
// push connection. The rules (docs/RELIABILITY.md, "Tokens and live connections"):
//  - Live only while connected, caught up and, where the provider pushes, with its push
//    connection up;
//  - a lost connection is Reconnecting with the time of the next try, and Offline (with the
//    time the account was last in sync) once it has been lost for Options::offlineAfterMs;
//  - a refused sign-in is SignInRequired and is not retried until the user acts;
//  - whatever retrying cannot fix is Error.
#include "sync/SyncController.h"
#include "util/Logging.h"

namespace tributary {

namespace {

//! The message as a sentence, so more can follow it.
QString sentence(const QString& message) {
    const QString trimmed = message.trimmed();
    if (trimmed.isEmpty() || trimmed.endsWith(QLatin1Char('.')) || trimmed.endsWith(QLatin1Char('!')) ||
        trimmed.endsWith(QLatin1Char('?')))
        return trimmed;
    return trimmed + QLatin1Char('.');
}

QDateTime now() {
    return QDateTime::currentDateTimeUtc();
}

} // namespace

void SyncController::setStatus(const QString& accountId, AccountStatus status) {
    AccountSync* a = account(accountId);
    if (!a || a->status == status)
        return;
    if (a->status.state != status.state)
        qCInfo(lcCore) << "account" << accountId << toString(a->status.state) << "->"
                       << toString(status.state);
    a->status = std::move(status);
    emit statusChanged(accountId, a->status);
}

void SyncController::markConnecting(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    AccountStatus status;
    status.lastSynced = a->lastSynced;
    if (a->lostAt.isValid()) {
        // A retry of a lost connection: still Reconnecting (or Offline), with no next try
        // planned while this one runs.
        status.state =
            a->status.state == AccountState::Offline ? AccountState::Offline : AccountState::Reconnecting;
        status.reason = a->status.reason;
    } else {
        status.state = AccountState::Connecting;
    }
    setStatus(accountId, status);
}

void SyncController::markSyncing(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    AccountStatus status;
    status.state = AccountState::Syncing;
    status.lastSynced = a->lastSynced;
    setStatus(accountId, status);
}

void SyncController::markLost(const QString& accountId, const QString& reason, const QDateTime& nextAttempt) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    const QDateTime at = now();
    if (!a->lostAt.isValid()) {
        a->lostAt = at;
        a->offlineTimer.start(m_options.offlineAfterMs);
    }
    AccountStatus status;
    status.state = a->lostAt.msecsTo(at) >= m_options.offlineAfterMs ? AccountState::Offline
                                                                     : AccountState::Reconnecting;
    status.reason = sentence(reason);
    status.nextAttempt = nextAttempt;
    status.lastSynced = a->lastSynced;
    setStatus(accountId, status);
}

void SyncController::onLongLoss(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a || a->status.state != AccountState::Reconnecting)
        return;
    AccountStatus status = a->status;
    status.state = AccountState::Offline;
    setStatus(accountId, status);
}

void SyncController::fail(const QString& accountId, const ProviderError& error) {
    AccountSync* a = account(accountId);
    if (!a || error.kind == ErrorKind::Cancelled)
        return;
    qCWarning(lcCore) << "account" << accountId << error.describe();
    switch (error.kind) {
    case ErrorKind::Auth: {
        a->connected = false;
        a->lostAt = QDateTime(); // what follows is a new sign-in, not a reconnect
        a->offlineTimer.stop();
        AccountStatus status;
        status.state = AccountState::SignInRequired;
        status.reason = error.message;
        status.lastSynced = a->lastSynced;
        setStatus(accountId, status);
        break;
    }
    case ErrorKind::Network:
    case ErrorKind::RateLimited: {
        a->connected = false;
        // Try again later, waiting longer each time (with jitter); never a storm.
        qint64 delay = a->backoff.next().count();
        if (error.retryAfter)
            delay = std::max<qint64>(delay, error.retryAfter->count());
        delay = std::min<qint64>(delay, m_options.reconnectMaxMs);
        a->reconnectTimer.start(int(delay));
        markLost(accountId, error.message, now().addMSecs(delay));
        break;
    }
    default: {
        AccountStatus status;
        status.state = AccountState::Error;
        status.reason = error.message;
        status.lastSynced = a->lastSynced;
        setStatus(accountId, status);
        break;
    }
    }
}

void SyncController::updateSyncStatus(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a || !a->connected)
        return;
    bool loading = false;
    bool totalKnown = true;
    int done = 0;
    int total = 0;
    for (auto it = a->sync.cbegin(); it != a->sync.cend(); ++it) {
        if (!it->started)
            continue;
        loading = loading || it->loading;
        int count = -1;
        for (const Channel& c : std::as_const(a->channels)) {
            if (c.id == it.key())
                count = c.totalCount;
        }
        const int goal = std::max(it->goal, it->loaded);
        if (count < 0)
            totalKnown = false;
        else
            total += std::min(count, goal);
        done += it->exhausted ? (count < 0 ? it->loaded : std::min(count, goal)) : std::min(it->loaded, goal);
    }
    if (loading) {
        AccountStatus status;
        status.state = AccountState::Syncing;
        status.progressDone = done;
        status.progressTotal = totalKnown ? std::max(total, done) : 0;
        status.lastSynced = a->lastSynced;
        setStatus(accountId, status);
        return;
    }
    if (a->pushDown) {
        // Caught up, but not live: the provider is still reconnecting its push connection.
        if (a->status.state != AccountState::Reconnecting && a->status.state != AccountState::Offline)
            markLost(accountId, tr("Live updates are interrupted."), QDateTime());
        return;
    }
    a->lastSynced = now();
    a->lostAt = QDateTime();
    a->offlineTimer.stop();
    AccountStatus status;
    status.state = AccountState::Live;
    status.lastSynced = a->lastSynced;
    setStatus(accountId, status);
}

void SyncController::onProviderStatus(const QString& accountId, const ConnectionStatus& status) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    switch (status.state) {
    case ConnectionState::Offline:
        // The provider lost its push connection and reconnects it at nextAttempt. Without
        // a plan it is a failed command, whose caller here handles the error itself; and
        // while the controller is (re)connecting the account, its own status says more.
        if (!status.nextAttempt.isValid() || !a->connected || a->connecting || a->reconnectTimer.isActive())
            return;
        a->pushDown = true;
        markLost(accountId, status.detail.isEmpty() ? tr("Live updates are interrupted.") : status.detail,
                 status.nextAttempt);
        break;
    case ConnectionState::NeedsSignIn: {
        AccountStatus s;
        s.state = AccountState::SignInRequired;
        s.reason = status.detail;
        s.lastSynced = a->lastSynced;
        a->offlineTimer.stop();
        setStatus(accountId, s);
        break;
    }
    case ConnectionState::Error: {
        AccountStatus s;
        s.state = AccountState::Error;
        s.reason = status.detail;
        s.lastSynced = a->lastSynced;
        setStatus(accountId, s);
        break;
    }
    case ConnectionState::Online:
        if (!a->connected || a->connecting)
            return;
        if (a->pushDown) {
            // Push is back: whatever happened while it was away comes through syncChanges.
            a->pushDown = false;
            catchUp(accountId);
        }
        updateSyncStatus(accountId);
        break;
    case ConnectionState::Syncing:
        // The provider's own progress (a long server-side operation) while we are idle.
        if (a->connected && !a->connecting && a->status.state == AccountState::Live &&
            status.progressTotal > 0) {
            AccountStatus s = a->status;
            s.state = AccountState::Syncing;
            s.progressDone = status.progressDone;
            s.progressTotal = status.progressTotal;
            setStatus(accountId, s);
        }
        break;
    case ConnectionState::Connecting:
        break; // the provider re-opening a connection of its own: not news for the user
    }
}

void SyncController::catchUp(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a || !a->connected)
        return;
    QStringList started;
    for (auto it = a->sync.cbegin(); it != a->sync.cend(); ++it) {
        if (it->started)
            started.append(it.key());
    }
    qCInfo(lcCore) << "account" << accountId << "catching up" << started.size() << "channel(s)";
    for (const QString& channelId : std::as_const(started))
        refreshChannel(accountId, channelId);
}

} // namespace tributary
