// A hostile REST server against the real Slack provider: the scripted HTTP server
// (tests/support/ScriptedHttpServer.h) answers the Web API like Slack until a case replaces one
// method's answer. QNetworkAccessManager buffers whole replies unless told otherwise, so the
// byte budget is the provider's (SlackApi::kMaxReplyBytes). Each case: no
// crash, growth <= 64 MB, a clear error, and the same account working once the server behaves.

#include "Await.h"
#include "ProcessMemory.h"
#include "ScriptedHttpServer.h"
#include "accounts/MemorySecretSource.h"
#include "model/Ids.h"
#include "slack/SlackProvider.h"
#include "slack/SlackSettings.h"

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
        m_provider = std::make_unique<SlackProvider>(account, ProviderContext{&m_secrets});
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

} // namespace tributary::test
