#include "provider/ProviderError.h"

namespace tributary {

QString toString(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Network:
        return QStringLiteral("Network");
    case ErrorKind::Auth:
        return QStringLiteral("Auth");
    case ErrorKind::RateLimited:
        return QStringLiteral("RateLimited");
    case ErrorKind::NotFound:
        return QStringLiteral("NotFound");
    case ErrorKind::Protocol:
        return QStringLiteral("Protocol");
    case ErrorKind::Invalid:
        return QStringLiteral("Invalid");
    case ErrorKind::Cancelled:
        return QStringLiteral("Cancelled");
    case ErrorKind::Storage:
        return QStringLiteral("Storage");
    }
    return QStringLiteral("Unknown");
}

namespace {
ProviderError make(ErrorKind kind, bool retryable, QString message, QString code) {
    ProviderError e;
    e.kind = kind;
    e.retryable = retryable;
    e.message = std::move(message);
    e.code = std::move(code);
    return e;
}
} // namespace

ProviderError ProviderError::network(QString message, QString code) {
    return make(ErrorKind::Network, true, std::move(message), std::move(code));
}

ProviderError ProviderError::auth(QString message, QString code) {
    return make(ErrorKind::Auth, false, std::move(message), std::move(code));
}

ProviderError ProviderError::rateLimited(std::optional<std::chrono::milliseconds> after, QString message) {
    ProviderError e = make(ErrorKind::RateLimited, true, std::move(message), QStringLiteral("rate_limited"));
    e.retryAfter = after;
    return e;
}

ProviderError ProviderError::notFound(QString message, QString code) {
    return make(ErrorKind::NotFound, false, std::move(message), std::move(code));
}

ProviderError ProviderError::protocol(QString message, QString code) {
    return make(ErrorKind::Protocol, false, std::move(message), std::move(code));
}

ProviderError ProviderError::invalid(QString message, QString code) {
    return make(ErrorKind::Invalid, false, std::move(message), std::move(code));
}

ProviderError ProviderError::cancelled() {
    return make(ErrorKind::Cancelled, false, QStringLiteral("Cancelled"), QStringLiteral("cancelled"));
}

ProviderError ProviderError::unsupported(const QString& operation) {
    return make(ErrorKind::Invalid, false,
                QStringLiteral("This account type does not support %1.").arg(operation),
                QStringLiteral("unsupported"));
}

ProviderError ProviderError::storage(QString message, QString code) {
    return make(ErrorKind::Storage, false, std::move(message), std::move(code));
}

QString ProviderError::describe() const {
    QString text = toString(kind) + QStringLiteral(": ") + message;
    if (!code.isEmpty())
        text += QStringLiteral(" (") + code + QLatin1Char(')');
    return text;
}

} // namespace tributary
