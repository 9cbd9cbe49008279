// Replays the fuzz targets' seed corpora and the reproducers of every crash a fuzzer found
// through the same target functions the fuzzers run, with the properties they check
// (tests/support/FuzzReplay.h). In the ASan tree this is where a reproducer shows its memory
// error again; here a broken property is a test failure. html_to_text needs a GUI application
// and replays in tributary_ui_tests.

#include "FuzzReplay.h"

#include "targets/MarkupCheck.h"

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

// The CSS oracle reads url() as CSS Syntax does: an unquoted URL with a quote, '(' or a
// control inside, or with more after its spaces, is a bad-url token and loads nothing; every
// other url() and the strings of src() load (regression bad-url-token-loads-nothing).
TEST(FuzzOracle, CssUrlTokensAsABrowserReadsThem) {
    const fuzz::ResourceRule blocked;
    for (const char* loads : {"a{b:url(https://x.example/i)}", "a{b:url(  https://x.example/i  )}",
                              "a{b:url('https://x.example/i')}", "a{b:url(https\\3a //x.example/i)}",
                              "a{b:src(\"https://x.example/i\")}", "a{b:url(https://x.example/i"})
        EXPECT_FALSE(fuzz::cssProblem(QString::fromLatin1(loads), blocked).isEmpty()) << loads;
    for (const char* loadsNothing :
         {"a{b:url( l\"https://x.example/i\")}", "a{b:url(https://x.example/i more)}",
          "a{b:url(https://x.example/(i))}", "a{b:url(https://x.example/\x01i)}", "a{b:url(cid:x)}",
          "a{b:url(data:image/png;base64,AA==)}"})
        EXPECT_EQ(fuzz::cssProblem(QString::fromLatin1(loadsNothing), blocked), QString()) << loadsNothing;
}
