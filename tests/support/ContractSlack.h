#pragma once

// Slack's side of the REST contract harness: where the emulator and its validating proxy run
// (exported by tools/lib/rest-servers.sh into env.sh), and the places where Slack's official
// 2020 description (slack_web_inbox_subset.json) disagrees with what Slack really sends, so
// every Slack contract test tolerates exactly these and nothing else.

#include "ContractProbe.h"
#include "TestEnv.h"

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QUrl>

namespace tributary::test {

//! The Slack emulator behind `prism proxy`, from the environment.
struct SlackTestEnv {
    QUrl api;             //!< TRIBUTARY_TEST_SLACK_API: Prism, validating; the provider's base URL
    QUrl emulator;        //!< TRIBUTARY_TEST_SLACK_EMULATOR: direct, for /_emulator/... and Socket Mode
    QByteArray userToken; //!< TRIBUTARY_TEST_SLACK_USER_TOKEN: alice's xoxp- token
    QByteArray appToken;  //!< TRIBUTARY_TEST_SLACK_APP_TOKEN: the app-level xapp- token
    QString webSpec;      //!< TRIBUTARY_TEST_SLACK_SPEC: the Web API description Prism serves
    QString skipReason;   //!< TRIBUTARY_TEST_REST_SKIPPED: why the REST servers did not start

    bool available() const {
        return api.isValid() && !api.isEmpty() && emulator.isValid() && !emulator.isEmpty();
    }
    //! The Events API description (AsyncAPI) beside the Web API one.
    QString eventsSpec() const {
        return QFileInfo(webSpec).dir().filePath(QStringLiteral("slack_events_api_async_v1.json"));
    }

    static SlackTestEnv get() {
        SlackTestEnv e;
        e.api = QUrl(qEnvironmentVariable("TRIBUTARY_TEST_SLACK_API"));
        e.emulator = QUrl(qEnvironmentVariable("TRIBUTARY_TEST_SLACK_EMULATOR"));
        e.userToken = qgetenv("TRIBUTARY_TEST_SLACK_USER_TOKEN");
        e.appToken = qgetenv("TRIBUTARY_TEST_SLACK_APP_TOKEN");
        e.webSpec = qEnvironmentVariable("TRIBUTARY_TEST_SLACK_SPEC");
        e.skipReason = qEnvironmentVariable("TRIBUTARY_TEST_REST_SKIPPED");
        return e;
    }
};

//! Skips the test when the API descriptions are not beside the clone (the servers said so in
//! env.sh); fails with instructions when the servers are simply not running.
#define TRIBUTARY_REQUIRE_SLACK_EMULATOR()                                                                   \
    do {                                                                                                     \
        const ::tributary::test::SlackTestEnv slackEnv_ = ::tributary::test::SlackTestEnv::get();            \
        if (!slackEnv_.skipReason.isEmpty())                                                                 \
            GTEST_SKIP() << slackEnv_.skipReason.toStdString();                                              \
        TRIBUTARY_REQUIRE_SERVERS();                                                                         \
        if (!slackEnv_.available())                                                                          \
            FAIL() << "The Slack emulator and its Prism proxy are not running (TRIBUTARY_TEST_SLACK_API is " \
                      "unset): start the servers with ./tools/test or tools/lib/servers.sh.";                \
    } while (0)

//! Where Slack's 2020 description and Slack itself disagree. Each entry is narrow: a path
//! and a message, or a property of the whole call.
inline void tolerateSlackDescriptionGaps(ContractProbe& probe) {
    // Errors: HTTP 200 with ok:false. The description keeps the error schema under `default`,
    // which Prism only applies to other statuses, so it checks the error against the success
    // schema ("must have required property 'channels'", "ok must be equal to ... true").
    probe.tolerate(
        [](const ContractCall& call, const ContractViolation& v) {
            return call.status == 200 && v.location.startsWith(QLatin1String("response.body")) &&
                   call.json().value(QStringLiteral("ok")) == QJsonValue(false);
        },
        QStringLiteral("Slack answers errors with HTTP 200 and ok:false; the description's error schema is "
                       "under `default`, so Prism checks the error against the success schema"));
    probe.tolerate(
        [](const ContractCall& call, const ContractViolation& v) {
            return call.status == 429 && v.location == QLatin1String("response.body.error") &&
                   call.json().value(QStringLiteral("error")).toString() == QLatin1String("ratelimited");
        },
        QStringLiteral("a 429 says error:ratelimited, which the description's error enums do not list"));
    probe.tolerate(
        QStringLiteral("^/(api/)?conversations\\.(history|replies)$"),
        QStringLiteral("^\\[Error\\] response\\.body \\(additionalProperties\\).*found 'response_metadata'$"),
        QStringLiteral("Slack pages history and replies with response_metadata.next_cursor; the "
                       "description's schemas for them predate it"));
    probe.tolerate(
        QStringLiteral("^/(api/)?conversations\\.history$"),
        QStringLiteral("^\\[Error\\] response\\.body\\.messages \\(minItems\\)"),
        QStringLiteral("an empty range (a new DM, oldest in the future) is messages:[] in Slack; the "
                       "description demands at least one message"));
    probe.tolerate(
        QStringLiteral(".*"),
        QStringLiteral("^\\[Error\\] response\\.body\\.[a-z.0-9]*messages?(\\.\\d+)? "
                       "\\(additionalProperties\\).*found 'edited'$"),
        QStringLiteral("Slack marks an edited message with edited{user,ts}; the description's message "
                       "object lacks the property"));
    probe.tolerate(
        QStringLiteral("^/(api/)?(users\\.info|team\\.info|search\\.messages|chat\\.getPermalink)$"),
        QStringLiteral("^\\[Error\\] request\\.query \\(required\\).*required property 'token'$"),
        QStringLiteral("the description wants the token in the query for these GET methods; Slack takes "
                       "the Authorization header (and refuses query tokens from apps made since 2021), "
                       "and a token in a URL ends up in logs"));
}

} // namespace tributary::test
