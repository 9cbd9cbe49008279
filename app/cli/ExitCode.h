#pragma once

#include "provider/ProviderError.h"

namespace tributary::cli {

//! tributary-cli's exit codes: scripts branch on these, so they never change meaning.
enum ExitCode : int {
    ExitOk = 0,
    ExitOther = 1,
    ExitUsage = 2,
    ExitAuth = 3,
    ExitNetwork = 4,
    ExitNotFound = 5,
};

//! The exit code for a provider error.
ExitCode exitCodeFor(const ProviderError& error);

} // namespace tributary::cli
