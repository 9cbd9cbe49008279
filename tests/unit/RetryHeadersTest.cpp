#include "Await.h"
#include "net/HttpErrors.h"
#include "net/RateLimitHeaders.h"
#include "net/RetryPolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <gtest/gtest.h>
#include <memory>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace tributary {
namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0, 0), Qt::UTC); // a Wednesday

RawHeaders headers(std::initializer_list<std::pair<const char*, const char*>> list) {
    RawHeaders h;
    for (const auto& [name, value] : list)
        h.append({QByteArray(name), QByteArray(value)});
    return h;
}

std::optional<milliseconds> retryAfter(std::initializer_list<std::pair<const char*, const char*>> list) {
    return retryAfterFromHeaders(headers(list), kNow);
}

TEST(RetryHeaders, RetryAfterDeltaSeconds) {
    EXPECT_EQ(retryAfter({{"Retry-After", "120"}}), 120000ms);
    EXPECT_EQ(retryAfter({{"Retry-After", "0"}}), 0ms);
    EXPECT_EQ(retryAfter({{"Retry-After", " 7 "}}), 7000ms);
    EXPECT_EQ(retryAfter({{"retry-after", "3"}}), 3000ms) << "header names are case-insensitive";
    EXPECT_EQ(retryAfter({{"Retry-After", "1.5"}}), 1500ms) << "fractions are accepted leniently";
}

TEST(RetryHeaders, HugeNumbersSaturateInsteadOfOverflowing) {
    // Found by the dates fuzzer: seconds beyond 2^63 ms were converted to qint64 (undefined
    // behaviour). They saturate; the scheduler caps every wait (RetryPolicy::clampServerWait).
    EXPECT_EQ(parseRetryAfter("88400004008840000", kNow), milliseconds::max());
    const QByteArray huge = "1" + QByteArray(300, '0');
    EXPECT_EQ(parseRetryAfter(huge, kNow), milliseconds::max());
    EXPECT_TRUE(parseRateLimitReset(huge, kNow).has_value());
    EXPECT_GE(parseRateLimitReset(huge, kNow)->count(), 0);
}

TEST(RetryHeaders, RetryAfterImfFixdate) {
    EXPECT_EQ(retryAfter({{"Retry-After", "Wed, 01 May 2024 12:00:30 GMT"}}), 30000ms);
    EXPECT_EQ(retryAfter({{"Retry-After", "Thu, 02 May 2024 12:00:00 GMT"}}), milliseconds(24h));
}

TEST(RetryHeaders, RetryAfterRfc850Date) {
    EXPECT_EQ(retryAfter({{"Retry-After", "Wednesday, 01-May-24 12:01:00 GMT"}}), 60000ms);
}

TEST(RetryHeaders, RetryAfterAsctimeDate) {
    EXPECT_EQ(retryAfter({{"Retry-After", "Wed May  1 12:00:05 2024"}}), 5000ms);
}

TEST(RetryHeaders, RetryAfterInThePastMeansNow) {
    EXPECT_EQ(retryAfter({{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}), 0ms);
}

TEST(RetryHeaders, MalformedRetryAfterIsIgnored) {
    EXPECT_EQ(retryAfter({{"Retry-After", "soon"}}), std::nullopt);
    EXPECT_EQ(retryAfter({{"Retry-After", "-5"}}), std::nullopt);
    EXPECT_EQ(retryAfter({{"Retry-After", ""}}), std::nullopt);
    EXPECT_EQ(retryAfter({{"Retry-After", "Wed, 32 May 2024 12:00:00 GMT"}}), std::nullopt);
    EXPECT_EQ(retryAfter({{"Retry-After", "Wed, 01 May 2024 12:00:00 PST"}}), std::nullopt);
    EXPECT_EQ(retryAfter({{"Retry-After", "Wed, 01 May 2024 25:00:00 GMT"}}), std::nullopt);
    EXPECT_EQ(retryAfter({}), std::nullopt);
}

TEST(RetryHeaders, HttpDateForms) {
    const QDateTime expected(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
    EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
    EXPECT_EQ(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
    EXPECT_EQ(parseHttpDate("Sun Nov  6 08:49:37 1994"), expected);
    EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49"), std::nullopt);
}

TEST(RetryHeaders, IntercomResetIsEpochSeconds) {
    // Intercom's 429 carries no Retry-After, only X-RateLimit-Reset as a Unix time.
    const QByteArray reset = QByteArray::number(kNow.toSecsSinceEpoch() + 42);
    EXPECT_EQ(retryAfterFromHeaders(headers({{"X-RateLimit-Limit", "83"},
                                             {"X-RateLimit-Remaining", "0"},
                                             {"X-RateLimit-Reset", reset.constData()}}),
                                    kNow),
              42000ms);
    EXPECT_EQ(retryAfterFromHeaders(headers({{"X-RateLimit-Reset", reset.constData()}}), kNow), 42000ms)
        << "a reset without a remaining count (a 429) is a request to wait";
}

TEST(RetryHeaders, SmallResetIsDeltaSeconds) {
    EXPECT_EQ(retryAfter({{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "30"}}), 30000ms);
    EXPECT_EQ(retryAfter({{"RateLimit-Remaining", "0"}, {"RateLimit-Reset", "12"}}), 12000ms);
}

TEST(RetryHeaders, ResetMagnitudeRule) {
    const qint64 epoch = kNow.toSecsSinceEpoch();
    EXPECT_EQ(parseRateLimitReset("59", kNow), 59000ms);
    EXPECT_EQ(parseRateLimitReset(QByteArray::number(epoch + 10), kNow), 10000ms);
    EXPECT_EQ(parseRateLimitReset(QByteArray::number(epoch * 1000 + 2500), kNow), 2500ms) << "epoch ms";
    EXPECT_EQ(parseRateLimitReset(QByteArray::number(epoch + 1) + ".250", kNow), 1250ms)
        << "Discord fraction";
    EXPECT_EQ(parseRateLimitReset(QByteArray::number(epoch - 100), kNow), 0ms) << "past reset";
    EXPECT_EQ(parseRateLimitReset("abc", kNow), std::nullopt);
}

TEST(RetryHeaders, DiscordResetAfterIsPreferred) {
    const QByteArray reset = QByteArray::number(kNow.toSecsSinceEpoch() + 60);
    EXPECT_EQ(retryAfter({{"X-RateLimit-Remaining", "0"},
                          {"X-RateLimit-Reset", reset.constData()},
                          {"X-RateLimit-Reset-After", "1.234"}}),
              1234ms);
}

TEST(RetryHeaders, RemainingQuotaIsNoRequestToWait) {
    EXPECT_EQ(retryAfter({{"X-RateLimit-Remaining", "4999"}, {"X-RateLimit-Reset", "1714567890"}}),
              std::nullopt);
    EXPECT_EQ(retryAfter({{"X-RateLimit-Remaining", "0"}}), std::nullopt) << "exhausted but no time given";
}

TEST(RetryHeaders, RetryAfterWinsOverReset) {
    EXPECT_EQ(retryAfter({{"Retry-After", "5"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "60"}}),
              5000ms);
}

TEST(RetryHeaders, RateLimitInfoFields) {
    const RateLimitInfo info = parseRateLimitHeaders(
        headers({{"x-ratelimit-limit", "100"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "20"}}),
        kNow);
    EXPECT_EQ(info.limit, 100);
    EXPECT_EQ(info.remaining, 0);
    EXPECT_TRUE(info.exhausted());
    EXPECT_EQ(info.resetIn, 20000ms);
    EXPECT_EQ(info.retryAfter, std::nullopt);
    EXPECT_EQ(parseRateLimitHeaders(headers({{"RateLimit-Limit", "100, 100;w=60"}}), kNow).limit, 100);
}

TEST(HttpErrors, StatusMapping) {
    const RawHeaders none;
    const auto kindOf = [&](int status) {
        return providerErrorFromHttpStatus(status, none, kNow).kind;
    };
    EXPECT_EQ(kindOf(401), ErrorKind::Auth);
    EXPECT_EQ(kindOf(403), ErrorKind::Auth);
    EXPECT_EQ(kindOf(404), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(410), ErrorKind::NotFound);
    EXPECT_EQ(kindOf(400), ErrorKind::Invalid);
    EXPECT_EQ(kindOf(422), ErrorKind::Invalid);
    EXPECT_EQ(kindOf(501), ErrorKind::Invalid);
    EXPECT_EQ(kindOf(302), ErrorKind::Protocol);
    for (int status : {408, 500, 502, 503, 504}) {
        const ProviderError e =
            providerErrorFromHttpStatus(status, none, kNow, QStringLiteral("api.example"));
        EXPECT_EQ(e.kind, ErrorKind::Network) << status;
        EXPECT_TRUE(e.retryable) << status;
        EXPECT_EQ(e.code, QStringLiteral("http_%1").arg(status));
        EXPECT_TRUE(e.message.contains(QStringLiteral("api.example")));
    }
    EXPECT_FALSE(providerErrorFromHttpStatus(401, none, kNow).retryable);
    EXPECT_FALSE(providerErrorFromHttpStatus(422, none, kNow).retryable);
}

TEST(HttpErrors, TooManyRequestsCarriesRetryAfter) {
    const ProviderError e = providerErrorFromHttpStatus(429, headers({{"Retry-After", "17"}}), kNow);
    EXPECT_EQ(e.kind, ErrorKind::RateLimited);
    EXPECT_TRUE(e.retryable);
    EXPECT_EQ(e.retryAfter, 17000ms);

    const QByteArray reset = QByteArray::number(kNow.toSecsSinceEpoch() + 9);
    const ProviderError intercom = providerErrorFromHttpStatus(
        429, headers({{"X-RateLimit-Remaining", "3"}, {"X-RateLimit-Reset", reset.constData()}}), kNow);
    EXPECT_EQ(intercom.kind, ErrorKind::RateLimited);
    EXPECT_EQ(intercom.retryAfter, 9000ms) << "a 429 uses the reset even when the counters disagree";

    EXPECT_EQ(providerErrorFromHttpStatus(429, {}, kNow).retryAfter, std::nullopt);
}

TEST(HttpErrors, ForbiddenWithExhaustedQuotaIsARateLimit) {
    const ProviderError e = providerErrorFromHttpStatus(
        403, headers({{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "30"}}), kNow);
    EXPECT_EQ(e.kind, ErrorKind::RateLimited);
    EXPECT_EQ(e.retryAfter, 30000ms);
}

TEST(HttpErrors, UnavailableKeepsRetryAfter) {
    const ProviderError e = providerErrorFromHttpStatus(503, headers({{"Retry-After", "120"}}), kNow);
    EXPECT_EQ(e.kind, ErrorKind::Network);
    EXPECT_EQ(e.retryAfter, 120000ms);
}

TEST(HttpErrors, NetworkErrorMapping) {
    const ProviderError refused = providerErrorFromNetworkError(QNetworkReply::ConnectionRefusedError);
    EXPECT_EQ(refused.kind, ErrorKind::Network);
    EXPECT_TRUE(refused.retryable);
    EXPECT_TRUE(requestNeverReachedServer(refused));

    const ProviderError dns = providerErrorFromNetworkError(QNetworkReply::HostNotFoundError);
    EXPECT_TRUE(dns.retryable);
    EXPECT_TRUE(requestNeverReachedServer(dns));

    const ProviderError closed = providerErrorFromNetworkError(QNetworkReply::RemoteHostClosedError);
    EXPECT_TRUE(closed.retryable);
    EXPECT_FALSE(requestNeverReachedServer(closed)) << "the server may have acted before closing";

    const ProviderError timeout = providerErrorFromNetworkError(QNetworkReply::TimeoutError);
    EXPECT_TRUE(timeout.retryable);
    EXPECT_FALSE(requestNeverReachedServer(timeout));

    const ProviderError tls = providerErrorFromNetworkError(QNetworkReply::SslHandshakeFailedError);
    EXPECT_EQ(tls.kind, ErrorKind::Network);
    EXPECT_FALSE(tls.retryable);

    EXPECT_EQ(providerErrorFromNetworkError(QNetworkReply::OperationCanceledError).kind,
              ErrorKind::Cancelled);
    EXPECT_EQ(providerErrorFromNetworkError(QNetworkReply::ProxyAuthenticationRequiredError).kind,
              ErrorKind::Auth);
    EXPECT_TRUE(requestNeverReachedServer(ProviderError::rateLimited(1s, QStringLiteral("x"))));
    EXPECT_FALSE(requestNeverReachedServer(ProviderError::auth(QStringLiteral("x"))));
}

//! A loopback HTTP server that answers every request with one canned response.
class CannedHttpServer {
public:
    explicit CannedHttpServer(QByteArray response)
        : m_response(std::move(response)) {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    if (buffer->contains("\r\n\r\n")) {
                        socket->write(m_response);
                        socket->disconnectFromHost();
                    }
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/api").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QByteArray m_response;
};

std::unique_ptr<QNetworkReply> fetch(QNetworkAccessManager& nam, const QUrl& url) {
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    EXPECT_TRUE(test::waitUntil([&] { return reply->isFinished(); }, 15000));
    return reply;
}

TEST(HttpErrors, RealReplyWithTooManyRequests) {
    CannedHttpServer server("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 0\r\n"
                            "Connection: close\r\n\r\n");
    QNetworkAccessManager nam;
    const auto reply = fetch(nam, server.url());
    EXPECT_EQ(retryAfterFromHeaders(reply.get(), kNow), 7000ms);
    const auto error = providerErrorFromReply(reply.get(), kNow);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->kind, ErrorKind::RateLimited);
    EXPECT_EQ(error->retryAfter, 7000ms);
    EXPECT_EQ(error->code, QStringLiteral("http_429"));
    EXPECT_FALSE(error->message.contains(QStringLiteral("/api"))) << "never the URL: queries carry tokens";
}

TEST(HttpErrors, RealReplySuccessIsNoError) {
    CannedHttpServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    QNetworkAccessManager nam;
    const auto reply = fetch(nam, server.url());
    EXPECT_EQ(providerErrorFromReply(reply.get(), kNow), std::nullopt);
}

TEST(HttpErrors, RealReplyServerErrorAndRefusedConnection) {
    CannedHttpServer server("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    QNetworkAccessManager nam;
    const auto reply = fetch(nam, server.url());
    const auto error = providerErrorFromReply(reply.get(), kNow);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->kind, ErrorKind::Network);
    EXPECT_TRUE(error->retryable);

    // A port nobody listens on: bind one, note it, close it.
    quint16 port = 0;
    {
        QTcpServer probe;
        ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const auto refused = fetch(nam, QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    const auto refusedError = providerErrorFromReply(refused.get(), kNow);
    ASSERT_TRUE(refusedError.has_value());
    EXPECT_EQ(refusedError->code, NetworkErrorCode::ConnectionRefused);
    EXPECT_TRUE(requestNeverReachedServer(*refusedError));
}

} // namespace
} // namespace tributary
