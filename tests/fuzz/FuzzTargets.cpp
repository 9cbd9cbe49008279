#include "FuzzTargets.h"

namespace tributary::fuzz {

const QList<Target>& targets() {
#define TRIBUTARY_FUZZ_ENTRY(name, gui) Target{#name, &name, gui},
    static const QList<Target> all = {TRIBUTARY_FUZZ_TARGET_LIST(TRIBUTARY_FUZZ_ENTRY)};
#undef TRIBUTARY_FUZZ_ENTRY
    return all;
}

} // namespace tributary::fuzz
