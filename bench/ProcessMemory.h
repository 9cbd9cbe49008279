#pragma once

namespace tributary::bench {

//! Resident set size of this process now, in MB (VmRSS), or -1 if /proc is unreadable.
double currentRssMb();

//! Peak resident set size of this process, in MB (VmHWM): since the start, or since the
//! last successful resetPeakRss(). -1 if /proc is unreadable.
double peakRssMb();

//! CPU time (user + system) this process has used so far, all threads, in seconds.
double processCpuSeconds();

//! Resets VmHWM to the current RSS (`echo 5 > /proc/self/clear_refs`, Linux 4.0+), so a
//! later peakRssMb() covers only what happens from now on. False if the kernel refused.
bool resetPeakRss();

} // namespace tributary::bench
