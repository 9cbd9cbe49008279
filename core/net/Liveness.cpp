#include "net/Liveness.h"

#include "net/SystemClock.h"

#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

namespace tributary {

ReconnectBackoff::ReconnectBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max,
                                   std::function<double()> random)
    : m_min(std::max(min, std::chrono::milliseconds(1)))
    , m_max(std::max(max, m_min))
    , m_random(std::move(random)) {}

std::chrono::milliseconds ReconnectBackoff::next() {
    const int exponent = std::clamp(m_failures, 0, 40);
    ++m_failures;
    const double ceiling =
        std::min(static_cast<double>(m_min.count()) * std::ldexp(1.0, exponent), double(m_max.count()));
    const double r =
        std::clamp(m_random ? m_random() : QRandomGenerator::global()->generateDouble(), 0.0, 1.0);
    return std::chrono::milliseconds(std::llround(ceiling / 2 + r * ceiling / 2));
}

Heartbeat::Heartbeat(LivenessOptions options, std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {}

Heartbeat::~Heartbeat() {
    stop();
}

void Heartbeat::awaitHandshake() {
    m_phase = Phase::Handshake;
    arm(m_options.probeTimeout);
}

void Heartbeat::watch() {
    m_phase = Phase::Watching;
    m_lastReceived = m_clock->now();
    arm(m_options.probeInterval);
}

void Heartbeat::received() {
    // Only the time is noted: a busy connection must not cost a timer per frame. The
    // timer that is armed already looks at it when it fires.
    m_lastReceived = m_clock->now();
    if (m_phase == Phase::Probing)
        m_phase = Phase::Watching;
}

void Heartbeat::stop() {
    m_phase = Phase::Idle;
    if (m_timer) {
        m_clock->cancel(m_timer);
        m_timer = 0;
    }
}

void Heartbeat::arm(std::chrono::milliseconds delay) {
    if (m_timer)
        m_clock->cancel(m_timer);
    m_timer = m_clock->callAfter(std::max(delay, std::chrono::milliseconds(0)), this, [this] {
        m_timer = 0;
        onTimer();
    });
}

void Heartbeat::onTimer() {
    const std::chrono::milliseconds now = m_clock->now();
    switch (m_phase) {
    case Phase::Idle:
        return;
    case Phase::Handshake:
        m_phase = Phase::Idle;
        Q_EMIT peerDead();
        return;
    case Phase::Watching: {
        const std::chrono::milliseconds quiet = now - m_lastReceived;
        if (quiet < m_options.probeInterval) {
            arm(m_options.probeInterval - quiet);
            return;
        }
        m_phase = Phase::Probing;
        m_probeSentAt = now;
        arm(m_options.probeTimeout);
        Q_EMIT probeDue();
        return;
    }
    case Phase::Probing:
        if (m_lastReceived >= m_probeSentAt) {
            // An answer came after all (received() raced the timer).
            m_phase = Phase::Watching;
            arm(m_options.probeInterval);
            return;
        }
        m_phase = Phase::Idle;
        Q_EMIT peerDead();
        return;
    }
}

} // namespace tributary
