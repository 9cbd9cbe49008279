#include "net/RateLimiter.h"

#include <algorithm>

namespace tributary {

using std::chrono::milliseconds;

namespace {

//! The ledger key of the windows every call of the account counts against.
const QString kAccountKey = QStringLiteral("\x01account");

} // namespace

RateLimitPermit::RateLimitPermit(RateLimiter* limiter)
    : m_limiter(limiter) {}

RateLimitPermit::~RateLimitPermit() {
    if (m_limiter)
        m_limiter->release();
}

RateLimiter::RateLimiter(RateLimitTable table, std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent)
    , m_table(std::move(table))
    , m_clock(std::move(clock)) {
    Q_ASSERT(m_clock);
    for (const RateLimitRoute& r : std::as_const(m_table.routes))
        m_routes.insert(r.route, r);
    for (const RateLimitBucket& b : std::as_const(m_table.buckets))
        m_buckets.insert(b.name, b.windows);
}

RateLimiter::~RateLimiter() = default;

RateLimiter::Resolved RateLimiter::resolve(const QString& route, const QString& scope) const {
    Resolved r;
    const auto it = m_routes.constFind(route);
    QString bucket = route;
    bool perScope = false;
    if (it != m_routes.cend()) {
        r.units = std::max(1, it->units);
        perScope = it->perScope;
        if (!it->bucket.isEmpty())
            bucket = it->bucket;
    }
    r.windows = m_buckets.value(bucket, m_table.defaultWindows);
    r.key = perScope && !scope.isEmpty() ? bucket + QLatin1Char(':') + scope : bucket;
    // Discord names its buckets in X-RateLimit-Bucket; routes it names share one. A scope
    // (the major parameter) still separates them, as there.
    const QString key = routeKey(route, scope);
    const QByteArray server = m_serverBuckets.value(key);
    r.learnedKey = server.isEmpty() ? QStringLiteral("route:") + key
                                    : QStringLiteral("server:") + QString::fromLatin1(server) +
                                          QLatin1Char(':') + (r.key != bucket ? scope : QString());
    return r;
}

QString RateLimiter::routeKey(const QString& route, const QString& scope) const {
    const auto it = m_routes.constFind(route);
    const bool perScope = it != m_routes.cend() && it->perScope && !scope.isEmpty();
    return perScope ? route + QLatin1Char(':') + scope : route;
}

milliseconds RateLimiter::earliest(const Resolved& r, milliseconds now) const {
    milliseconds t = now;
    const auto learned = m_learned.constFind(r.learnedKey);
    for (bool moved = true; moved;) {
        const milliseconds before = t;
        t = m_ledger.earliestStart(r.key, r.windows, t, r.units);
        t = m_ledger.earliestStart(kAccountKey, m_table.accountWindows, t, r.units);
        if (learned != m_learned.cend()) {
            t = std::max(t, learned->blockedUntil);
            if (learned->remaining && *learned->remaining <= 0 && t < learned->resetAt)
                t = learned->resetAt;
        }
        moved = t != before;
    }
    return t;
}

milliseconds RateLimiter::wait(const QString& route, const QString& scope) const {
    const milliseconds now = m_clock->now();
    return earliest(resolve(route, scope), now) - now;
}

milliseconds RateLimiter::reserve(const QString& route, const QString& scope) {
    const milliseconds now = m_clock->now();
    const Resolved r = resolve(route, scope);
    const milliseconds start = earliest(r, now);
    m_ledger.record(r.key, r.windows, start, r.units);
    m_ledger.record(kAccountKey, m_table.accountWindows, start, r.units);
    const auto learned = m_learned.find(r.learnedKey);
    if (learned != m_learned.end() && learned->remaining) {
        if (start >= learned->resetAt)
            learned->remaining.reset(); // a new window: the next answer tells its count
        else
            --*learned->remaining;
    }
    return start - now;
}

void RateLimiter::learn(const QString& route, const QString& scope, const RateLimitInfo& info,
                        const QByteArray& serverBucket) {
    if (!serverBucket.isEmpty())
        m_serverBuckets.insert(routeKey(route, scope), serverBucket);
    const Resolved r = resolve(route, scope);
    const milliseconds now = m_clock->now();
    Learned& learned = m_learned[r.learnedKey];
    if (info.retryAfter) {
        // The server's explicit word: it holds even where a reset header says otherwise.
        learned.blockedUntil = std::max(learned.blockedUntil, now + *info.retryAfter);
    }
    if (info.resetIn && info.remaining) {
        learned.resetAt = now + *info.resetIn;
        learned.remaining = *info.remaining;
    } else if (info.resetIn && !info.retryAfter && info.exhausted()) {
        learned.blockedUntil = std::max(learned.blockedUntil, now + *info.resetIn);
    }
}

void RateLimiter::admit(const QString& route, const QString& scope, QObject* context,
                        std::function<void(std::shared_ptr<RateLimitPermit>)> start) {
    m_waiting.push_back({route, scope, context, std::move(start)});
    pump();
}

void RateLimiter::pump() {
    // A loop, not recursion: a start that drops its permit at once comes back here.
    if (m_pumping)
        return;
    m_pumping = true;
    while (!m_waiting.empty() && (m_table.maxConcurrent <= 0 || m_inFlight < m_table.maxConcurrent)) {
        Waiter next = std::move(m_waiting.front());
        m_waiting.pop_front();
        if (!next.context)
            continue;
        launch(std::move(next));
    }
    m_pumping = false;
}

void RateLimiter::launch(Waiter waiter) {
    // The place is taken now and held while the windows make the request wait: a request
    // waiting for its turn is one the server will see soon, and the cap counts those.
    ++m_inFlight;
    const milliseconds wait = reserve(waiter.route, waiter.scope);
    auto permit = std::make_shared<RateLimitPermit>(this);
    if (wait.count() <= 0) {
        waiter.start(std::move(permit));
        return;
    }
    // The timer's context is this limiter, not the caller's: the permit must be dropped
    // (its place freed) even when the caller is gone by then.
    m_clock->callAfter(wait, this, [waiter = std::move(waiter), permit = std::move(permit)]() mutable {
        if (waiter.context)
            waiter.start(std::move(permit));
        else
            permit.reset();
    });
}

void RateLimiter::release() {
    m_inFlight = std::max(0, m_inFlight - 1);
    pump();
}

} // namespace tributary
