#include "util/ProcessHardening.h"

#include <QStringList>
#include <cerrno>
#include <cstring>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace tributary {

namespace {

long long limitValue(rlim_t value) {
    return value == RLIM_INFINITY ? -1 : static_cast<long long>(value);
}

} // namespace

QString disableCoreDumps() {
    QStringList failed;
    const rlimit none{0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0)
        failed.append(QStringLiteral("RLIMIT_CORE: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        failed.append(
            QStringLiteral("PR_SET_DUMPABLE: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    return failed.join(QStringLiteral("; "));
}

CoreDumpState coreDumpState() {
    CoreDumpState state;
    state.dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
    rlimit current{};
    if (::getrlimit(RLIMIT_CORE, &current) == 0) {
        state.coreSoftLimit = limitValue(current.rlim_cur);
        state.coreHardLimit = limitValue(current.rlim_max);
    }
    return state;
}

} // namespace tributary
