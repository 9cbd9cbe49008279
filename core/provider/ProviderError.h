#pragma once

#include <QString>
#include <QtGlobal>
#include <chrono>
#include <optional>

namespace tributary {

//! What went wrong, in terms the scheduler and the UI can act on.
enum class ErrorKind {
    Network,     //!< unreachable, reset, timed out: usually worth retrying
    Auth,        //!< credentials missing, wrong, expired or revoked: needs the user
    RateLimited, //!< the provider asked us to slow down (see retryAfter)
    NotFound,    //!< the object is gone on the server
    Protocol,    //!< the server answered something we cannot understand
    Invalid,     //!< our request was refused as invalid, or the operation is unsupported
    Cancelled,   //!< the caller cancelled the operation
    Storage,     //!< local storage or keychain failure (disk full, keyring locked)
};

QString toString(ErrorKind kind);

//! A typed error. `message` is user-readable and must never contain a secret or a body.
struct ProviderError {
    ErrorKind kind = ErrorKind::Protocol;
    bool retryable = false;
    std::optional<std::chrono::milliseconds> retryAfter;
    QString message;
    //! Machine-readable detail (e.g. "invalid_auth", "keyring_locked", an IMAP response code).
    QString code;

    static ProviderError network(QString message, QString code = {});
    static ProviderError auth(QString message, QString code = {});
    static ProviderError rateLimited(std::optional<std::chrono::milliseconds> after, QString message);
    static ProviderError notFound(QString message, QString code = {});
    static ProviderError protocol(QString message, QString code = {});
    static ProviderError invalid(QString message, QString code = {});
    static ProviderError cancelled();
    static ProviderError unsupported(const QString& operation);
    static ProviderError storage(QString message, QString code = {});

    //! "Auth: the server rejected the password (AUTHENTICATIONFAILED)"
    QString describe() const;
};

} // namespace tributary
