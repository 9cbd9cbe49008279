#include "SkipLog.h"

#include <QFile>
#include <QString>
#include <gtest/gtest.h>

namespace tributary::test {

namespace {

class SkipRecorder : public ::testing::EmptyTestEventListener {
public:
    explicit SkipRecorder(QString path)
        : m_path(std::move(path)) {}

    // The name is taken here: inside OnTestPartResult gtest holds the lock that
    // UnitTest::current_test_info() takes (asking there deadlocks).
    void OnTestStart(const ::testing::TestInfo& test) override {
        m_test =
            QString::fromUtf8(test.test_suite_name()) + QLatin1Char('.') + QString::fromUtf8(test.name());
    }
    void OnTestEnd(const ::testing::TestInfo&) override { m_test = QStringLiteral("(set-up)"); }

    void OnTestPartResult(const ::testing::TestPartResult& result) override {
        if (!result.skipped())
            return;
        // The reason on one line: the summary groups skips by it.
        QString why = QString::fromUtf8(result.message()).simplified();
        if (why.isEmpty())
            why = QStringLiteral("(no reason given)");
        QFile file(m_path);
        if (file.open(QIODevice::Append | QIODevice::Text))
            file.write((m_test + QLatin1Char('\t') + why + QLatin1Char('\n')).toUtf8());
    }

private:
    QString m_path;
    QString m_test = QStringLiteral("(set-up)");
};

} // namespace

void recordSkipsToLog() {
    const QString path = qEnvironmentVariable("TRIBUTARY_TEST_SKIP_LOG");
    if (path.isEmpty())
        return;
    ::testing::UnitTest::GetInstance()->listeners().Append(new SkipRecorder(path));
}

} // namespace tributary::test
