// Websockets only over wss://, except to this machine: the Socket Mode address comes from
// the server's answer, and a hostile one must not make us talk in the clear elsewhere.

#include "Await.h"
#include "RecordingHttpServer.h"
#include "net/SystemClock.h"
#include "net/WebSocketUrls.h"
#include "slack/SlackApi.h"
#include "slack/SlackSocketMode.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::RecordedRequest;
using tributary::test::RecordingHttpServer;
using tributary::test::waitUntil;

TEST(WebSocketUrls, OnlyWssOrLoopback) {
    auto problem = [](const char* url) {
        const auto p = webSocketUrlProblem(QUrl(QString::fromLatin1(url)), QStringLiteral("Slack"));
        return p ? p->code : QString();
    };
    EXPECT_EQ(problem("wss://wss-primary.slack.com/link/?ticket=1"), QString());
    EXPECT_EQ(problem("wss://203.0.113.9:8443/"), QString());
    EXPECT_EQ(problem("ws://127.0.0.1:8080/socket"), QString());
    EXPECT_EQ(problem("ws://127.9.8.7/"), QString());
    EXPECT_EQ(problem("ws://[::1]:9000/"), QString());
    EXPECT_EQ(problem("ws://[::ffff:127.0.0.1]:9000/"), QString());
    EXPECT_EQ(problem("ws://localhost:9000/"), QString());
    EXPECT_EQ(problem("WS://LOCALHOST./"), QString());

    EXPECT_EQ(problem("ws://wss-primary.slack.com/link/?ticket=1"), QStringLiteral("insecure_websocket"));
    EXPECT_EQ(problem("ws://203.0.113.9/"), QStringLiteral("insecure_websocket"));
    EXPECT_EQ(problem("ws://10.0.0.1/"), QStringLiteral("insecure_websocket"));
    EXPECT_EQ(problem("ws://[::ffff:203.0.113.9]/"), QStringLiteral("insecure_websocket"));
    EXPECT_EQ(problem("ws://127.0.0.1.evil.example/"), QStringLiteral("insecure_websocket"));
    EXPECT_EQ(problem("ws://localhost.evil.example/"), QStringLiteral("insecure_websocket"));
    EXPECT_EQ(problem("ws://0.0.0.0/"), QStringLiteral("insecure_websocket"));

    EXPECT_EQ(problem("https://slack.com/"), QStringLiteral("bad_websocket_url"));
    EXPECT_EQ(problem(""), QStringLiteral("bad_websocket_url"));
    EXPECT_EQ(problem("wss:///nohost"), QStringLiteral("bad_websocket_url"));

    const auto p = webSocketUrlProblem(QUrl(QStringLiteral("ws://evil.example/link?ticket=SECRET")),
                                       QStringLiteral("Slack"));
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->message.contains(QStringLiteral("evil.example")));
    EXPECT_FALSE(p->message.contains(QStringLiteral("SECRET"))) << "the ticket is never shown";
    EXPECT_FALSE(p->retryable);
}

namespace {

//! Runs Socket Mode against a local apps.connections.open that hands out `socketUrl`.
struct SocketModeRun {
    explicit SocketModeRun(const QString& socketUrl)
        : server([socketUrl](const RecordedRequest&) {
            const QByteArray body = "{\"ok\":true,\"url\":\"" + socketUrl.toUtf8() + "\"}";
            return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\n\r\n" + body;
        })
        , api(QUrl(server.url(QString())), SystemClock::shared())
        , socketMode(&api, QUrl(), "xapp-app-token", LivenessOptions{}) {}

    RecordingHttpServer server;
    slack::SlackApi api;
    slack::SlackSocketMode socketMode;
};

} // namespace

TEST(WebSocketUrls, SlackSocketModeRefusesAPlainAddressToAnotherHost) {
    // tributary.invalid never resolves: even a broken check could not reach anyone.
    SocketModeRun run(QStringLiteral("ws://tributary.invalid/link/?ticket=t1"));
    QSignalSpy fatal(&run.socketMode, &slack::SlackSocketMode::fatalError);
    run.socketMode.start();
    ASSERT_TRUE(waitUntil([&] { return fatal.size() == 1; }, 20000));
    const auto error = fatal.at(0).at(0).value<ProviderError>();
    EXPECT_EQ(error.code, QStringLiteral("insecure_websocket")) << error.message.toStdString();
    EXPECT_EQ(run.socketMode.connectionsOpened(), 0) << "no socket was opened";
    ASSERT_EQ(run.server.requests.size(), 1);
    EXPECT_TRUE(run.server.requests.first().path.endsWith("/apps.connections.open"));
}

TEST(WebSocketUrls, SlackSocketModeConnectsInTheClearOnlyToLoopback) {
    QTcpServer socketServer; // stands in for the emulator's websocket: only the connection matters
    ASSERT_TRUE(socketServer.listen(QHostAddress::LocalHost, 0));
    SocketModeRun run(QStringLiteral("ws://127.0.0.1:%1/link/?ticket=t2").arg(socketServer.serverPort()));
    QSignalSpy fatal(&run.socketMode, &slack::SlackSocketMode::fatalError);
    run.socketMode.start();
    ASSERT_TRUE(waitUntil([&] { return socketServer.hasPendingConnections(); }, 20000));
    EXPECT_EQ(run.socketMode.connectionsOpened(), 1);
    EXPECT_EQ(fatal.size(), 0);
    run.socketMode.stop();
}
