#pragma once

// The fuzz replay tests (see tests/unit/FuzzReplayTest.cpp): each fuzz target runs over its
// committed seeds (tests/fuzz/corpus/<target>/) and the reproducers of the crashes a fuzzer
// found (tests/fuzz/regressions/<target>/), with the properties the fuzzer checks turned into
// test failures. Included by exactly one file of each test binary that instantiates
// FuzzReplay: the unit tests for the targets that need no GUI, the UI tests for the others.

#include "FuzzSupport.h"
#include "FuzzTargets.h"

#include <QDir>
#include <QFile>
#include <gtest/gtest.h>

namespace tributary::test {

inline QString fuzzDir() {
    return QString::fromUtf8(QT_TESTCASE_SOURCEDIR) + QStringLiteral("/fuzz");
}

inline QStringList violations; //!< broken properties of the replay under way

inline void recordViolation(const char* property, const QString& detail) {
    violations << QString::fromUtf8(property) + QStringLiteral(": ") + detail;
}

inline QStringList filesIn(const QString& dir) {
    QStringList out;
    for (const QFileInfo& f : QDir(dir).entryInfoList(QDir::Files, QDir::Name))
        out << f.absoluteFilePath();
    return out;
}

class FuzzReplay : public ::testing::TestWithParam<fuzz::Target> {
protected:
    void SetUp() override {
        violations.clear();
        m_previous = fuzz::setViolationHandler(&recordViolation);
    }
    void TearDown() override { fuzz::setViolationHandler(m_previous); }

    void replay(const QString& file) {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << file.toStdString();
        const QByteArray bytes = f.readAll();
        violations.clear();
        GetParam().run(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
        EXPECT_TRUE(violations.isEmpty()) << file.toStdString() << "\n"
                                          << violations.join(QLatin1Char('\n')).toStdString();
    }

private:
    fuzz::ViolationHandler m_previous = nullptr;
};

TEST_P(FuzzReplay, SeedCorpus) {
    const QStringList seeds =
        filesIn(fuzzDir() + QStringLiteral("/corpus/") + QLatin1String(GetParam().name));
    ASSERT_FALSE(seeds.isEmpty()) << "every fuzz target has committed seeds";
    for (const QString& seed : seeds)
        replay(seed);
}

TEST_P(FuzzReplay, Regressions) {
    // Reproducers of crashes the fuzzers found, kept after the fix (see docs/RELIABILITY.md).
    for (const QString& reproducer :
         filesIn(fuzzDir() + QStringLiteral("/regressions/") + QLatin1String(GetParam().name)))
        replay(reproducer);
}

} // namespace tributary::test
