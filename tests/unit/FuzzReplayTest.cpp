// Replays the fuzz targets' seed corpora and the reproducers of every crash a fuzzer found
// through the same target functions the fuzzers run, with the properties they check
// (tests/support/FuzzReplay.h). In the ASan tree this is where a reproducer shows its memory
// error again; here a broken property is a test failure. html_to_text needs a GUI application
// and replays in tributary_ui_tests.

#include "FuzzReplay.h"

#include <QSet>

using namespace tributary;
using namespace tributary::test;

namespace {
QList<fuzz::Target> coreTargets() {
    QList<fuzz::Target> out;
    for (const fuzz::Target& t : fuzz::targets()) {
        if (!t.needsGui)
            out << t; // the others replay in tributary_ui_tests (FuzzReplayGuiTest), with a GUI app
    }
    return out;
}
} // namespace

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzReplay, ::testing::ValuesIn(coreTargets()),
                         [](const ::testing::TestParamInfo<fuzz::Target>& target) {
                             return std::string(target.param.name);
                         });

TEST(FuzzTargets, CorpusDirectoriesNameTheTargets) {
    QSet<QString> names;
    for (const fuzz::Target& t : fuzz::targets())
        names.insert(QLatin1String(t.name));
    for (const char* dir : {"/corpus", "/regressions"}) {
        for (const QString& sub :
             QDir(fuzzDir() + QLatin1String(dir)).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            EXPECT_TRUE(names.contains(sub)) << dir << "/" << sub.toStdString() << " is no fuzz target";
    }
    QFile cmake(fuzzDir() + QStringLiteral("/CMakeLists.txt"));
    ASSERT_TRUE(cmake.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(cmake.readAll());
    for (const QString& name : names)
        EXPECT_TRUE(text.contains(QLatin1Char(' ') + name))
            << name.toStdString() << " is missing from CMakeLists.txt";
}
