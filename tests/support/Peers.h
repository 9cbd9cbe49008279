#pragma once

// Tests that need a real peer (the mail servers, the keyring, the OIDC provider, the Slack
// emulator behind Prism) say so with one of these macros at the top of the test or SetUp().
// A peer that is absent SKIPS the test with the reason, so a developer without ../shared or
// without root still gets an honest run; under CI=true an absent peer FAILS the test, so CI
// can never pass by skipping. tools/test prints one line naming every skip and its reason
// (SkipLog.h records them).

#include <QString>
#include <gtest/gtest.h>
#include <string>

namespace tributary::test {

//! True when a missing peer must fail the test (the environment has CI=true).
bool missingPeerFails();

//! Why a peer is absent, or an empty string when it is there.
QString mailServersMissing();
QString keyringMissing();
QString oidcMissing();
QString slackEmulatorMissing();

} // namespace tributary::test

//! Skips (or, under CI=true, fails) the current test because a peer is absent. Use in a test
//! body, SetUp() or a void helper (it returns from the enclosing function).
#define TRIBUTARY_MISSING_PEER(why)                                                                          \
    do {                                                                                                     \
        const std::string why_ = (why);                                                                      \
        if (::tributary::test::missingPeerFails())                                                           \
            FAIL() << "missing test peer (CI=true makes this a failure): " << why_;                          \
        GTEST_SKIP() << "missing test peer: " << why_;                                                       \
    } while (0)

#define TRIBUTARY_REQUIRE_PEER_(check)                                                                       \
    do {                                                                                                     \
        const QString missing_ = (check);                                                                    \
        if (!missing_.isEmpty())                                                                             \
            TRIBUTARY_MISSING_PEER(missing_.toStdString());                                                  \
    } while (0)

//! Dovecot + Postfix (and the OAuth introspection service) from tools/lib/servers.sh.
#define TRIBUTARY_REQUIRE_SERVERS() TRIBUTARY_REQUIRE_PEER_(::tributary::test::mailServersMissing())
//! The private D-Bus session with an unlocked gnome-keyring.
#define TRIBUTARY_REQUIRE_KEYRING() TRIBUTARY_REQUIRE_PEER_(::tributary::test::keyringMissing())
//! The OpenID provider (tools/lib/oidc).
#define TRIBUTARY_REQUIRE_OIDC() TRIBUTARY_REQUIRE_PEER_(::tributary::test::oidcMissing())
//! The Slack emulator and the Prism proxy with Slack's description in front of it.
#define TRIBUTARY_REQUIRE_SLACK_EMULATOR() TRIBUTARY_REQUIRE_PEER_(::tributary::test::slackEmulatorMissing())
