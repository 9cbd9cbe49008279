#include "imap/ImapIdler.h"

#include "imap/ImapSession.h"
#include "util/Logging.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <algorithm>

namespace tributary::imap {

ImapIdler::ImapIdler(ImapSettings settings, QString folder, QByteArray secret)
    : ImapIdler(std::move(settings), std::move(folder), std::move(secret), Options{}) {}

ImapIdler::ImapIdler(ImapSettings settings, QString folder, QByteArray secret, Options options)
    : m_settings(std::move(settings))
    , m_folder(std::move(folder))
    , m_secret(std::move(secret))
    , m_options(options)
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

int ImapIdler::retryDelay(int attempt) const {
    // Exponential with jitter, so many clients of a restarted server do not return at once.
    const qint64 base = qint64(m_options.retryMinMs) << std::min(attempt, 12);
    const qint64 capped = std::min<qint64>(base, m_options.retryMaxMs);
    return int(capped / 2 + QRandomGenerator::global()->bounded(capped / 2 + 1));
}

void ImapIdler::run() {
    int attempt = 0;
    while (!m_stop->load()) {
        if (!serveConnection(attempt))
            return;
        if (m_stop->load())
            return;
        const int delay = retryDelay(attempt++);
        emit liveChanged(false, tr("Live updates interrupted. Retrying in %1 s.").arg((delay + 999) / 1000));
        if (!sleepFor(delay))
            return;
    }
}

bool ImapIdler::serveConnection(int& attempt) {
    ImapSession session(m_settings, m_stop);
    if (auto opened = session.open(m_secret); !opened) {
        if (opened.error().kind == ErrorKind::Auth) {
            emit liveChanged(false, opened.error().message);
            return false; // the command connection reports it and the user signs in again
        }
        qCInfo(lcImap) << "Push connection for" << m_folder << "failed:" << opened.error().describe();
        return true;
    }
    if (auto selected = session.select(m_folder); !selected) {
        qCInfo(lcImap) << "Push cannot open" << m_folder << selected.error().describe();
        return selected.error().kind == ErrorKind::Network;
    }
    attempt = 0;
    emit liveChanged(true, QString());
    emit folderChanged(m_folder); // whatever happened while this connection was not there
    const bool canIdle = session.hasCapability("IDLE");
    while (!m_stop->load()) {
        if (canIdle) {
            const auto ended = session.idle(m_options.renewMs, [this] { return m_stop->load(); });
            if (!ended) {
                qCInfo(lcImap) << "IDLE on" << m_folder << "ended:" << ended.error().describe();
                return true;
            }
            if (ended.value() == IdleEnd::Changed)
                emit folderChanged(m_folder);
            continue;
        }
        if (!sleepFor(m_options.pollMs))
            break;
        bool changed = false;
        const auto polled = session.execute(ImapCommand("NOOP"), [&changed](const ImapResponse& response) {
            changed = changed || ImapSession::isMailboxChange(response);
        });
        if (!polled)
            return true;
        if (changed)
            emit folderChanged(m_folder);
    }
    return true;
}

} // namespace tributary::imap
