#include "net/RetryPolicy.h"

#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

namespace tributary {

bool requestNeverReachedServer(const ProviderError& error) {
    if (error.kind == ErrorKind::RateLimited)
        return true;
    if (error.kind != ErrorKind::Network)
        return false;
    return error.code == NetworkErrorCode::ConnectionRefused ||
           error.code == NetworkErrorCode::HostNotFound || error.code == NetworkErrorCode::Offline ||
           error.code == NetworkErrorCode::ProxyUnreachable || error.code == NetworkErrorCode::NotSent;
}

std::chrono::milliseconds RetryPolicy::backoffCeiling(int failedAttempts) const {
    const qint64 base = std::max<qint64>(baseDelay.count(), 0);
    const qint64 cap = std::max<qint64>(maxDelay.count(), 0);
    // Doubling past 2^40 overflows nothing but is pointless: the cap is reached long before.
    const int exponent = std::clamp(failedAttempts - 1, 0, 40);
    const double ceiling = static_cast<double>(base) * std::ldexp(1.0, exponent);
    return std::chrono::milliseconds(ceiling >= static_cast<double>(cap) ? cap
                                                                         : static_cast<qint64>(ceiling));
}

std::chrono::milliseconds RetryPolicy::backoffDelay(int failedAttempts) const {
    const double r = random ? random() : QRandomGenerator::global()->generateDouble();
    const double unit = std::clamp(r, 0.0, 1.0);
    const qint64 ceiling = backoffCeiling(failedAttempts).count();
    return std::chrono::milliseconds(std::llround(unit * static_cast<double>(ceiling)));
}

std::chrono::milliseconds RetryPolicy::clampServerWait(std::chrono::milliseconds wait) const {
    return std::clamp(wait, std::chrono::milliseconds(0),
                      std::max(maxServerWait, std::chrono::milliseconds(0)));
}

} // namespace tributary
