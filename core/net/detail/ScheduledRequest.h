#pragma once

// Internal to RequestScheduler: the type-erased request behind run<T>(). Not for
// direct use.

#include "util/Result.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace tributary::detail {

//! Maps QFuture<Result<T>> to T, so run() can deduce T from an attempt callable.
template <typename Future>
struct AttemptValue;
template <typename T>
struct AttemptValue<QFuture<Result<T>>> {
    using type = T;
};
template <typename F>
using AttemptValueOf = typename AttemptValue<std::decay_t<std::invoke_result_t<F&>>>::type;

//! Deletes a watcher once control is back in the event loop: the scheduler may drop a
//! request from inside that very watcher's signal.
template <typename Watcher>
void disposeWatcher(std::unique_ptr<Watcher>& watcher) {
    if (!watcher)
        return;
    watcher->disconnect();
    watcher.release()->deleteLater();
}

//! The type-independent face of one scheduled request. All calls happen on the
//! scheduler's thread.
class ScheduledRequest {
public:
    virtual ~ScheduledRequest() = default;
    //! Calls the attempt function and watches its future. `onFinished` runs later,
    //! from the event loop of `context`'s thread, with the failed attempt's error or
    //! nullptr on success.
    virtual void startAttempt(QObject* context, std::function<void(const ProviderError*)> onFinished) = 0;
    //! Cancels the in-flight attempt's future and stops watching it.
    virtual void abortAttempt() = 0;
    //! Hands the last attempt's result (value or error) to the caller.
    virtual void finishWithLastResult() = 0;
    //! Hands `error` to the caller.
    virtual void finishWithError(const ProviderError& error) = 0;
    //! Ends the caller's future after the caller cancelled it.
    virtual void finishCancelled() = 0;
    //! The caller cancelled the future run() returned.
    virtual bool callerCancelled() const = 0;
};

template <typename T>
class TypedRequest final : public ScheduledRequest {
public:
    using Attempt = std::function<QFuture<Result<T>>()>;

    //! `onCallerCancelled` runs on `context`'s thread when the caller cancels the future.
    TypedRequest(Attempt attempt, QObject* context, std::function<void()> onCallerCancelled)
        : m_attempt(std::move(attempt))
        , m_callerWatcher(std::make_unique<QFutureWatcher<Result<T>>>()) {
        m_promise.start();
        QObject::connect(m_callerWatcher.get(), &QFutureWatcherBase::canceled, context,
                         std::move(onCallerCancelled));
        m_callerWatcher->setFuture(m_promise.future());
    }

    ~TypedRequest() override {
        disposeWatcher(m_attemptWatcher);
        disposeWatcher(m_callerWatcher);
        // A scheduler always finishes a request before dropping it; this is the last line
        // of defence so that no caller ever waits forever.
        if (!m_finished) {
            m_promise.addResult(Result<T>(ProviderError::cancelled()));
            m_promise.finish();
        }
    }

    QFuture<Result<T>> future() { return m_promise.future(); }

    void startAttempt(QObject* context, std::function<void(const ProviderError*)> onFinished) override {
        disposeWatcher(m_attemptWatcher);
        m_aborted = false;
        QFuture<Result<T>> attemptFuture = m_attempt();
        if (m_aborted) {
            // Cancelled while the attempt function ran (it called back into the scheduler).
            attemptFuture.cancel();
            return;
        }
        m_attemptWatcher = std::make_unique<QFutureWatcher<Result<T>>>();
        auto* watcher = m_attemptWatcher.get();
        // `this` is safe: the watcher dies with this request, and the connection with it.
        QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                         [this, watcher, onFinished = std::move(onFinished)] {
                             const QFuture<Result<T>> done = watcher->future();
                             if (done.resultCount() > 0) {
                                 m_last.emplace(done.result());
                             } else {
                                 // Cancelled or abandoned by the provider without a result.
                                 ProviderError e = ProviderError::cancelled();
                                 e.message = QObject::tr("The operation ended without a result.");
                                 m_last.emplace(std::move(e));
                             }
                             if (m_last->ok())
                                 onFinished(nullptr);
                             else
                                 onFinished(&m_last->error());
                         });
        watcher->setFuture(attemptFuture);
    }

    void abortAttempt() override {
        m_aborted = true;
        if (!m_attemptWatcher)
            return;
        QFuture<Result<T>> inFlight = m_attemptWatcher->future();
        disposeWatcher(m_attemptWatcher);
        inFlight.cancel();
    }

    void finishWithLastResult() override {
        if (m_last)
            finish(std::move(*m_last));
        else
            finish(Result<T>(ProviderError::cancelled()));
    }

    void finishWithError(const ProviderError& error) override { finish(Result<T>(error)); }

    void finishCancelled() override {
        if (m_finished)
            return;
        m_finished = true;
        disposeWatcher(m_callerWatcher);
        m_promise.finish();
    }

    bool callerCancelled() const override { return m_promise.isCanceled(); }

private:
    void finish(Result<T> result) {
        if (m_finished)
            return;
        m_finished = true;
        disposeWatcher(m_attemptWatcher);
        disposeWatcher(m_callerWatcher);
        m_promise.addResult(std::move(result));
        m_promise.finish();
    }

    Attempt m_attempt;
    QPromise<Result<T>> m_promise;
    std::unique_ptr<QFutureWatcher<Result<T>>> m_callerWatcher;
    std::unique_ptr<QFutureWatcher<Result<T>>> m_attemptWatcher;
    std::optional<Result<T>> m_last;
    bool m_aborted = false;
    bool m_finished = false;
};

} // namespace tributary::detail
