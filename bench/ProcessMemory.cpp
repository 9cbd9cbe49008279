#include "ProcessMemory.h"

#include <QByteArray>
#include <QFile>
#include <sys/resource.h>

namespace tributary::bench {

namespace {

//! A "Name:   1234 kB" line of /proc/self/status, in MB.
double statusFieldMb(const char* name) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(name) + ':';
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

} // namespace

double currentRssMb() {
    return statusFieldMb("VmRSS");
}

double peakRssMb() {
    return statusFieldMb("VmHWM");
}

double processCpuSeconds() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    auto seconds = [](const timeval& t) {
        return double(t.tv_sec) + double(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool resetPeakRss() {
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    if (!refs.open(QIODevice::WriteOnly))
        return false;
    if (refs.write("5") != 1 || !refs.flush())
        return false;
    refs.close();
    // Some kernels accept the write and ignore it: only a peak back at the current RSS
    // proves the reset (a few pages of slack for what reading /proc allocates).
    return peakRssMb() <= currentRssMb() + 1.0;
}

} // namespace tributary::bench
