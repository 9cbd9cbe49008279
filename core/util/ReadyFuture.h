#pragma once

#include "util/Result.h"

#include <QFuture>
#include <QPromise>

namespace tributary {

//! A future that is already finished with `value`: for answers known at once
//! (validation failures, unsupported operations, fakes in tests).
template <typename T>
QFuture<T> readyFuture(T value) {
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

//! readyFuture for provider results: readyResult<Message>(ProviderError::cancelled()).
template <typename T>
QFuture<Result<T>> readyResult(Result<T> result) {
    return readyFuture<Result<T>>(std::move(result));
}

} // namespace tributary
