#pragma once

// The one set of helpers for continuing QFutures on a context object's thread. Every
// helper here keeps three promises, each covered by tests/unit/FuturesTest.cpp:
//  - a continuation runs on `context`'s thread, from its event loop (never inside the call
//    that started the operation, even when the future is finished already), and never
//    after `context` is gone;
//  - a cancelled source propagates: whenDone() skips its continuation, whenResult() hands
//    it a Cancelled error, andThen()/forwardTo() cancel what they return;
//  - cancelling what a helper returns cancels the source (the operation in flight) and
//    the continuation does not run.
// QFuture::then(context, ...) alone keeps none of these in Qt 6.4: it runs at once on a
// finished future, leaves its future unfinished for ever when the context goes, and a
// cancel never travels upstream.

#include "util/Result.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QObject>
#include <QPromise>
#include <QThread>
#include <memory>
#include <type_traits>
#include <utility>

namespace tributary {

template <typename T>
using PromisePtr = std::shared_ptr<QPromise<Result<T>>>;

//! A started promise for a provider result, shared by the continuations that finish it.
template <typename T>
PromisePtr<T> makePromise() {
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    return promise;
}

//! Finishes `promise` with `result` (ignored by Qt when the promise was cancelled).
template <typename T>
void finishPromise(const PromisePtr<T>& promise, Result<T> result) {
    promise->addResult(std::move(result));
    promise->finish();
}

namespace futures_detail {

//! Runs `f` on `context`'s thread: at once when that is this thread, else queued.
template <typename F>
void onThreadOf(QObject* context, F f) {
    if (QThread::currentThread() == context->thread())
        f();
    else
        QMetaObject::invokeMethod(context, std::move(f), Qt::QueuedConnection);
}

//! Cancels `future` unless it has finished: Qt 6.4 marks even a finished future cancelled,
//! which would hide its result from everyone else holding it.
template <typename T>
void cancelIfRunning(QFuture<T> future) {
    if (!future.isFinished())
        future.cancel();
}

//! Calls `onCancel()` from `context`'s event loop when someone cancels `future` before it
//! finished (a promise's future that nothing finished yet); never after `context` is gone.
template <typename T, typename OnCancel>
void onCancelled(QFuture<T> future, QObject* context, OnCancel onCancel) {
    onThreadOf(context, [future, context, onCancel = std::move(onCancel)]() mutable {
        auto* watcher = new QFutureWatcher<T>(context);
        QObject::connect(watcher, &QFutureWatcherBase::canceled, watcher, [watcher, onCancel]() mutable {
            if (!watcher->future().isFinished())
                onCancel();
        });
        QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        watcher->setFuture(future);
    });
}

//! Calls `onFinished(source)` from `context`'s event loop once `source` has finished
//! (cancelled or not), never after `context` is gone. The returned future finishes once
//! onFinished ran; it ends cancelled when the source was cancelled, when `context` went
//! first, or when the caller cancelled it, and cancelling it cancels `source` and drops
//! onFinished. The watchers are children of `context`, so they die with it.
template <typename T, typename OnFinished>
QFuture<void> relay(QFuture<T> source, QObject* context, OnFinished onFinished) {
    auto done = std::make_shared<QPromise<void>>();
    done->start();
    QFuture<void> out = done->future();
    onThreadOf(context, [source, context, done, onFinished = std::move(onFinished)]() mutable {
        auto* watcher = new QFutureWatcher<T>(context);
        auto end = [done](bool cancelled) {
            if (done->future().isFinished())
                return;
            if (cancelled)
                done->future().cancel();
            done->finish();
        };
        // The context (and so the watcher) went first; a no-op once `end` ran.
        QObject::connect(watcher, &QObject::destroyed, [end] { end(true); });
        QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                         [watcher, done, end, onFinished = std::move(onFinished)]() mutable {
                             // Locals only from here: onFinished may delete the context.
                             const QFuture<T> finished = watcher->future();
                             const auto keepDone = done;
                             const auto keepEnd = end;
                             watcher->deleteLater();
                             const bool dropped = keepDone->future().isCanceled(); // the caller gave up
                             if (!dropped) {
                                 auto run = std::move(onFinished);
                                 run(finished);
                             }
                             keepEnd(dropped || finished.isCanceled());
                         });
        watcher->setFuture(source);
        onCancelled(done->future(), watcher, [watcher, end] {
            const QFuture<T> running = watcher->future();
            end(true);
            watcher->deleteLater();
            cancelIfRunning(running);
        });
    });
    return out;
}

template <typename T>
bool hasResult(const QFuture<T>& future) {
    return !future.isCanceled() && future.resultCount() > 0;
}

template <typename T>
void cancelPromise(const PromisePtr<T>& promise) {
    if (promise->future().isFinished())
        return;
    promise->future().cancel();
    promise->finish();
}

} // namespace futures_detail

//! Runs `f(value)` with the future's result on `context`'s thread (see the promises at the
//! top of this file). A cancelled future (or one finished without a result) skips `f`:
//! for futures whose consumers have nothing to tell the user. For provider results use
//! whenResult(), which hands over the cancellation instead.
template <typename T, typename F>
QFuture<void> whenDone(QFuture<T> future, QObject* context, F f) {
    return futures_detail::relay(std::move(future), context,
                                 [f = std::move(f)](const QFuture<T>& done) mutable {
                                     if (futures_detail::hasResult(done))
                                         f(done.result());
                                 });
}

//! Like whenDone(), but a cancelled future (a provider torn down mid-operation) arrives as
//! a Cancelled error, so nothing waits for ever on work a provider dropped.
template <typename T, typename F>
QFuture<void> whenResult(QFuture<Result<T>> future, QObject* context, F f) {
    return futures_detail::relay(std::move(future), context,
                                 [f = std::move(f)](const QFuture<Result<T>>& done) mutable {
                                     if (futures_detail::hasResult(done))
                                         f(done.result());
                                     else
                                         f(Result<T>(ProviderError::cancelled()));
                                 });
}

//! Hands `future`'s result to `promise` when it arrives; a cancelled future cancels the
//! promise, and cancelling the promise's future cancels `future`.
template <typename T>
QFuture<void> forwardTo(QFuture<Result<T>> future, QObject* context, PromisePtr<T> promise) {
    QFuture<void> link = futures_detail::relay(future, context, [promise](const QFuture<Result<T>>& done) {
        if (futures_detail::hasResult(done))
            finishPromise(promise, done.result());
        else
            futures_detail::cancelPromise(promise);
    });
    futures_detail::onCancelled(promise->future(), context, [promise, link] {
        futures_detail::cancelIfRunning(link);
        futures_detail::cancelPromise(promise);
    });
    return link;
}

//! Runs `next(value)` (returning QFuture<Result<B>>) once `future` succeeds, on `context`'s
//! thread; an error skips it and ends the chain with that error. A cancelled step cancels
//! the returned future; cancelling the returned future cancels the step in flight.
template <typename B, typename A, typename F>
QFuture<Result<B>> andThen(QFuture<Result<A>> future, QObject* context, F next) {
    PromisePtr<B> promise = makePromise<B>();
    QFuture<Result<B>> out = promise->future();
    auto inFlight = std::make_shared<QFuture<void>>();
    *inFlight = futures_detail::relay(
        future, context,
        [promise, context, inFlight, next = std::move(next)](const QFuture<Result<A>>& done) mutable {
            if (!futures_detail::hasResult(done) || promise->future().isCanceled()) {
                futures_detail::cancelPromise(promise);
                return;
            }
            Result<A> r = done.result();
            if (!r.ok()) {
                finishPromise(promise, Result<B>(r.error()));
                return;
            }
            QFuture<Result<B>> step;
            if constexpr (std::is_void_v<A>)
                step = next();
            else
                step = next(std::move(r).value());
            *inFlight = forwardTo(step, context, promise);
        });
    futures_detail::onCancelled(out, context, [promise, inFlight] {
        futures_detail::cancelIfRunning(*inFlight);
        futures_detail::cancelPromise(promise);
    });
    return out;
}

} // namespace tributary
