// disableCoreDumps() in a child process: what the kernel reports afterwards, and what a
// program it starts inherits (QtWebEngine's helpers are such programs).

#include "util/ProcessHardening.h"

#include <QByteArray>
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tributary;

namespace {

//! Runs `child` in a forked process and returns what it wrote to the pipe. The child only
//! makes system calls (no Qt, no allocation after fork), then _exit()s.
template <typename F>
QByteArray inChild(F child) {
    int fds[2];
    if (::pipe(fds) != 0)
        return "pipe failed";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        child(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    QByteArray out;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
        out.append(buffer, n);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return out;
}

void writeAll(int fd, const char* text) {
    const size_t length = strlen(text);
    size_t done = 0;
    while (done < length) {
        const ssize_t n = ::write(fd, text + done, length - done);
        if (n <= 0)
            return;
        done += size_t(n);
    }
}

} // namespace

TEST(ProcessHardening, TheKernelReportsNoCoreDumps) {
    const QByteArray report = inChild([](int fd) {
        const bool before = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1;
        const QString failed = disableCoreDumps();
        const CoreDumpState state = coreDumpState();
        char line[160];
        snprintf(line, sizeof line, "before=%d failed=%d dumpable=%d soft=%lld hard=%lld", before ? 1 : 0,
                 failed.isEmpty() ? 0 : 1, state.dumpable ? 1 : 0, state.coreSoftLimit, state.coreHardLimit);
        writeAll(fd, line);
    });
    EXPECT_EQ(report, QByteArray("before=1 failed=0 dumpable=0 soft=0 hard=0"));
}

TEST(ProcessHardening, ProgramsStartedAfterwardsInheritTheLimitButNotTheFlag) {
    // What applies to QtWebEngine's zygote and renderers: RLIMIT_CORE survives execve(),
    // and with a hard limit of 0 they cannot raise it; the dumpable flag is reset by it.
    const QByteArray limits = inChild([](int fd) {
        disableCoreDumps();
        ::dup2(fd, STDOUT_FILENO);
        ::execl("/bin/cat", "cat", "/proc/self/limits", static_cast<char*>(nullptr));
    });
    QByteArray coreLine;
    for (const QByteArray& line : limits.split('\n')) {
        if (line.startsWith("Max core file size"))
            coreLine = line.simplified();
    }
    EXPECT_EQ(coreLine, QByteArray("Max core file size 0 0 bytes")) << limits.toStdString();
}
