#include "accounts/EndpointProbe.h"

#include "util/Logging.h"

#include <QHostInfo>
#include <QTcpSocket>
#include <QTimer>

namespace tributary {

EndpointProbe::EndpointProbe(QObject* parent)
    : QObject(parent) {}

EndpointProbe::~EndpointProbe() {
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    if (!m_finished && m_started) {
        m_promise.future().cancel();
        m_promise.finish();
    }
}

QFuture<ProbeResult> EndpointProbe::start(const QString& host, int port, std::chrono::milliseconds timeout) {
    QFuture<ProbeResult> future = m_promise.future();
    if (m_started)
        return future;
    m_started = true;
    m_promise.start();
    m_host = host.trimmed();
    m_port = port;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] { finish(ProbeOutcome::TimedOut); });
    m_timer->start(timeout);

    const QHostAddress literal(m_host);
    if (!literal.isNull()) {
        m_addresses = {literal};
        // Connect from the event loop, so the caller has its future before it can finish.
        QTimer::singleShot(0, this, &EndpointProbe::connectNext);
    } else {
        m_lookupId = QHostInfo::lookupHost(m_host, this, &EndpointProbe::onLookup);
    }
    return future;
}

void EndpointProbe::onLookup(const QHostInfo& info) {
    m_lookupId = -1;
    if (m_finished)
        return;
    if (info.error() == QHostInfo::HostNotFound) {
        finish(ProbeOutcome::DnsNotFound, info.errorString());
        return;
    }
    if (info.error() != QHostInfo::NoError) {
        finish(ProbeOutcome::DnsFailed, info.errorString());
        return;
    }
    m_addresses = info.addresses();
    if (m_addresses.isEmpty()) {
        finish(ProbeOutcome::DnsNotFound);
        return;
    }
    connectNext();
}

void EndpointProbe::connectNext() {
    if (m_finished)
        return;
    if (m_addresses.isEmpty()) {
        // Every address failed: report the last reason (they rarely differ).
        finish(m_lastFailure.value_or(ProbeOutcome::Unreachable), m_lastDetail);
        return;
    }
    const QHostAddress address = m_addresses.takeFirst();
    if (m_socket)
        m_socket->deleteLater();
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_socket->abort();
        finish(ProbeOutcome::Reachable);
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            m_lastFailure = ProbeOutcome::Refused;
            break;
        case QAbstractSocket::SocketTimeoutError:
            m_lastFailure = ProbeOutcome::TimedOut;
            break;
        case QAbstractSocket::HostNotFoundError:
            m_lastFailure = ProbeOutcome::DnsNotFound;
            break;
        default:
            m_lastFailure = ProbeOutcome::Unreachable;
            break;
        }
        m_lastDetail = m_socket->errorString();
        // Leave the socket's signal handler before replacing the socket.
        QMetaObject::invokeMethod(this, &EndpointProbe::connectNext, Qt::QueuedConnection);
    });
    m_socket->connectToHost(address, static_cast<quint16>(m_port));
}

void EndpointProbe::finish(ProbeOutcome outcome, const QString& detail) {
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_socket)
        m_socket->abort();
    ProbeResult result;
    result.outcome = outcome;
    result.endpoint = m_host + QLatin1Char(':') + QString::number(m_port);
    result.detail = detail;
    qCDebug(lcAccounts) << "probe" << result.endpoint << int(outcome) << detail;
    m_promise.addResult(result);
    m_promise.finish();
}

} // namespace tributary
