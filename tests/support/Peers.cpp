#include "Peers.h"

#include "TestEnv.h"

#include <QStandardPaths>

namespace tributary::test {

bool missingPeerFails() {
    return qEnvironmentVariable("CI").compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

QString mailServersMissing() {
    if (TestEnv::get().available())
        return {};
    return QStringLiteral(
        "the local mail servers are not running (no TRIBUTARY_TEST_IMAP_PORT): run the "
        "suite with ./tools/test, or source build/testenv/env.sh after ./tools/sandbox start");
}

QString keyringMissing() {
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return {};
    return QStringLiteral("no private D-Bus session with an unlocked gnome-keyring (DBUS_SESSION_BUS_ADDRESS "
                          "is unset): run the suite with ./tools/test");
}

QString oidcMissing() {
    if (!qEnvironmentVariableIsEmpty("TRIBUTARY_TEST_OIDC_ISSUER"))
        return {};
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        return QStringLiteral("Node.js is not installed, so the OIDC provider (tools/lib/oidc) could not "
                              "start: install nodejs, or run ./tools/test, which installs it");
    return QStringLiteral("the OIDC provider is not running (no TRIBUTARY_TEST_OIDC_ISSUER): restart the "
                          "servers with ./tools/test or tools/sandbox (logs: oidc.log)");
}

QString slackEmulatorMissing() {
    // The servers say why they did not start the REST peers (no ../shared/provider-specs).
    const QString skipped = qEnvironmentVariable("TRIBUTARY_TEST_REST_SKIPPED");
    if (!skipped.isEmpty())
        return skipped;
    if (qEnvironmentVariableIsEmpty("TRIBUTARY_TEST_SLACK_API") ||
        qEnvironmentVariableIsEmpty("TRIBUTARY_TEST_SLACK_EMULATOR"))
        return QStringLiteral(
            "the Slack emulator and its Prism proxy are not running (TRIBUTARY_TEST_SLACK_API "
            "is unset): start the servers with ./tools/test or tools/lib/servers.sh");
    return {};
}

} // namespace tributary::test
