#pragma once

#include "net/Clock.h"

#include <QObject>
#include <chrono>
#include <functional>
#include <memory>

namespace tributary {

//! How a push connection (IMAP IDLE, a websocket, a polling loop) proves that its peer is
//! still there, and how it comes back when it is not. A half-open TCP connection (a laptop
//! that slept, a NAT that forgot the mapping, a frozen server) delivers nothing and reports
//! nothing, so only a probe the peer must answer tells it apart from a quiet one.
//! Providers get one set per account through ProviderContext; tests shorten it.
struct LivenessOptions {
    //! Quiet time after which the connection is probed (websocket ping, IMAP DONE + IDLE).
    std::chrono::milliseconds probeInterval{std::chrono::seconds(25)};
    //! How long the answer to a probe, or a new connection's handshake, may take.
    std::chrono::milliseconds probeTimeout{std::chrono::seconds(20)};
    //! First delay before reconnecting, and the longest one (the back-off doubles up to it).
    std::chrono::milliseconds reconnectMin{std::chrono::seconds(1)};
    std::chrono::milliseconds reconnectMax{std::chrono::minutes(2)};

    //! The longest a dead peer can go unnoticed: a probe is due at most probeInterval after
    //! the last sign of life and fails at most probeTimeout later. 45 s by default, inside
    //! the 60 s the product promises (docs/RELIABILITY.md).
    std::chrono::milliseconds detectionBound() const { return probeInterval + probeTimeout; }
};

//! Reconnect delays: doubling from `min` to `max`, each drawn at random from the upper half
//! of its ceiling ("equal jitter"). Never zero, so a peer that refuses at once is not
//! hammered; spread, so that the clients of a restarted server do not return together.
class ReconnectBackoff {
public:
    ReconnectBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max,
                     std::function<double()> random = {} /* QRandomGenerator */);
    explicit ReconnectBackoff(const LivenessOptions& options)
        : ReconnectBackoff(options.reconnectMin, options.reconnectMax) {}

    //! The wait before the next attempt; counts one more failure.
    std::chrono::milliseconds next();
    //! A connection worked: the next failure starts from `min` again.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    std::chrono::milliseconds m_min;
    std::chrono::milliseconds m_max;
    std::function<double()> m_random;
    int m_failures = 0;
};

//! Watches one event-loop connection (a websocket; later a chat gateway) for signs of life.
//! After probeInterval without anything received it asks for a probe (probeDue(): send a
//! ping); when probeTimeout passes after that and still nothing came, or when a connection
//! being set up (awaitHandshake()) does not finish within probeTimeout, the peer is declared
//! dead (peerDead()), once, and the watch stops. Timing goes through the Clock, so tests
//! drive it with a fake one.
class Heartbeat : public QObject {
    Q_OBJECT
public:
    Heartbeat(LivenessOptions options, std::shared_ptr<Clock> clock = nullptr /* SystemClock */,
              QObject* parent = nullptr);
    ~Heartbeat() override;

    //! A connection is being opened: it must be up (watch()) within probeTimeout.
    void awaitHandshake();
    //! The connection is up: probe it whenever it has been quiet for probeInterval.
    void watch();
    //! Anything arrived from the peer (a frame, a pong): it is alive.
    void received();
    void stop();
    bool isWatching() const { return m_phase != Phase::Idle; }
    const LivenessOptions& options() const { return m_options; }

Q_SIGNALS:
    void probeDue();
    void peerDead();

private:
    enum class Phase { Idle, Handshake, Watching, Probing };
    void arm(std::chrono::milliseconds delay);
    void onTimer();

    LivenessOptions m_options;
    std::shared_ptr<Clock> m_clock;
    Phase m_phase = Phase::Idle;
    std::chrono::milliseconds m_lastReceived{0};
    std::chrono::milliseconds m_probeSentAt{0};
    Clock::TimerId m_timer = 0;
};

} // namespace tributary
