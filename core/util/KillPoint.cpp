#include "util/KillPoint.h"

#include <QByteArray>
#include <QtGlobal>
#include <csignal>
#include <cstdio>

namespace tributary {

void killPoint(const char* step) {
    const QByteArray wanted = qgetenv(kKillPointVariable);
    if (wanted.isEmpty() || wanted != step)
        return;
    // Said on stderr (unbuffered), so a test can tell the kill came from here.
    std::fprintf(stderr, "tributary: %s=%s: SIGKILL\n", kKillPointVariable, step);
    std::raise(SIGKILL);
}

} // namespace tributary
