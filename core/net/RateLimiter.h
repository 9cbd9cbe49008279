#pragma once

#include "net/Clock.h"
#include "net/RateLimitHeaders.h"
#include "net/RateWindow.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace tributary {

//! One route of a provider's rate-limit table.
struct RateLimitRoute {
    //! As the client names it: a Web API method ("conversations.history") or a route
    //! template ("GET /users/{id}/messages/{id}"); never a concrete id.
    QString route;
    //! The bucket whose windows it counts against; empty: a bucket of its own, with the
    //! table's defaultWindows.
    QString bucket;
    //! Quota units one call costs (Gmail messages.get: 5).
    int units = 1;
    //! The bucket (and what the server's headers say about it) is kept per scope, the scope
    //! the caller names (Slack's chat.postMessage per channel, Discord's major parameter);
    //! other routes ignore the scope.
    bool perScope = false;
};

//! Named windows several routes can share (Slack's tiers are per method; Gmail's 250 units a
//! second are per user for every method).
struct RateLimitBucket {
    QString name;
    QList<RateWindow> windows;
};

//! A provider's limits, declared once in its folder (providers/<id>/...RateLimits): what the
//! provider documents, never learned. Learned limits come from the server's headers
//! (RateLimiter::learn).
struct RateLimitTable {
    QList<RateLimitBucket> buckets;
    QList<RateLimitRoute> routes;
    //! The windows of a route's own bucket (routes without a bucket, routes not listed);
    //! empty: no limit of ours, only what the server says.
    QList<RateWindow> defaultWindows;
    //! Windows every call of the account counts against besides its route's (Graph's 10,000
    //! requests per 10 minutes per mailbox, Discord's 50 a second).
    QList<RateWindow> accountWindows;
    //! Requests in flight at once for the account (Graph: 4 per mailbox); 0: no cap here.
    int maxConcurrent = 0;
};

class RateLimiter;

//! A place among the account's concurrent requests, held while the request is in flight;
//! destroying it frees the place for the next request waiting.
class RateLimitPermit {
public:
    explicit RateLimitPermit(RateLimiter* limiter);
    ~RateLimitPermit();
    RateLimitPermit(const RateLimitPermit&) = delete;
    RateLimitPermit& operator=(const RateLimitPermit&) = delete;

private:
    QPointer<RateLimiter> m_limiter;
};

//! An account's client-side rate limiting: the provider's table (sliding windows per route or
//! bucket, quota units, a concurrency cap) plus what the server's headers taught it
//! (X-RateLimit-Remaining/Reset, Discord's X-RateLimit-Bucket shared by several routes,
//! Retry-After, which wins over everything else). admit() lets a request start when all of
//! them allow it, so a provider waits its turn instead of collecting 429s. Lives on one thread
//! (the REST client's, the GUI thread); time and timers come from the Clock.
//!
//! A retry after a refusal is the RequestScheduler's: it pauses the whole account on a 429;
//! this class keeps each bucket within its limits so that the 429 rarely comes.
class RateLimiter : public QObject {
    Q_OBJECT
public:
    explicit RateLimiter(RateLimitTable table, std::shared_ptr<Clock> clock, QObject* parent = nullptr);
    ~RateLimiter() override;

    //! Calls `start` (on this object's thread; at once when nothing stands in the way) once a
    //! request of `route` may start: a concurrency place is free (first come, first served) and then
    //! its windows, the account's windows and the learned limits allow it. `start` owns the
    //! permit and drops it when the request ends. Nothing is called, and the place is
    //! freed, if `context` is gone by then.
    void admit(const QString& route, const QString& scope, QObject* context,
               std::function<void(std::shared_ptr<RateLimitPermit>)> start);

    //! Reserves a start for `route` now (windows and learned limits, no concurrency place);
    //! returns how long to wait for it.
    std::chrono::milliseconds reserve(const QString& route, const QString& scope = {});
    //! How long a reserve() now would wait, without reserving.
    std::chrono::milliseconds wait(const QString& route, const QString& scope = {}) const;

    //! What a response of `route` said about its limit. `serverBucket` is the server's own
    //! bucket id (Discord's X-RateLimit-Bucket): routes it names share one learned limit.
    //! Retry-After holds the bucket back for its time, whatever the reset says; an exhausted
    //! window (Remaining: 0) until its reset; a positive Remaining counts down with each start
    //! until the reset.
    void learn(const QString& route, const QString& scope, const RateLimitInfo& info,
               const QByteArray& serverBucket = {});

    //! Requests in flight (holding a permit) and waiting for a place.
    int inFlight() const { return m_inFlight; }
    int waiting() const { return static_cast<int>(m_waiting.size()); }
    const RateLimitTable& table() const { return m_table; }

private:
    friend class RateLimitPermit;
    struct Waiter {
        QString route;
        QString scope;
        QPointer<QObject> context;
        std::function<void(std::shared_ptr<RateLimitPermit>)> start;
    };
    //! What the server said about a bucket.
    struct Learned {
        std::chrono::milliseconds blockedUntil{0};
        std::optional<qint64> remaining; //!< starts left until resetAt
        std::chrono::milliseconds resetAt{0};
    };
    struct Resolved {
        QString key;        //!< the ledger key of the route's bucket (with the scope if per scope)
        QString learnedKey; //!< where its learned limit is kept (the server's bucket if known)
        QList<RateWindow> windows;
        int units = 1;
    };

    Resolved resolve(const QString& route, const QString& scope) const;
    //! The route, with the scope when the table keeps the route per scope.
    QString routeKey(const QString& route, const QString& scope) const;
    //! The earliest start at or after `now` that every limit allows.
    std::chrono::milliseconds earliest(const Resolved& r, std::chrono::milliseconds now) const;
    void release();
    void pump();
    void launch(Waiter waiter);

    RateLimitTable m_table;
    std::shared_ptr<Clock> m_clock;
    QHash<QString, RateLimitRoute> m_routes;
    QHash<QString, QList<RateWindow>> m_buckets;
    RateWindowLedger m_ledger;
    QHash<QString, Learned> m_learned;
    QHash<QString, QByteArray> m_serverBuckets; //!< route key -> the server's bucket id
    std::deque<Waiter> m_waiting;
    int m_inFlight = 0;
    bool m_pumping = false;
};

} // namespace tributary
