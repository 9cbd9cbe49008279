#pragma once

#include <QString>

namespace tributary {

//! Keeps this process's memory out of core files: the app and the CLI hold message bodies,
//! passwords and OAuth tokens, and a crash must not write them to disk (or hand them to a
//! crash collector such as systemd-coredump or apport).
//!  - RLIMIT_CORE soft and hard limit 0: no core file; inherited by every child, across
//!    fork() and execve(), so QtWebEngine's zygote and renderer processes (which hold the
//!    HTML of the messages shown) write none either, and cannot raise it again;
//!  - prctl(PR_SET_DUMPABLE, 0): the kernel does not dump this process at all, not even
//!    to a core_pattern pipe (systemd-coredump, apport), for which it ignores RLIMIT_CORE
//!    (core(5)); and other processes of the same user cannot ptrace it or read its
//!    /proc/<pid>/mem. execve() resets this flag, so it covers this process only, not the
//!    renderers it starts (for those, systemd-coredump honours the inherited limit of 0).
//! Call it first thing in main(), before any thread or child process exists. Returns an
//! empty string, or what could not be set (for a diagnostic; the process keeps running).
QString disableCoreDumps();

//! What the kernel reports for this process, for tests and diagnostics.
struct CoreDumpState {
    bool dumpable = true;         //!< prctl(PR_GET_DUMPABLE)
    long long coreSoftLimit = -1; //!< RLIMIT_CORE, -1 for unlimited
    long long coreHardLimit = -1;
};
CoreDumpState coreDumpState();

} // namespace tributary
