#pragma once

#include <QFuture>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPromise>
#include <QString>
#include <chrono>
#include <optional>

class QTcpSocket;
class QTimer;
class QHostInfo;

namespace tributary {

//! How far a connection to host:port got.
enum class ProbeOutcome {
    Reachable,   //!< the name resolved and a TCP connection was accepted
    DnsNotFound, //!< the name does not exist
    DnsFailed,   //!< the name could not be looked up (no resolver answer)
    Refused,     //!< the host answered, but nothing listens on the port
    Unreachable, //!< no route to the host or the network is down
    TimedOut,    //!< neither an answer nor a refusal in time
};

struct ProbeResult {
    ProbeOutcome outcome = ProbeOutcome::Unreachable;
    QString endpoint; //!< "host:port"
    QString detail;   //!< the system's wording, for "more details"
};

//! Looks a host up and opens (then closes) a TCP connection to it, speaking no protocol:
//! tells a misspelt server name from a wrong port from a network that is down, which a
//! provider's connect error does not always say. Runs on its thread's event loop.
class EndpointProbe : public QObject {
    Q_OBJECT
public:
    explicit EndpointProbe(QObject* parent = nullptr);
    ~EndpointProbe() override;

    //! Starts the probe; one per object. The future finishes on this object's thread.
    QFuture<ProbeResult> start(const QString& host, int port, std::chrono::milliseconds timeout);

private:
    void onLookup(const QHostInfo& info);
    void connectNext();
    void finish(ProbeOutcome outcome, const QString& detail = {});

    QPromise<ProbeResult> m_promise;
    QString m_host;
    int m_port = 0;
    QList<QHostAddress> m_addresses;
    std::optional<ProbeOutcome> m_lastFailure;
    QString m_lastDetail;
    QTcpSocket* m_socket = nullptr;
    QTimer* m_timer = nullptr;
    int m_lookupId = -1;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace tributary
