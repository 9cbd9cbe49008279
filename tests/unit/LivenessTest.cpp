// The shared pieces every push connection uses to notice a dead peer and come back
// (core/net/Liveness): the Heartbeat that probes a quiet connection and gives up on a silent
// one, and the jittered, bounded reconnect back-off. Driven by a fake clock.
#include "net/Liveness.h"

#include "FakeClock.h"

#include <QSignalSpy>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace tributary::test {
namespace {

LivenessOptions options() {
    LivenessOptions o;
    o.probeInterval = 25s;
    o.probeTimeout = 20s;
    return o;
}

TEST(LivenessTest, TheDefaultsNoticeADeadPeerWithinAMinute) {
    const LivenessOptions defaults;
    EXPECT_LE(defaults.detectionBound(), 60s) << "the product promises 60 s (docs/RELIABILITY.md)";
    EXPECT_GE(defaults.probeTimeout, 10s) << "room for a slow answer on a poor network";
}

TEST(LivenessTest, AQuietConnectionIsProbedAndAnAnswerKeepsItAlive) {
    auto clock = std::make_shared<FakeClock>();
    Heartbeat heartbeat(options(), clock);
    QSignalSpy probes(&heartbeat, &Heartbeat::probeDue);
    QSignalSpy dead(&heartbeat, &Heartbeat::peerDead);
    heartbeat.watch();

    clock->advance(24s);
    EXPECT_EQ(probes.count(), 0);
    clock->advance(1s);
    ASSERT_EQ(probes.count(), 1) << "probed after 25 s of silence";
    clock->advance(5s);
    heartbeat.received(); // the pong
    // The next probe is due 25 s after the pong, not after the probe.
    clock->advance(24s);
    EXPECT_EQ(dead.count(), 0);
    EXPECT_EQ(probes.count(), 1);
    clock->advance(1s);
    EXPECT_EQ(probes.count(), 2);
    // A peer that answers every ping is never declared dead.
    QObject::connect(&heartbeat, &Heartbeat::probeDue, [&heartbeat] { heartbeat.received(); });
    heartbeat.received();
    clock->advance(10min);
    EXPECT_EQ(dead.count(), 0);
    EXPECT_GT(probes.count(), 20);
}

TEST(LivenessTest, TrafficPostponesTheProbe) {
    auto clock = std::make_shared<FakeClock>();
    Heartbeat heartbeat(options(), clock);
    QSignalSpy probes(&heartbeat, &Heartbeat::probeDue);
    heartbeat.watch();
    for (int i = 0; i < 10; ++i) {
        clock->advance(20s);
        heartbeat.received(); // events keep arriving
    }
    EXPECT_EQ(probes.count(), 0) << "a busy connection needs no ping";
}

TEST(LivenessTest, APeerThatDoesNotAnswerIsDeclaredDeadOnceWithinTheBound) {
    auto clock = std::make_shared<FakeClock>();
    Heartbeat heartbeat(options(), clock);
    QSignalSpy probes(&heartbeat, &Heartbeat::probeDue);
    QSignalSpy dead(&heartbeat, &Heartbeat::peerDead);
    heartbeat.watch();
    const auto start = clock->now();
    while (dead.isEmpty() && clock->advanceToNext()) {
    }
    ASSERT_EQ(dead.count(), 1);
    EXPECT_EQ(probes.count(), 1);
    EXPECT_EQ(clock->now() - start, options().detectionBound());
    clock->advance(10min);
    EXPECT_EQ(dead.count(), 1) << "once, then the watch stops until the next connection";
    EXPECT_FALSE(heartbeat.isWatching());
}

TEST(LivenessTest, AHandshakeThatNeverFinishesCountsAsDead) {
    auto clock = std::make_shared<FakeClock>();
    Heartbeat heartbeat(options(), clock);
    QSignalSpy dead(&heartbeat, &Heartbeat::peerDead);
    heartbeat.awaitHandshake();
    clock->advance(19s);
    EXPECT_EQ(dead.count(), 0);
    clock->advance(1s);
    EXPECT_EQ(dead.count(), 1);

    // A handshake that finishes in time starts the watch instead.
    heartbeat.awaitHandshake();
    clock->advance(5s);
    heartbeat.watch();
    clock->advance(30s);
    EXPECT_EQ(dead.count(), 1);
    heartbeat.stop();
    clock->advance(10min);
    EXPECT_EQ(dead.count(), 1) << "stopped: nothing fires";
}

TEST(LivenessTest, ReconnectDelaysDoubleWithJitterUpToTheCap) {
    double r = 0.0;
    ReconnectBackoff backoff(1s, 60s, [&r] { return r; });
    EXPECT_EQ(backoff.next(), 500ms) << "the lower half of the first ceiling";
    EXPECT_EQ(backoff.next(), 1s);
    EXPECT_EQ(backoff.next(), 2s);
    r = 1.0;
    EXPECT_EQ(backoff.next(), 8s);
    for (int i = 0; i < 20; ++i)
        EXPECT_LE(backoff.next(), 60s) << "bounded";
    EXPECT_EQ(backoff.next(), 60s);
    r = 0.0;
    EXPECT_EQ(backoff.next(), 30s) << "never below half the ceiling: no reconnect storm";
    backoff.reset();
    EXPECT_EQ(backoff.next(), 500ms) << "a connection that worked starts over";
}

TEST(LivenessTest, RealJitterStaysWithinItsBand) {
    ReconnectBackoff backoff(1s, 2min);
    for (int attempt = 0; attempt < 12; ++attempt) {
        const auto ceiling = std::min<std::chrono::milliseconds>(1s * (1 << attempt), 2min);
        const auto delay = backoff.next();
        EXPECT_GE(delay, ceiling / 2);
        EXPECT_LE(delay, ceiling);
    }
}

} // namespace
} // namespace tributary::test
