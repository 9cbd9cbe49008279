// Slack's answers -> typed errors, the tier limiter, form encoding (providers/slack).

#include "slack/SlackErrors.h"

#include "slack/SlackApi.h"
#include "slack/SlackProvider.h"
#include "slack/SlackRateLimiter.h"
#include "slack/SlackSettings.h"

#include <gtest/gtest.h>

namespace tributary::slack {
namespace {

using namespace std::chrono_literals;

SlackReplyData reply(int status, const QByteArray& body, RawHeaders headers = {}) {
    SlackReplyData d;
    d.method = QStringLiteral("conversations.history");
    d.host = QStringLiteral("slack.com");
    d.httpStatus = status;
    d.body = body;
    d.headers = std::move(headers);
    return d;
}

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);

TEST(SlackErrors, OkAnswerIsTheObject) {
    const Result<QJsonObject> r = interpretSlackReply(reply(200, R"({"ok":true,"messages":[]})"), kNow);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.value().contains(QStringLiteral("messages")));
}

TEST(SlackErrors, AuthFailuresNeedSignIn) {
    for (const char* code :
         {"invalid_auth", "token_revoked", "account_inactive", "not_authed", "token_expired"}) {
        const Result<QJsonObject> r =
            interpretSlackReply(reply(200, QByteArray(R"({"ok":false,"error":")") + code + R"("})"), kNow);
        ASSERT_FALSE(r.ok()) << code;
        EXPECT_EQ(r.error().kind, ErrorKind::Auth) << code;
        EXPECT_FALSE(r.error().retryable) << code;
        EXPECT_EQ(r.error().code, QString::fromLatin1(code));
        EXPECT_FALSE(r.error().message.isEmpty());
    }
}

TEST(SlackErrors, TypedMessagesForCommonRefusals) {
    const auto error = [](const char* code) {
        return interpretSlackReply(reply(200, QByteArray(R"({"ok":false,"error":")") + code + R"("})"), kNow)
            .error();
    };
    EXPECT_EQ(error("channel_not_found").kind, ErrorKind::NotFound);
    EXPECT_EQ(error("message_not_found").kind, ErrorKind::NotFound);
    EXPECT_EQ(error("not_in_channel").kind, ErrorKind::Invalid);
    EXPECT_TRUE(error("not_in_channel").message.contains(QStringLiteral("not a member")));
    EXPECT_EQ(error("is_archived").kind, ErrorKind::Invalid);
    EXPECT_EQ(error("ratelimited").kind, ErrorKind::RateLimited);
    EXPECT_TRUE(error("ratelimited").retryable);
    EXPECT_EQ(error("internal_error").kind, ErrorKind::Network);
    EXPECT_TRUE(error("internal_error").retryable);
    EXPECT_EQ(error("something_new").kind, ErrorKind::Invalid);
    EXPECT_EQ(error("something_new").code, QStringLiteral("something_new"));
}

TEST(SlackErrors, Http429CarriesRetryAfter) {
    const Result<QJsonObject> r = interpretSlackReply(
        reply(429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "7"}}), kNow);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::RateLimited);
    ASSERT_TRUE(r.error().retryAfter.has_value());
    EXPECT_EQ(*r.error().retryAfter, 7000ms);
}

TEST(SlackErrors, OkFalseMeansTheSameWhateverTheStatus) {
    // Slack answers errors with 200; a proxy or an emulator shaped to the API description may
    // use another status. The body decides.
    const Result<QJsonObject> auth =
        interpretSlackReply(reply(400, R"({"ok":false,"error":"invalid_auth"})"), kNow);
    ASSERT_FALSE(auth.ok());
    EXPECT_EQ(auth.error().kind, ErrorKind::Auth);
    const Result<QJsonObject> busy =
        interpretSlackReply(reply(503, R"({"ok":false,"error":"internal_error"})"), kNow);
    ASSERT_FALSE(busy.ok());
    EXPECT_TRUE(busy.error().retryable);
    const Result<QJsonObject> gone =
        interpretSlackReply(reply(404, R"({"ok":false,"error":"channel_not_found"})"), kNow);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().kind, ErrorKind::NotFound);
}

TEST(SlackErrors, BrokenJsonIsAProtocolError) {
    for (const QByteArray& body :
         {QByteArray("<html>gateway</html>"), QByteArray("[1,2]"), QByteArray(R"({"messages":[]})")}) {
        const Result<QJsonObject> r = interpretSlackReply(reply(200, body), kNow);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().kind, ErrorKind::Protocol);
        EXPECT_TRUE(r.error().message.contains(QStringLiteral("conversations.history")));
        EXPECT_FALSE(r.error().message.contains(QStringLiteral("gateway"))) << "never the body";
    }
}

TEST(SlackErrors, TimeoutAndNetworkFailures) {
    SlackReplyData d = reply(0, {});
    d.timedOut = true;
    Result<QJsonObject> r = interpretSlackReply(d, kNow);
    EXPECT_EQ(r.error().kind, ErrorKind::Network);
    EXPECT_TRUE(r.error().retryable);
    d.timedOut = false;
    d.networkError = QNetworkReply::ConnectionRefusedError;
    r = interpretSlackReply(d, kNow);
    EXPECT_EQ(r.error().kind, ErrorKind::Network);
    EXPECT_EQ(interpretSlackReply(reply(503, "busy"), kNow).error().kind, ErrorKind::Network);
}

TEST(SlackRateLimiter, TiersAsSlackDocumentsThem) {
    EXPECT_EQ(slackTierOf(QStringLiteral("conversations.list")), SlackTier::Tier2);
    EXPECT_EQ(slackTierOf(QStringLiteral("users.list")), SlackTier::Tier2);
    EXPECT_EQ(slackTierOf(QStringLiteral("conversations.history")), SlackTier::Tier3);
    EXPECT_EQ(slackTierOf(QStringLiteral("conversations.replies")), SlackTier::Tier3);
    EXPECT_EQ(slackTierOf(QStringLiteral("chat.postMessage")), SlackTier::PostMessage);
    EXPECT_EQ(slackRateLimit(SlackTier::Tier2).calls, 20);
    EXPECT_EQ(slackRateLimit(SlackTier::Tier3).calls, 50);
    EXPECT_EQ(slackRateLimit(SlackTier::Tier2).window, 60s);
}

TEST(SlackRateLimiter, NeverMoreThanTheLimitInAnyWindow) {
    SlackRateLimiter limiter;
    const SlackRateLimit tier2 = slackRateLimit(SlackTier::Tier2);
    std::vector<std::chrono::milliseconds> starts;
    for (int i = 0; i < 65; ++i) {
        const std::chrono::milliseconds now(i * 100); // callers asking every 100 ms
        starts.push_back(now + limiter.reserve(QStringLiteral("conversations.list"), tier2, now));
    }
    for (size_t i = 0; i < starts.size(); ++i) {
        EXPECT_GE(starts[i], std::chrono::milliseconds(static_cast<long long>(i) * 100));
        if (i >= 20) {
            EXPECT_GE(starts[i] - starts[i - 20], 60s) << "call " << i;
        }
        if (i > 0) {
            EXPECT_GE(starts[i], starts[i - 1]) << "in order";
        }
    }
    EXPECT_EQ(starts[19], 1900ms) << "a burst within the limit starts at once";
    // Another method has its own budget.
    EXPECT_EQ(limiter.reserve(QStringLiteral("users.list"), tier2, 0ms), 0ms);
}

TEST(SlackRateLimiter, PostMessageOncePerSecondPerChannel) {
    SlackRateLimiter limiter;
    const SlackRateLimit post = slackRateLimit(SlackTier::PostMessage);
    EXPECT_EQ(limiter.reserve(QStringLiteral("chat.postMessage:C1"), post, 0ms), 0ms);
    EXPECT_EQ(limiter.reserve(QStringLiteral("chat.postMessage:C1"), post, 100ms), 900ms);
    EXPECT_EQ(limiter.reserve(QStringLiteral("chat.postMessage:C2"), post, 100ms), 0ms);
}

TEST(SlackPolling, IntervalStaysWithinHalfOfTier3) {
    EXPECT_EQ(SlackProvider::pollIntervalFor(1), 10s);
    EXPECT_EQ(SlackProvider::pollIntervalFor(0), 10s);
    EXPECT_EQ(SlackProvider::pollIntervalFor(10), 24s);
    for (int n : {1, 5, 12, 40}) {
        const double perMinute = n * 60000.0 / static_cast<double>(SlackProvider::pollIntervalFor(n).count());
        EXPECT_LE(perMinute, 25.0) << n;
    }
}

TEST(SlackApiEncoding, FormEncodingEscapesPlusAndUnicode) {
    EXPECT_EQ(slackFormEncode({{QStringLiteral("text"), QString::fromUtf8("1+1 = 2 & ü")},
                               {QStringLiteral("channel"), QStringLiteral("C1")}}),
              QByteArray("text=1%2B1%20%3D%202%20%26%20%C3%BC&channel=C1"));
}

TEST(SlackSettingsTest, DefaultsAndPlaintextRefusal) {
    Account a;
    a.id = QStringLiteral("s");
    a.providerId = QStringLiteral("slack");
    Result<SlackSettings> s = SlackSettings::fromAccount(a);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.value().apiBaseUrl, QUrl(QStringLiteral("https://slack.com/api")));
    EXPECT_EQ(s.value().socketModeApiBaseUrl, s.value().apiBaseUrl);
    a.settings.insert(QStringLiteral("apiBaseUrl"), QStringLiteral("http://127.0.0.1:4010/"));
    s = SlackSettings::fromAccount(a);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.value().apiBaseUrl, QUrl(QStringLiteral("http://127.0.0.1:4010")));
    a.settings.insert(QStringLiteral("apiBaseUrl"), QStringLiteral("http://slack.example.com/api"));
    s = SlackSettings::fromAccount(a);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, QStringLiteral("plaintext_refused"));
}

} // namespace
} // namespace tributary::slack
