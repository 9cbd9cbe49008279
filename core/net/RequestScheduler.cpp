#include "net/RequestScheduler.h"

#include "net/SystemClock.h"
#include "util/Logging.h"

#include <QThread>
#include <algorithm>
#include <vector>

namespace tributary {

using std::chrono::milliseconds;

struct RequestScheduler::Entry {
    enum class State { Queued, Running, Waiting, Done };

    quint64 id = 0;
    std::unique_ptr<detail::ScheduledRequest> request;
    RequestOptions options;
    int attempts = 0; //!< attempts started so far
    State state = State::Queued;
    Clock::TimerId retryTimer = 0;
};

RequestScheduler::RequestScheduler(SchedulerConfig config, std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {
    m_config.maxConcurrent = std::max(1, m_config.maxConcurrent);
}

RequestScheduler::~RequestScheduler() {
    // Nobody is listening any more; still, no caller may wait forever.
    const QSignalBlocker blocker(this);
    cancelAll();
    if (m_resumeTimer)
        m_clock->cancel(m_resumeTimer);
}

bool RequestScheduler::isPaused() const {
    return m_clock->now() < m_pausedUntil;
}

void RequestScheduler::setMaxConcurrent(int maxConcurrent) {
    m_config.maxConcurrent = std::max(1, maxConcurrent);
    pump();
}

void RequestScheduler::enqueue(quint64 id, std::unique_ptr<detail::ScheduledRequest> request,
                               RequestOptions options) {
    Q_ASSERT_X(QThread::currentThread() == thread(), "RequestScheduler::run",
               "call the scheduler on the thread it lives on");
    auto entry = std::make_shared<Entry>();
    entry->id = id;
    entry->request = std::move(request);
    entry->options = std::move(options);
    entry->options.maxAttempts = std::max(1, entry->options.maxAttempts);
    m_entries.emplace(id, entry);
    m_queue[entry->options.priority].push_back(id);
    m_busy = true;
    pump();
}

std::shared_ptr<RequestScheduler::Entry> RequestScheduler::popNext() {
    while (!m_queue.empty()) {
        auto level = m_queue.begin();
        std::deque<quint64>& ids = level->second;
        while (!ids.empty()) {
            const quint64 id = ids.front();
            ids.pop_front();
            const auto it = m_entries.find(id);
            if (it != m_entries.end() && it->second->state == Entry::State::Queued) {
                if (ids.empty())
                    m_queue.erase(level);
                return it->second;
            }
        }
        m_queue.erase(level);
    }
    return nullptr;
}

void RequestScheduler::pump() {
    // A loop, not recursion: an attempt that finishes at once still reports through the
    // event loop, and a run() from inside an attempt only appends to the queue.
    if (m_pumping)
        return;
    m_pumping = true;
    while (m_running < m_config.maxConcurrent && !isPaused()) {
        const std::shared_ptr<Entry> entry = popNext();
        if (!entry)
            break;
        startAttempt(entry);
    }
    m_pumping = false;
}

void RequestScheduler::startAttempt(const std::shared_ptr<Entry>& entry) {
    entry->state = Entry::State::Running;
    ++entry->attempts;
    ++m_running;
    qCDebug(lcScheduler) << m_config.name << "attempt" << entry->attempts << "of"
                         << entry->options.maxAttempts << entry->options.label;
    const quint64 id = entry->id;
    // `entry` (a shared_ptr held by our caller) keeps the request alive even if the
    // attempt function cancels it from inside.
    entry->request->startAttempt(this,
                                 [this, id](const ProviderError* error) { onAttemptFinished(id, error); });
}

void RequestScheduler::onAttemptFinished(quint64 id, const ProviderError* error) {
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second->state != Entry::State::Running)
        return;
    const std::shared_ptr<Entry> entry = it->second;
    --m_running;

    if (!error) {
        detach(entry);
        entry->request->finishWithLastResult();
    } else if (entry->request->callerCancelled()) {
        detach(entry);
        entry->request->finishCancelled();
    } else {
        handleFailure(entry, ProviderError(*error));
    }
    pump();
    maybeIdle();
}

void RequestScheduler::handleFailure(const std::shared_ptr<Entry>& entry, const ProviderError& error) {
    const RetryPolicy& policy = m_config.retry;

    // The server said when to come back: that holds for every request of the account,
    // or the other queued requests would each collect their own 429 (a retry storm).
    if (error.retryAfter)
        pauseFor(policy.clampServerWait(*error.retryAfter));
    else if (error.kind == ErrorKind::RateLimited)
        // No time given: wait the whole back-off ceiling. Jitter would only let the
        // pause shrink towards zero, and the pause already holds every request back.
        pauseFor(policy.backoffCeiling(entry->attempts));

    const bool safeToRepeat = entry->options.idempotent || requestNeverReachedServer(error);
    if (!error.retryable || !safeToRepeat || entry->attempts >= entry->options.maxAttempts) {
        qCInfo(lcScheduler) << m_config.name << "gives up on" << entry->options.label << "after"
                            << entry->attempts << "attempt(s):" << error.describe();
        detach(entry);
        entry->request->finishWithLastResult();
        return;
    }

    milliseconds delay{0};
    if (isPaused()) {
        // Back to the front of the queue, which stays closed until the pause ends.
        delay = m_pausedUntil - m_clock->now();
        entry->state = Entry::State::Queued;
        m_queue[entry->options.priority].push_front(entry->id);
    } else {
        delay = policy.backoffDelay(entry->attempts);
        entry->state = Entry::State::Waiting;
        const quint64 id = entry->id;
        entry->retryTimer = m_clock->callAfter(delay, this, [this, id] { onRetryDue(id); });
    }
    qCInfo(lcScheduler) << m_config.name << "retries" << entry->options.label << "in" << delay.count()
                        << "ms:" << error.describe();
    Q_EMIT retryScheduled(entry->options.label, entry->attempts + 1, delay, error);
}

void RequestScheduler::onRetryDue(quint64 id) {
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second->state != Entry::State::Waiting)
        return;
    const std::shared_ptr<Entry>& entry = it->second;
    entry->retryTimer = 0;
    entry->state = Entry::State::Queued;
    // It has waited its turn already: first in line among its priority.
    m_queue[entry->options.priority].push_front(id);
    pump();
}

void RequestScheduler::onCallerCancelled(quint64 id) {
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    const std::shared_ptr<Entry> entry = it->second;
    if (entry->state == Entry::State::Running) {
        --m_running;
        entry->request->abortAttempt();
    }
    detach(entry);
    entry->request->finishCancelled();
    pump();
    maybeIdle();
}

void RequestScheduler::detach(const std::shared_ptr<Entry>& entry) {
    if (entry->retryTimer) {
        m_clock->cancel(entry->retryTimer);
        entry->retryTimer = 0;
    }
    entry->state = Entry::State::Done;
    // A queued id stays in m_queue and is skipped by popNext().
    m_entries.erase(entry->id);
}

void RequestScheduler::cancelAll() {
    std::vector<std::shared_ptr<Entry>> entries;
    entries.reserve(m_entries.size());
    for (const auto& [id, entry] : m_entries)
        entries.push_back(entry);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a->id < b->id; });

    // First make the bookkeeping consistent, then tell the callers: their
    // continuations may run synchronously and call run() again.
    for (const auto& entry : entries) {
        if (entry->state == Entry::State::Running)
            entry->request->abortAttempt();
        detach(entry);
    }
    m_queue.clear();
    m_running = 0;
    for (const auto& entry : entries) {
        if (entry->request->callerCancelled())
            entry->request->finishCancelled();
        else
            entry->request->finishWithError(ProviderError::cancelled());
    }
    if (!entries.empty())
        qCDebug(lcScheduler) << m_config.name << "cancelled" << entries.size() << "request(s)";
    maybeIdle();
}

void RequestScheduler::pauseFor(milliseconds delay) {
    Q_ASSERT_X(QThread::currentThread() == thread(), "RequestScheduler::pauseFor",
               "call the scheduler on the thread it lives on");
    delay = std::max(delay, milliseconds(0));
    const milliseconds until = m_clock->now() + delay;
    if (until <= m_pausedUntil)
        return;
    m_pausedUntil = until;
    if (m_resumeTimer)
        m_clock->cancel(m_resumeTimer);
    m_resumeTimer = m_clock->callAfter(delay, this, [this] { onPauseElapsed(); });
    const QDateTime wallUntil = m_clock->wallNow().addMSecs(delay.count());
    qCInfo(lcScheduler) << m_config.name << "paused by the server's rate limit for" << delay.count() << "ms";
    Q_EMIT rateLimited(wallUntil);
}

void RequestScheduler::onPauseElapsed() {
    m_resumeTimer = 0;
    const milliseconds now = m_clock->now();
    if (now < m_pausedUntil) {
        // Timers never fire early, but a clock with coarser steps than the timer might.
        m_resumeTimer = m_clock->callAfter(m_pausedUntil - now, this, [this] { onPauseElapsed(); });
        return;
    }
    qCInfo(lcScheduler) << m_config.name << "resumes after a rate-limit pause";
    Q_EMIT resumed();
    pump();
    maybeIdle();
}

void RequestScheduler::maybeIdle() {
    if (m_busy && m_entries.empty()) {
        m_busy = false;
        Q_EMIT idle();
    }
}

} // namespace tributary
