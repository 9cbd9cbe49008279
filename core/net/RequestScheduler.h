#pragma once

#include "net/Clock.h"
#include "net/RetryPolicy.h"
#include "net/detail/ScheduledRequest.h"
#include "util/Result.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QString>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

namespace tributary {

//! How one request wants to be treated.
struct RequestOptions {
    //! Attempts in total, the first included (1 = never retry).
    int maxAttempts = 4;
    //! Repeating the request cannot duplicate a side effect (reads, flag changes,
    //! sends carrying a client-generated idempotency key). A non-idempotent request is
    //! retried only when the error proves the server never processed it
    //! (requestNeverReachedServer(): a rate-limit refusal or a connect-phase failure).
    bool idempotent = true;
    //! Shown in the status bar and logs ("Fetching Inbox"); never a secret or a body.
    QString label;
    //! Higher runs first; equal priorities run in submission order (FIFO).
    int priority = 0;
};

//! Per-account settings, chosen by the provider.
struct SchedulerConfig {
    //! Requests in flight at once (Slack tier limits, Graph's 4 per mailbox, an IMAP
    //! worker's single connection...). At least 1.
    int maxConcurrent = 4;
    RetryPolicy retry;
    //! For log lines: the account id.
    QString name;
};

//! The one place that retries. One per account, living on the thread that owns it
//! (the GUI thread for REST providers); call every method on that thread.
//!
//! - Requests start in priority, then FIFO order, at most maxConcurrent at a time.
//! - A failed attempt is retried when its error is retryable, attempts remain and
//!   the request is idempotent or never reached the server. Waits use exponential
//!   back-off with full jitter (RetryPolicy); a waiting retry holds no concurrency slot
//!   and goes to the front of its priority class when its wait ends.
//! - An error carrying retryAfter (429 + Retry-After / X-RateLimit-Reset, a 503 with
//!   Retry-After), and any RateLimited error (the un-jittered back-off ceiling if it
//!   names no time: 1 s, 2 s, 4 s ... for the request's 1st, 2nd, 3rd failure),
//!   pause the WHOLE account: no attempt of any request starts until then (in-flight
//!   ones finish). The server's time is honoured exactly, clamped to maxServerWait.
//! - Attempts may finish their futures on any thread (IMAP workers): the scheduler
//!   watches them with QFutureWatcher, so its bookkeeping always runs on its own thread
//!   and never recursively (1,000 queued requests run without deepening the stack).
//! - Cancelling the future run() returned stops its waiting or retrying and cancels the
//!   in-flight attempt's future; the cancelled future carries no result.
//!   cancelAll() and destruction instead finish every pending future with a
//!   Cancelled error value, so `.then()` chains see why they ended.
class RequestScheduler : public QObject {
    Q_OBJECT
public:
    explicit RequestScheduler(SchedulerConfig config = {},
                              std::shared_ptr<Clock> clock = nullptr /* SystemClock::shared() */,
                              QObject* parent = nullptr);
    ~RequestScheduler() override;

    //! Runs `attempt` (a callable returning QFuture<Result<T>>) under this account's
    //! limits and retry rules. `attempt` is called on the scheduler's thread, once per
    //! attempt, so it must start a fresh request each time. It may call run() but must
    //! not wait for the scheduler. A cancelled attempt future should stop its work
    //! (a QPromise-based attempt checks isCanceled()).
    template <typename F>
    QFuture<Result<detail::AttemptValueOf<F>>> run(F attempt, RequestOptions options = {}) {
        using T = detail::AttemptValueOf<F>;
        const quint64 id = ++m_lastId;
        auto request =
            std::make_unique<detail::TypedRequest<T>>(std::function<QFuture<Result<T>>()>(std::move(attempt)),
                                                      this, [this, id] { onCallerCancelled(id); });
        QFuture<Result<T>> future = request->future();
        enqueue(id, std::move(request), std::move(options));
        return future;
    }

    //! Finishes every queued, waiting and in-flight request with a Cancelled error and
    //! cancels the in-flight attempts' futures. A rate-limit pause stays in force.
    void cancelAll();

    //! Holds every new attempt back for `delay` (a provider that sees
    //! X-RateLimit-Remaining: 0 on a successful reply calls this with the reset time).
    //! A shorter pause never shortens a longer one.
    void pauseFor(std::chrono::milliseconds delay);

    //! Changes the concurrency cap; queued requests start at once if it grew.
    void setMaxConcurrent(int maxConcurrent);
    int maxConcurrent() const { return m_config.maxConcurrent; }

    //! Attempts in flight now.
    int inFlight() const { return m_running; }
    //! Requests not finished yet (queued, waiting to retry or in flight).
    int pending() const { return static_cast<int>(m_entries.size()); }
    //! The account is paused by a rate limit.
    bool isPaused() const;
    //! When the pause ends, on the scheduler's Clock (compare with Clock::now()).
    std::chrono::milliseconds pausedUntil() const { return m_pausedUntil; }

Q_SIGNALS:
    //! A failed attempt will be repeated: `attempt` is the number of the coming attempt
    //! (2 for the first retry), after `delay`. For the status bar: "Retrying in 4 s".
    void retryScheduled(const QString& label, int attempt, std::chrono::milliseconds delay,
                        const tributary::ProviderError& error);
    //! The account is paused until `until` (UTC wall time) by the server's rate limit.
    void rateLimited(const QDateTime& until);
    //! A pause ended; requests flow again.
    void resumed();
    //! The last pending request finished.
    void idle();

private:
    struct Entry;

    void enqueue(quint64 id, std::unique_ptr<detail::ScheduledRequest> request, RequestOptions options);
    void pump();
    std::shared_ptr<Entry> popNext();
    void startAttempt(const std::shared_ptr<Entry>& entry);
    void onAttemptFinished(quint64 id, const ProviderError* error);
    void handleFailure(const std::shared_ptr<Entry>& entry, const ProviderError& error);
    void onRetryDue(quint64 id);
    void onCallerCancelled(quint64 id);
    void onPauseElapsed();
    //! Removes the entry from the bookkeeping; the caller then finishes its request.
    void detach(const std::shared_ptr<Entry>& entry);
    void maybeIdle();

    SchedulerConfig m_config;
    std::shared_ptr<Clock> m_clock;
    std::unordered_map<quint64, std::shared_ptr<Entry>> m_entries;
    //! Ids by priority, highest first; entries dropped while queued are skipped lazily.
    std::map<int, std::deque<quint64>, std::greater<int>> m_queue;
    quint64 m_lastId = 0;
    int m_running = 0;
    bool m_pumping = false;
    bool m_busy = false; //!< there was work since the last idle()
    std::chrono::milliseconds m_pausedUntil{std::chrono::milliseconds::min()};
    Clock::TimerId m_resumeTimer = 0;
};

} // namespace tributary
