#pragma once

#include "util/Result.h"

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

namespace tributary::ui {

//! Like whenDone(): `f` gets the provider result on `context`'s thread, from the event
//! loop and never after `context` is gone; a cancelled future arrives as a Cancelled
//! error, so the window never waits for ever on work a provider dropped.
template <typename T, typename F>
void whenResult(QFuture<Result<T>> future, QObject* context, F f) {
    const QPointer<QObject> guard(context);
    auto deliver = [guard, f](Result<T> result) {
        if (guard)
            QMetaObject::invokeMethod(
                guard.data(), [f, result]() mutable { f(result); }, Qt::QueuedConnection);
    };
    future.then(context, [deliver](const Result<T>& result) { deliver(result); })
        .onCanceled(context, [deliver] { deliver(ProviderError::cancelled()); });
}

} // namespace tributary::ui
