// The fuzz targets that need a GUI application (QTextDocument: html_to_text), replayed over
// their seeds and reproducers here, where the test main makes one (tests/support/FuzzReplay.h;
// the other targets replay in the unit tests).

#include "FuzzReplay.h"

using namespace tributary;
using namespace tributary::test;

namespace {
QList<fuzz::Target> guiTargets() {
    QList<fuzz::Target> out;
    for (const fuzz::Target& t : fuzz::targets()) {
        if (t.needsGui)
            out << t;
    }
    return out;
}
} // namespace

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzReplay, ::testing::ValuesIn(guiTargets()),
                         [](const ::testing::TestParamInfo<fuzz::Target>& target) {
                             return std::string(target.param.name);
                         });
