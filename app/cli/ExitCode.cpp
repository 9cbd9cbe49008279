#include "cli/ExitCode.h"

namespace tributary::cli {

ExitCode exitCodeFor(const ProviderError& error) {
    switch (error.kind) {
    case ErrorKind::Auth:
        return ExitAuth;
    case ErrorKind::Network:
    case ErrorKind::RateLimited:
        return ExitNetwork;
    case ErrorKind::NotFound:
        return ExitNotFound;
    case ErrorKind::Protocol:
    case ErrorKind::Invalid:
    case ErrorKind::Cancelled:
    case ErrorKind::Storage:
        return ExitOther;
    }
    return ExitOther;
}

} // namespace tributary::cli
