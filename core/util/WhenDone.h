#pragma once

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

namespace tributary {

//! Runs `f` with the future's result on `context`'s thread, always from the event loop
//! and never after `context` is gone. A provider may hand back a future that is finished
//! already, and QFuture::then would then run the continuation inside the very call that
//! started the operation, on state the caller has not finished updating.
template <typename T, typename F>
void whenDone(QFuture<T> future, QObject* context, F f) {
    future.then(context, [guard = QPointer<QObject>(context), f = std::move(f)](const T& value) mutable {
        if (guard)
            QMetaObject::invokeMethod(
                guard.data(), [f = std::move(f), value]() mutable { f(value); }, Qt::QueuedConnection);
    });
}

} // namespace tributary
