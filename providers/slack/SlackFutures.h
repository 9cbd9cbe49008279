#pragma once

// Small helpers to chain QFuture<Result<T>> steps on a context object's thread without
// exceptions: a failed step ends the chain with its error.

#include "util/Result.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <memory>
#include <type_traits>

namespace tributary::slack {

template <typename T>
using PromisePtr = std::shared_ptr<QPromise<Result<T>>>;

template <typename T>
PromisePtr<T> makePromise() {
    auto p = std::make_shared<QPromise<Result<T>>>();
    p->start();
    return p;
}

template <typename T>
void finishPromise(const PromisePtr<T>& promise, Result<T> result) {
    promise->addResult(std::move(result));
    promise->finish();
}

//! Hands `future`'s result to `promise` when it arrives (on `context`'s thread).
template <typename T>
void forwardTo(QFuture<Result<T>> future, QObject* context, PromisePtr<T> promise) {
    future.then(context, [promise](Result<T> r) { finishPromise(promise, std::move(r)); });
}

//! Runs `next(value)` (returning QFuture<Result<B>>) when `future` succeeds; an error skips it.
template <typename B, typename A, typename F>
QFuture<Result<B>> andThen(QFuture<Result<A>> future, QObject* context, F next) {
    PromisePtr<B> promise = makePromise<B>();
    QFuture<Result<B>> out = promise->future();
    future.then(context, [promise, context, next = std::move(next)](Result<A> r) mutable {
        if (!r.ok()) {
            finishPromise(promise, Result<B>(r.error()));
            return;
        }
        QFuture<Result<B>> step;
        if constexpr (std::is_void_v<A>)
            step = next();
        else
            step = next(std::move(r).value());
        forwardTo(step, context, promise);
    });
    return out;
}

} // namespace tributary::slack
