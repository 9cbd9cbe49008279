// "Open the local sandbox" runs tools/sandbox start, then tools/run --no-build on the
// checkout's build; a failure says why. Driven with stand-in scripts in a temporary
// checkout, so the test never starts real servers.
#include "sandbox/LocalSandbox.h"

#include "Await.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using tributary::gui::LocalSandbox;
using tributary::test::waitUntil;

namespace {

void writeScript(const QString& path, const QByteArray& body) {
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

struct Checkout {
    QTemporaryDir dir;
    QString source() const { return dir.filePath(QStringLiteral("src")); }
    QString build() const { return dir.filePath(QStringLiteral("build")); }
    QString log() const { return dir.filePath(QStringLiteral("log")); }

    void make(const QByteArray& sandboxBody) {
        QDir().mkpath(source() + QStringLiteral("/tools"));
        QDir().mkpath(build() + QStringLiteral("/app"));
        writeScript(source() + QStringLiteral("/tools/sandbox"), sandboxBody);
        writeScript(source() + QStringLiteral("/tools/run"),
                    "echo \"run $* build=$TRIBUTARY_BUILD_DIR\" >> '" + log().toUtf8() + "'\n");
        writeScript(build() + QStringLiteral("/app/tributary"), "exit 0\n");
    }
    QString logText() const {
        QFile file(log());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
};

} // namespace

TEST(LocalSandbox, StartsTheSandboxThenTheAppOnIt) {
    Checkout checkout;
    checkout.make("echo \"sandbox $*\" >> '" + checkout.log().toUtf8() + "'\n");
    LocalSandbox sandbox(checkout.source(), checkout.build());
    ASSERT_TRUE(sandbox.isAvailable()) << sandbox.unavailableReason().toStdString();
    QSignalSpy launched(&sandbox, &LocalSandbox::launched);
    QSignalSpy failed(&sandbox, &LocalSandbox::failed);
    sandbox.start();
    EXPECT_TRUE(sandbox.isStarting());
    ASSERT_TRUE(waitUntil([&] { return launched.count() + failed.count() > 0; }, 10000));
    ASSERT_EQ(launched.count(), 1) << (failed.isEmpty() ? "" : failed.first().at(0).toString().toStdString());
    // The app is started detached: wait for its line.
    ASSERT_TRUE(waitUntil([&] { return checkout.logText().contains(QStringLiteral("run ")); }, 10000));
    EXPECT_EQ(checkout.logText(),
              QStringLiteral("sandbox start\nrun --no-build build=%1\n").arg(checkout.build()));
    EXPECT_FALSE(sandbox.isStarting());
}

TEST(LocalSandbox, AFailureSaysWhyAndTheAppIsNotStarted) {
    Checkout checkout;
    checkout.make("echo '[tributary] starting servers' >&2\n"
                  "echo '[tributary] error: dovecot was not found' >&2\nexit 1\n");
    LocalSandbox sandbox(checkout.source(), checkout.build());
    QSignalSpy failed(&sandbox, &LocalSandbox::failed);
    sandbox.start();
    ASSERT_TRUE(waitUntil([&] { return failed.count() == 1; }, 10000));
    EXPECT_TRUE(failed.first().at(0).toString().contains(QStringLiteral("dovecot was not found")))
        << failed.first().at(0).toString().toStdString();
    EXPECT_FALSE(checkout.logText().contains(QStringLiteral("run ")));
}

TEST(LocalSandbox, UnavailableOutsideACheckoutOrBeforeABuild) {
    LocalSandbox none{QString(), QString()};
    EXPECT_FALSE(none.isAvailable());
    EXPECT_TRUE(none.unavailableReason().contains(QStringLiteral("source checkout")));

    Checkout checkout;
    checkout.make("exit 0\n");
    QFile::remove(checkout.build() + QStringLiteral("/app/tributary"));
    LocalSandbox unbuilt(checkout.source(), checkout.build());
    EXPECT_FALSE(unbuilt.isAvailable());
    EXPECT_TRUE(unbuilt.unavailableReason().contains(QStringLiteral("./tools/run")));
}
