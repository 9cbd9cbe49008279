#include "ProcessMemory.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryFile>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace tributary::test {

qint64 statusFieldKb(const char* name) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(name) + ':';
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

PeakMemoryProbe::PeakMemoryProbe() {
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    if (refs.open(QIODevice::WriteOnly) && refs.write("5") == 1 && refs.flush()) {
        refs.close();
        m_baselineKb = statusFieldKb("VmRSS");
        // Some kernels accept the write and ignore it: only a peak back near the current RSS
        // proves the reset.
        m_valid = m_baselineKb > 0 && statusFieldKb("VmHWM") <= m_baselineKb + 1024;
    }
}

double PeakMemoryProbe::growthMb() const {
    return double(statusFieldKb("VmHWM") - m_baselineKb) / 1024.0;
}

ChildRun runChild(const QString& program, const QStringList& arguments, const QStringList& extraEnv,
                  int timeoutMs) {
    ChildRun run;
    QTemporaryFile out;
    QTemporaryFile err;
    if (!out.open() || !err.open())
        return run;
    const QByteArray path = QFile::encodeName(program);
    std::vector<QByteArray> argStore{path};
    for (const QString& a : arguments)
        argStore.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStore;
    for (char** e = environ; *e; ++e)
        envStore.emplace_back(*e);
    for (const QString& e : extraEnv)
        envStore.push_back(e.toLocal8Bit());
    std::vector<char*> envp;
    for (QByteArray& e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out.handle(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.handle(), STDERR_FILENO);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, path.constData(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return run;
    run.started = true;

    // wait4 with WNOHANG against a deadline: the child's own rusage, not every child's maximum.
    QDeadlineTimer deadline(timeoutMs);
    int status = 0;
    rusage usage{};
    for (;;) {
        const pid_t done = wait4(pid, &status, WNOHANG, &usage);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR)
            return run;
        if (deadline.hasExpired()) {
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            run.err = "killed after " + QByteArray::number(timeoutMs) + " ms\n";
            break;
        }
        QThread::msleep(20);
    }
    run.peakRssMb = double(usage.ru_maxrss) / 1024.0;
    if (WIFSIGNALED(status)) {
        run.crashed = true;
        run.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        run.exitCode = WEXITSTATUS(status);
    }
    out.seek(0);
    err.seek(0);
    run.out = out.readAll();
    run.err += err.readAll();
    return run;
}

} // namespace tributary::test
