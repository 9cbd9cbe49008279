#include "slack/SlackErrors.h"

#include "net/HttpErrors.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QObject>

namespace tributary::slack {

namespace {

bool isOneOf(const QString& code, std::initializer_list<const char*> codes) {
    for (const char* c : codes)
        if (code == QLatin1String(c))
            return true;
    return false;
}

ProviderError withCode(ProviderError e, const QString& code) {
    e.code = code;
    return e;
}

} // namespace

ProviderError slackApiError(const QString& error, const QString& method) {
    const QString code = error.isEmpty() ? QStringLiteral("unknown_error") : error;
    if (isOneOf(code, {"not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired",
                       "no_permission", "missing_scope", "not_allowed_token_type", "ekm_access_denied",
                       "two_factor_setup_required", "team_access_not_granted", "org_login_required"})) {
        QString why;
        if (code == QLatin1String("token_revoked"))
            why = QObject::tr("Slack says the token was revoked: sign in to the workspace again.");
        else if (code == QLatin1String("token_expired"))
            why = QObject::tr("The Slack token has expired: sign in to the workspace again.");
        else if (code == QLatin1String("account_inactive"))
            why = QObject::tr("The Slack account is deactivated, or the app was removed from the workspace.");
        else if (code == QLatin1String("not_authed"))
            why = QObject::tr("No Slack token was sent: sign in to the workspace.");
        else if (code == QLatin1String("missing_scope") || code == QLatin1String("no_permission"))
            why = QObject::tr("The Slack token lacks a permission %1 needs: sign in again and grant it.")
                      .arg(method);
        else if (code == QLatin1String("not_allowed_token_type"))
            why = QObject::tr("This kind of Slack token cannot call %1 (a user token xoxp- is needed; "
                              "Socket Mode needs an app-level token xapp-).")
                      .arg(method);
        else
            why = QObject::tr("Slack did not accept the token: sign in to the workspace again.");
        return ProviderError::auth(why, code);
    }
    if (code == QLatin1String("ratelimited") || code == QLatin1String("rate_limited"))
        return withCode(ProviderError::rateLimited(std::nullopt, QObject::tr("Slack asks us to slow down.")),
                        code);
    if (isOneOf(code, {"channel_not_found", "message_not_found", "thread_not_found", "user_not_found",
                       "file_not_found", "users_not_found", "team_not_found"})) {
        QString what;
        if (code == QLatin1String("channel_not_found"))
            what = QObject::tr("The Slack conversation does not exist, or this account cannot see it.");
        else if (code == QLatin1String("thread_not_found"))
            what = QObject::tr("The Slack thread no longer exists.");
        else if (code == QLatin1String("message_not_found"))
            what = QObject::tr("The Slack message no longer exists.");
        else
            what = QObject::tr("Slack could not find it (%1).").arg(code);
        return ProviderError::notFound(what, code);
    }
    if (isOneOf(code, {"internal_error", "fatal_error", "service_unavailable", "request_timeout"})) {
        ProviderError e =
            ProviderError::network(QObject::tr("Slack had a temporary problem (%1).").arg(code), code);
        e.retryable = true;
        return e;
    }
    QString what;
    if (code == QLatin1String("not_in_channel"))
        what = QObject::tr("You are not a member of this Slack channel: join it in Slack first.");
    else if (code == QLatin1String("is_archived"))
        what = QObject::tr("This Slack channel is archived: nothing can be posted to it.");
    else if (code == QLatin1String("msg_too_long"))
        what = QObject::tr("The message is too long for Slack (at most 40,000 characters).");
    else if (code == QLatin1String("no_text"))
        what = QObject::tr("Slack refuses an empty message.");
    else if (code == QLatin1String("cant_update_message") || code == QLatin1String("edit_window_closed"))
        what = QObject::tr("Slack does not allow editing this message.");
    else if (code == QLatin1String("cant_delete_message"))
        what = QObject::tr("Slack does not allow deleting this message (only your own).");
    else if (code == QLatin1String("restricted_action") ||
             code == QLatin1String("restricted_action_read_only_channel"))
        what = QObject::tr("The workspace does not allow this action here.");
    else if (code == QLatin1String("invalid_cursor"))
        what = QObject::tr("Slack no longer accepts this paging position: list from the top again.");
    else
        what = QObject::tr("Slack refused %1 (%2).").arg(method, code);
    return ProviderError::invalid(what, code);
}

Result<QJsonObject> interpretSlackReply(const SlackReplyData& reply, const QDateTime& nowUtc) {
    if (reply.oversized > 0) {
        // Not retried at once (the same request brings the same answer); the account's sync
        // tries again later, as after a dropped connection.
        const QLocale locale;
        ProviderError e = ProviderError::network(
            QObject::tr(
                "Slack (%1) sent an oversized response to %2 (%3 where at most %4 was expected), so it "
                "was dropped.")
                .arg(reply.host, reply.method, locale.formattedDataSize(reply.oversized),
                     locale.formattedDataSize(reply.byteBudget)),
            QStringLiteral("oversized_response"));
        e.retryable = false;
        return e;
    }
    if (reply.timedOut) {
        ProviderError e = ProviderError::network(
            QObject::tr("Slack (%1) did not answer %2 in time.").arg(reply.host, reply.method),
            QStringLiteral("timeout"));
        e.retryable = true;
        return e;
    }
    if (reply.httpStatus == 0 && reply.networkError != QNetworkReply::NoError)
        return providerErrorFromNetworkError(reply.networkError, reply.host);
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && doc.isObject();
    const QJsonObject object = isObject ? doc.object() : QJsonObject();
    const QJsonValue ok = object.value(QStringLiteral("ok"));
    if (reply.httpStatus >= 300) {
        // Slack answers its errors with HTTP 200 and ok:false, but an ok:false body means the
        // same whatever status carries it (a proxy, a 4xx from an edge). The status still
        // decides what only it knows: a 429's Retry-After, a 5xx being worth a retry.
        ProviderError http = providerErrorFromHttpStatus(reply.httpStatus, reply.headers, nowUtc, reply.host);
        if (!ok.isBool() || ok.toBool())
            return http;
        ProviderError e = slackApiError(object.value(QStringLiteral("error")).toString(), reply.method);
        if (http.kind == ErrorKind::RateLimited || e.kind == ErrorKind::RateLimited) {
            http.code = e.code;
            return http;
        }
        if (reply.httpStatus >= 500)
            e.retryable = e.retryable || http.retryable;
        return e;
    }
    if (!isObject)
        return ProviderError::protocol(
            QObject::tr("Slack (%1) answered %2 with something that is not JSON (%3).")
                .arg(reply.host, reply.method,
                     parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : QObject::tr("not an object")),
            QStringLiteral("bad_json"));
    if (!ok.isBool())
        return ProviderError::protocol(
            QObject::tr("Slack (%1) answered %2 without an \"ok\" field.").arg(reply.host, reply.method),
            QStringLiteral("bad_json"));
    if (!ok.toBool())
        return slackApiError(object.value(QStringLiteral("error")).toString(), reply.method);
    return object;
}

} // namespace tributary::slack
