// A hostile REST server against the real Slack provider: the scripted HTTP server
// (tests/support/ScriptedHttpServer.h) answers the Web API like Slack until a case replaces one
// method's answer, and serves Socket Mode's websocket. QNetworkAccessManager buffers whole
// replies and QWebSocket whole frames of up to 2 GB unless told otherwise, so the byte budgets
// are the provider's (SlackApi::kMaxReplyBytes, SlackSocketMode::kMaxFrameBytes). Each case: no
// crash, growth <= 64 MB, a clear error, and the same account working once the server behaves.

#include "Await.h"
#include "ProcessMemory.h"
#include "ScriptedHttpServer.h"
#include "accounts/MemorySecretSource.h"
#include "model/Ids.h"
#include "slack/SlackProvider.h"
#include "slack/SlackSettings.h"
#include "slack/SlackSocketMode.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>
#include <iostream>

namespace tributary::test {

namespace {

const QString kAccount = QStringLiteral("hostile-slack");

QByteArray json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject message(int i) {
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("user"), QStringLiteral("U0BOB")},
            {QStringLiteral("text"), QStringLiteral("hello %1").arg(i)},
            {QStringLiteral("ts"), QStringLiteral("17000000%1.000100").arg(i, 2, 10, QLatin1Char('0'))}};
}

//! Slack's answers for one workspace, one channel and three messages.
void routeWorkspace(ScriptedHttpServer& server) {
    server.route("/auth.test", [](HttpExchange& x) {
        x.respond(200, json({{QStringLiteral("ok"), true},
                             {QStringLiteral("user_id"), QStringLiteral("U0ME")},
                             {QStringLiteral("team"), QStringLiteral("Scripted")},
                             {QStringLiteral("team_id"), QStringLiteral("T0SCRIPT")}}));
    });
    server.route("/users.list", [](HttpExchange& x) {
        const QJsonArray members{QJsonObject{{QStringLiteral("id"), QStringLiteral("U0BOB")},
                                             {QStringLiteral("name"), QStringLiteral("bob")},
                                             {QStringLiteral("real_name"), QStringLiteral("Bob")}}};
        x.respond(200, json({{QStringLiteral("ok"), true},
                             {QStringLiteral("members"), members},
                             {QStringLiteral("response_metadata"),
                              QJsonObject{{QStringLiteral("next_cursor"), QString()}}}}));
    });
    server.route("/conversations.info", [](HttpExchange& x) {
        x.respond(200,
                  json({{QStringLiteral("ok"), true},
                        {QStringLiteral("channel"),
                         QJsonObject{{QStringLiteral("id"), QStringLiteral("C0GENERAL")},
                                     {QStringLiteral("name"), QStringLiteral("general")},
                                     {QStringLiteral("last_read"), QStringLiteral("1700000000.000000")}}}}));
    });
    server.route("/conversations.history", [](HttpExchange& x) {
        x.respond(200, json({{QStringLiteral("ok"), true},
                             {QStringLiteral("messages"), QJsonArray{message(3), message(2), message(1)}},
                             {QStringLiteral("has_more"), false}}));
    });
}

class HostileSlack : public ::testing::Test {
protected:
    void SetUp() override {
        routeWorkspace(m_server);
        Account account;
        account.id = kAccount;
        account.providerId = QStringLiteral("slack");
        account.settings.insert(slack::SlackSettingKey::ApiBaseUrl, QString::fromLatin1(m_server.baseUrl()));
        account.settings.insert(slack::SlackSettingKey::SocketModeApiBaseUrl,
                                QString::fromLatin1(m_server.baseUrl()));
        // Short enough that a connection stuck on a frame that never ends is found quickly by
        // its unanswered ping; the waits below are on events, not on these times.
        LivenessOptions liveness;
        liveness.probeInterval = std::chrono::seconds(1);
        liveness.probeTimeout = std::chrono::seconds(5);
        liveness.reconnectMin = std::chrono::milliseconds(100);
        liveness.reconnectMax = std::chrono::seconds(1);
        m_provider = std::make_unique<SlackProvider>(account, ProviderContext{&m_secrets, liveness});
    }

    Result<MessagePage> listGeneral() {
        auto r =
            await(m_provider->listMessages(makeId(IdKind::Channel, kAccount, QStringLiteral("C0GENERAL")),
                                           PageRequest{50, {}}),
                  60000);
        if (!r)
            return ProviderError::network(QStringLiteral("the listing did not finish"),
                                          QStringLiteral("test"));
        return *r;
    }

    void expectRecovers() {
        m_server.behave();
        const Result<MessagePage> again = listGeneral();
        ASSERT_TRUE(again.ok()) << again.error().describe().toStdString();
        EXPECT_EQ(again.value().messages.size(), 3);
    }

    ProviderError runFailingCase(const std::string& name, const QByteArray& path,
                                 ScriptedHttpServer::Handler handler) {
        const Result<MessagePage> warm = listGeneral();
        EXPECT_TRUE(warm.ok()) << (warm.ok() ? "" : warm.error().describe().toStdString());
        m_server.on(path, std::move(handler));
        PeakMemoryProbe probe;
        const Result<MessagePage> r = listGeneral();
        const double growth = probe.growthMb();
        EXPECT_TRUE(probe.valid());
        EXPECT_LE(growth, 64.0);
        EXPECT_FALSE(r.ok()) << name;
        if (r.ok())
            return {};
        EXPECT_TRUE(r.error().message.contains(QStringLiteral("127.0.0.1")))
            << r.error().message.toStdString();
        std::cout << "hostile-case | " << name << " | " << QString::number(growth, 'f', 1).toStdString()
                  << " MB | " << r.error().message.toStdString() << std::endl;
        return r.error();
    }

    //! Socket Mode against a websocket whose first connection plays `hostile` after the
    //! server's hello; every later connection greets and delivers one real event. The event
    //! must arrive, with growth <= 64 MB and an Offline status saying why in between.
    void runSocketModeCase(const std::string& name, const std::function<void(HttpExchange&)>& hostile,
                           const QString& expectedDetail) {
        ASSERT_TRUE(m_secrets.writeSecret(kAccount, SecretKind::AppToken, "xapp-scripted").result().ok());
        m_server.route("/apps.connections.open", [this](HttpExchange& x) {
            x.respond(200, json({{QStringLiteral("ok"), true},
                                 {QStringLiteral("url"),
                                  QStringLiteral("ws://127.0.0.1:%1/socket").arg(m_server.port())}}));
        });
        m_server.route("/socket", [hostile](HttpExchange& x) {
            if (!x.upgradeToWebSocket())
                return;
            x.sendText(R"({"type":"hello"})");
            if (x.count == 1) {
                hostile(x);
                return;
            }
            x.sendText(
                R"({"type":"events_api","envelope_id":"e2","payload":{"event_id":"Ev2","type":"event_callback",)"
                R"("event":{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"live","ts":"1700000099.000100"}}})");
        });
        ASSERT_TRUE(listGeneral().ok());
        QList<Event> events;
        QStringList offline;
        QObject::connect(m_provider.get(), &Provider::eventsArrived,
                         [&events](const QList<Event>& batch) { events += batch; });
        QObject::connect(m_provider.get(), &Provider::statusChanged, [&offline](const ConnectionStatus& s) {
            if (s.state == ConnectionState::Offline)
                offline << s.detail;
        });
        PeakMemoryProbe probe;
        ASSERT_TRUE(
            m_provider->subscribe({makeId(IdKind::Channel, kAccount, QStringLiteral("C0GENERAL"))}).ok());
        const bool delivered = waitUntil([&] { return !events.isEmpty(); }, 60000);
        const double growth = probe.growthMb();
        m_provider->unsubscribe();
        EXPECT_TRUE(delivered) << "the event arrives on a fresh connection once the server behaves";
        EXPECT_EQ(m_server.requests("/socket"), 2) << "the hostile connection was dropped once";
        EXPECT_TRUE(probe.valid());
        EXPECT_LE(growth, 64.0);
        ASSERT_FALSE(offline.isEmpty()) << "the account said why it went offline";
        EXPECT_TRUE(offline.first().contains(expectedDetail)) << offline.first().toStdString();
        std::cout << "hostile-case | " << name << " | " << QString::number(growth, 'f', 1).toStdString()
                  << " MB | " << offline.first().toStdString() << std::endl;
    }

    ScriptedHttpServer m_server;
    MemorySecretSource m_secrets{kAccount, SecretKind::AccessToken, "xoxp-scripted"};
    std::unique_ptr<SlackProvider> m_provider;
};

} // namespace

TEST_F(HostileSlack, DeeplyNestedJsonIsRefused) {
    const ProviderError error =
        runFailingCase("Slack: JSON nested 200,000 deep", "/conversations.history", [](HttpExchange& x) {
            x.respond(200, "{\"ok\":true,\"messages\":" + QByteArray(200'000, '[') +
                               QByteArray(200'000, ']') + "}");
        });
    EXPECT_EQ(error.code, QStringLiteral("bad_json"));
    EXPECT_TRUE(error.message.contains(QStringLiteral("too deeply nested"))) << error.message.toStdString();
    expectRecovers();
}

TEST_F(HostileSlack, HugeAnnouncedBodyIsDroppedNotBuffered) {
    const ProviderError error = runFailingCase(
        "Slack: body of 10^12 bytes announced, streamed", "/conversations.history", [](HttpExchange& x) {
            x.head(200, {{"Content-Type", "application/json"}, {"Content-Length", "1000000000000"}});
            x.connection.stream(QByteArray(64 * 1024, ' '));
        });
    EXPECT_EQ(error.code, QStringLiteral("oversized_response"));
    EXPECT_EQ(error.kind, ErrorKind::Network);
    expectRecovers();
}

TEST_F(HostileSlack, EndlessChunkedBodyIsCutAtTheBudget) {
    const ProviderError error =
        runFailingCase("Slack: endless chunked body", "/conversations.history", [](HttpExchange& x) {
            x.head(200, {{"Content-Type", "application/json"}, {"Transfer-Encoding", "chunked"}});
            const QByteArray data(64 * 1024, ' ');
            x.connection.stream("10000\r\n" + data + "\r\n");
        });
    EXPECT_EQ(error.code, QStringLiteral("oversized_response"));
    expectRecovers();
}

TEST_F(HostileSlack, SocketModeDropsAHugeFrameThenKeepsWorking) {
    runSocketModeCase(
        "Slack Socket Mode: frame of 200 MB announced, streamed",
        [](HttpExchange& x) {
            x.connection.send(HttpExchange::frameHeader(200'000'000));
            x.connection.stream(QByteArray(64 * 1024, 'F'));
        },
        QStringLiteral("larger than 4 MiB"));
}

TEST_F(HostileSlack, SocketModeDropsADeeplyNestedEventThenKeepsWorking) {
    runSocketModeCase(
        "Slack Socket Mode: event nested 200,000 deep",
        [](HttpExchange& x) {
            x.sendText(R"({"type":"events_api","envelope_id":"e1","payload":)" + QByteArray(200'000, '[') +
                       QByteArray(200'000, ']') + "}");
        },
        QStringLiteral("too deeply nested"));
}

TEST_F(HostileSlack, SocketModeDropsAFrameThatIsNotJsonThenKeepsWorking) {
    runSocketModeCase(
        "Slack Socket Mode: a frame that is not JSON",
        [](HttpExchange& x) { x.sendText("<html>secret message text</html>"); },
        QStringLiteral("could not be read"));
}

} // namespace tributary::test
