#include "imap/ImapIdler.h"

#include "auth/AccountCredentials.h"
#include "imap/ImapSession.h"
#include "util/Logging.h"

#include <QElapsedTimer>

namespace tributary::imap {

ImapIdler::ImapIdler(ImapSettings settings, QString folder, AccountCredentials* credentials,
                     LivenessOptions liveness)
    : m_settings(std::move(settings))
    , m_folder(std::move(folder))
    , m_credentials(credentials)
    , m_liveness(liveness)
    , m_stop(std::make_shared<std::atomic_bool>(false)) {}

ImapIdler::~ImapIdler() {
    m_stop->store(true);
    if (m_thread)
        m_thread->wait();
}

void ImapIdler::start() {
    if (m_thread)
        return;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("idle:") + m_folder);
    m_thread->start();
}

bool ImapIdler::isRunning() const {
    return m_thread && m_thread->isRunning();
}

bool ImapIdler::sleepFor(int ms) {
    QElapsedTimer slept;
    slept.start();
    while (!m_stop->load() && slept.elapsed() < ms)
        QThread::msleep(50);
    return !m_stop->load();
}

void ImapIdler::run() {
    ReconnectBackoff backoff(m_liveness);
    while (!m_stop->load()) {
        const Outcome outcome = serveConnection(backoff);
        if (outcome == Outcome::Stopped || outcome == Outcome::SignInRequired || m_stop->load())
            return;
        if (outcome == Outcome::Renew)
            continue;
        const int delay = int(backoff.next().count());
        const QString why = m_lastError.isEmpty() ? tr("Live updates are interrupted.")
                                                  : tr("Live updates are interrupted: %1").arg(m_lastError);
        emit liveChanged(m_folder, false, why, QDateTime::currentDateTimeUtc().addMSecs(delay));
        if (!sleepFor(delay))
            return;
    }
}

std::optional<ImapIdler::Outcome> ImapIdler::open(ImapSession& session, std::optional<QDateTime>& expiresAt) {
    const auto stopped = [this] {
        return m_stop->load();
    };
    auto credential = waitForFuture(m_credentials->current(), stopped);
    Result<void> opened = ProviderError::cancelled();
    if (credential && credential->ok()) {
        opened = session.open(credential->value().secret);
        if (!opened && m_credentials->isRenewable() && AccountCredentials::isRefusal(opened.error())) {
            // Expired or revoked since it was handed out: one renewal, then one more try.
            credential = waitForFuture(m_credentials->refused(credential->value().secret), stopped);
            if (credential && credential->ok())
                opened = session.open(credential->value().secret);
        }
    }
    if (!credential || m_stop->load())
        return Outcome::Stopped;
    const ProviderError* error = !credential->ok() ? &credential->error()
                                 : opened          ? nullptr
                                                   : &opened.error();
    if (!error) {
        expiresAt = credential->value().expiresAt;
        return std::nullopt;
    }
    if (error->kind == ErrorKind::Cancelled)
        return Outcome::Stopped;
    if (error->kind == ErrorKind::Auth) {
        // The command connection reports it too, and the user signs in again; a new
        // subscription after that starts a new idler.
        emit liveChanged(m_folder, false, error->message, QDateTime());
        return Outcome::SignInRequired;
    }
    qCInfo(lcImap) << "Push connection for" << m_folder << "failed:" << error->describe();
    m_lastError = error->message;
    return Outcome::Lost;
}

ImapIdler::Outcome ImapIdler::serveConnection(ReconnectBackoff& backoff) {
    // Every answer the server owes is due within probeTimeout: waiting longer only delays
    // noticing that it is gone.
    ImapSession session(m_settings, m_stop, int(m_liveness.probeTimeout.count()));
    std::optional<QDateTime> expiresAt;
    if (const std::optional<Outcome> failed = open(session, expiresAt))
        return *failed;
    if (auto selected = session.select(m_folder); !selected) {
        qCInfo(lcImap) << "Push cannot open" << m_folder << selected.error().describe();
        m_lastError = selected.error().message;
        if (selected.error().kind == ErrorKind::Network)
            return Outcome::Lost;
        emit folderGone(m_folder); // deleted or renamed: nothing left to watch
        return Outcome::Stopped;
    }
    backoff.reset();
    m_lastError.clear();
    emit liveChanged(m_folder, true, QString(), QDateTime());
    emit folderChanged(m_folder); // whatever happened while this connection was not there
    const bool canIdle = session.hasCapability("IDLE");
    const int probeMs = int(m_liveness.probeInterval.count());
    while (!m_stop->load()) {
        if (expiresAt && QDateTime::currentDateTimeUtc() >= *expiresAt) {
            // The server may end a session whose token expired (some do, with a BYE):
            // sign in anew with a fresh token before it does.
            qCInfo(lcImap) << "Push connection for" << m_folder << "signs in again with a renewed token";
            return Outcome::Renew;
        }
        if (canIdle) {
            // Ending the IDLE after probeMs and starting it again is the probe: the
            // server must answer DONE within the session's read timeout.
            const auto ended = session.idle(probeMs, [this] { return m_stop->load(); });
            if (!ended) {
                qCInfo(lcImap) << "IDLE on" << m_folder << "ended:" << ended.error().describe();
                m_lastError = ended.error().message;
                return ended.error().kind == ErrorKind::Cancelled ? Outcome::Stopped : Outcome::Lost;
            }
            if (ended.value() == IdleEnd::Changed)
                emit folderChanged(m_folder);
            continue;
        }
        if (!sleepFor(probeMs))
            break;
        bool changed = false;
        const auto polled = session.execute(ImapCommand("NOOP"), [&changed](const ImapResponse& response) {
            changed = changed || ImapSession::isMailboxChange(response);
        });
        if (!polled) {
            m_lastError = polled.error().message;
            return Outcome::Lost;
        }
        if (changed)
            emit folderChanged(m_folder);
    }
    return Outcome::Stopped;
}

} // namespace tributary::imap
