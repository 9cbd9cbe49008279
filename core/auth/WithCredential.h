#pragma once

#include "auth/AccountCredentials.h"

#include <QPointer>
#include <QPromise>
#include <functional>
#include <memory>

namespace tributary {

//! Runs `attempt` with the account's current credential. When the server refuses it
//! (AccountCredentials::isRefusal: an expired or revoked token) and the credentials can be
//! renewed, they are renewed once (shared with every other caller that saw the same token
//! refused) and `attempt` runs once more with the new one; a refused renewal answers
//! "sign in again". Every other result comes back as it is. Continuations run on
//! `context`'s thread; the future ends cancelled if `context` goes first.
template <typename T>
QFuture<Result<T>> withCredential(AccountCredentials* credentials, QObject* context,
                                  std::function<QFuture<Result<T>>(const Credential&)> attempt) {
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    QFuture<Result<T>> future = promise->future();
    auto finish = [promise](const Result<T>& result) {
        promise->addResult(result);
        promise->finish();
    };
    QPointer<AccountCredentials> creds(credentials);
    credentials->current().then(context, [=](const Result<Credential>& credential) {
        if (!credential.ok()) {
            finish(credential.error());
            return;
        }
        attempt(credential.value())
            .then(context, [=, used = credential.value().secret](const Result<T>& first) {
                if (first.ok() || !creds || !AccountCredentials::isRefusal(first.error())) {
                    finish(first);
                    return;
                }
                if (!creds->isRenewable()) {
                    (void)creds->refused(used); // read again next time: the user may fix it meanwhile
                    finish(first);
                    return;
                }
                creds->refused(used).then(context, [=](const Result<Credential>& renewed) {
                    if (!renewed.ok()) {
                        finish(renewed.error());
                        return;
                    }
                    attempt(renewed.value()).then(context, [=](const Result<T>& second) { finish(second); });
                });
            });
    });
    return future;
}

} // namespace tributary
