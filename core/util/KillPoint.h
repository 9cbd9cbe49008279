#pragma once

namespace tributary {

//! The environment variable a crash-safety test sets to the name of a step: the process
//! raises SIGKILL on itself when it reaches that step, as a crash, a kill -9 or a power
//! cut would stop it there. Unset (always, outside such tests), killPoint() does nothing.
inline constexpr char kKillPointVariable[] = "TRIBUTARY_TEST_KILL_AT";

//! A named step where a crash-safety test may stop the process (see kKillPointVariable).
//! Steps of a send: "send:before-append", "send:after-append", "send:before-connect",
//! "send:after-data", "send:after-250", "send:after-finish".
void killPoint(const char* step);

} // namespace tributary
