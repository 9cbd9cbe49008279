#pragma once

// Slack's side of the REST contract harness: where the emulator and its validating proxy run
// (exported by tools/lib/rest-servers.sh into env.sh). Nothing is tolerated: a call through
// `api` (Prism with slack_web_inbox_subset.json) must come back without any sl-violations.
// The emulator answers and the provider asks as the description documents (see
// tests/emulators/slack/README.md). What the description cannot express goes to `emulator`
// directly and says so at the call: Slack's error transport (HTTP 200 with ok:false, 429
// ratelimited; the description keeps its error schema under `default`), an empty history
// range, users.info / team.info / search.messages / chat.getPermalink (the description wants
// the token in the query; we never put a token in a URL), and what the description lacks
// (apps.connections.open, oauth.*, the emulator's /_emulator/ control).

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
    QUrl emulator;        //!< TRIBUTARY_TEST_SLACK_EMULATOR: direct (control, Socket Mode, fault injection)
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

// TRIBUTARY_REQUIRE_SLACK_EMULATOR() is in Peers.h.

} // namespace tributary::test
