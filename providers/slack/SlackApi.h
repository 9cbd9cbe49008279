#pragma once

#include "net/Clock.h"
#include "net/RequestScheduler.h"
#include "net/RestClient.h"
#include "slack/SlackRateLimiter.h"
#include "util/Result.h"

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>
#include <memory>

class QNetworkAccessManager;

namespace tributary {
class AccountCredentials;
}

namespace tributary::slack {

enum class SlackVerb { Get, Post };

//! One Web API call. GET methods take their arguments in the query, POST methods as an
//! application/x-www-form-urlencoded body (as slack_web_inbox_subset.json describes each);
//! the token always travels in "Authorization: Bearer", never in a URL.
struct SlackCall {
    QString method; //!< "conversations.history"
    SlackVerb verb = SlackVerb::Get;
    QList<QPair<QString, QString>> params;
    QUrl baseUrl;     //!< empty: the account's API base URL
    QByteArray token; //!< empty: the user token
    RequestOptions options;
    //! How long the transfer may take; 0: SlackApi::kTransferTimeoutMs.
    int transferTimeoutMs = 0;

    SlackCall& arg(const QString& key, const QString& value) {
        params.append({key, value});
        return *this;
    }
};

//! Typed access to Slack's Web API for one account: a thin user of the RestClient (core/net),
//! which runs every call through the account's RequestScheduler (retries, back-off,
//! Retry-After pauses the whole account) and, within each attempt, through its RateLimiter
//! with Slack's tiers as the table (slackRateLimitTable()), so polling and paging never start
//! more calls than a tier allows. The user token comes from the account's AccountCredentials:
//! with token rotation it is refreshed ahead of expiry, and a call Slack answers with
//! token_expired (or another refusal of the token) is made once more with a renewed one.
//! What is Slack's own stays here: the method-per-path calls, the form encoding, and the
//! reading of its answers (ok:false inside an HTTP 200, interpretSlackReply()). Lives on the
//! GUI thread.
class SlackApi : public QObject {
    Q_OBJECT
public:
    //! `nam` may be null (the API makes its own); it is not owned.
    SlackApi(QUrl baseUrl, std::shared_ptr<Clock> clock, QNetworkAccessManager* nam = nullptr,
             QObject* parent = nullptr);
    ~SlackApi() override;

    QNetworkAccessManager* networkAccessManager() const;
    RequestScheduler* scheduler() const;
    Clock& clock() const;
    const std::shared_ptr<Clock>& sharedClock() const;
    QUrl baseUrl() const;
    RestClient* rest() const { return m_rest; }

    //! Where calls without a token of their own get the user token (not owned).
    void setCredentials(AccountCredentials* credentials);

    //! The call under the scheduler: rate limited, retried as its options allow.
    QFuture<Result<QJsonObject>> call(SlackCall call);
    //! One attempt (rate limited, not retried but for a refused token, which is renewed
    //! once), for use inside another scheduled attempt.
    QFuture<Result<QJsonObject>> attempt(const SlackCall& call);
    //! How long a call of `method` started now would wait for its rate limit tier.
    std::chrono::milliseconds rateLimitWait(const QString& method) const;

    //! How long a call may take before it counts as a (retryable) timeout.
    static constexpr int kTransferTimeoutMs = 30000;
    //! How long one call may take (default kTransferTimeoutMs).
    void setTransferTimeout(int ms);
    //! The largest reply a call may bring: a page of 999 messages with files and reactions is
    //! a few megabytes. A larger one (announced or received) is dropped, not buffered.
    static constexpr qint64 kMaxReplyBytes = 16 * 1024 * 1024;
    //! What QNetworkAccessManager may hold of a reply before we take it.
    static constexpr qint64 kReadChunkBytes = RestClient::kReadChunkBytes;

Q_SIGNALS:
    //! The user token was refused (invalid_auth, token_revoked ...) and could not be renewed:
    //! the account needs sign-in.
    void authFailed(const tributary::ProviderError& error);

private:
    RestClient* m_rest = nullptr;
};

//! Form/query encoding as Slack reads it: every byte outside [A-Za-z0-9-._~] percent-encoded
//! (QUrlQuery leaves '+' alone, which a form decoder would read as a space).
QByteArray slackFormEncode(const QList<QPair<QString, QString>>& params);

} // namespace tributary::slack
