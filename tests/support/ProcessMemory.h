#pragma once

// Resident memory, as the hostile-server tests measure it: the peak of this process since a
// reset (VmHWM after writing 5 to /proc/self/clear_refs), or the peak of a child process
// (wait4's ru_maxrss), so "growth <= 64 MB" is a measurement, not a guess.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tributary::test {

//! A "Name:   1234 kB" field of /proc/self/status in kB, or -1.
qint64 statusFieldKb(const char* name);

//! Peak resident memory growth from the moment it was made.
class PeakMemoryProbe {
public:
    //! Resets the process's peak (false if the kernel would not) and notes the current RSS.
    PeakMemoryProbe();
    bool valid() const { return m_valid; }
    //! VmHWM now minus VmRSS when the probe was made, in MB.
    double growthMb() const;

private:
    bool m_valid = false;
    qint64 m_baselineKb = 0;
};

//! How a child process ended and its peak resident memory.
struct ChildRun {
    bool started = false;
    bool crashed = false; //!< ended by a signal
    int exitCode = -1;    //!< when it exited normally
    int signal = 0;       //!< when it crashed
    double peakRssMb = 0; //!< ru_maxrss of this child alone
    QByteArray out;
    QByteArray err;
};

//! Runs `program` with `arguments` and the environment `extraEnv` ("NAME=value") on top of
//! ours, waits up to `timeoutMs` (then kills it) and reports how it ended. Blocks the calling
//! thread: the peer it talks to must run on another (ScriptedServer does).
ChildRun runChild(const QString& program, const QStringList& arguments, const QStringList& extraEnv = {},
                  int timeoutMs = 120000);

} // namespace tributary::test
