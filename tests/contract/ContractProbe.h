#pragma once

// The REST contract harness: records what a QNetworkAccessManager exchanged with REST servers
// that sit behind a validating proxy (Stoplight Prism, `prism proxy <description> <upstream>`
// without --errors), and the violations the proxy reported in each response's `sl-violations`
// header. Provider-neutral: Slack, Gmail, Graph, Discord... only the tolerations differ.
//
//   ContractProbe probe(&nam, {QUrl(apiBase)});
//   probe.tolerate(QStringLiteral("^/conversations\\.history$"), QStringLiteral("found 'x'"), reason);
//   ... drive the client through nam ...
//   probe.expectNoViolations();   // a gtest failure listing every unexpected violation
//
// Prism forwards a call whose path or method the description lacks and marks it with the
// warning "Selected route not found": such calls are "undescribed" and fail the check unless
// allowUndescribed() names them. Calls to other hosts (an emulator's control port, a websocket
// URL handed out by the server) are "unvalidated": listed in the report, never failed.
// Header-only (no moc): include it where needed.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <gtest/gtest.h>
#include <source_location>
#include <utility>
#include <vector>

namespace tributary::test {

//! One entry of Prism's sl-violations header.
struct ContractViolation {
    QString severity; //!< "Error" or "Warning"
    QString location; //!< e.g. "response.body.messages.2"
    QString code;     //!< the validator's keyword ("required", "enum", ...) or an HTTP status
    QString message;  //!< Prism's text

    QString toString() const {
        QString s = QStringLiteral("[%1] %2").arg(severity, location);
        if (!code.isEmpty())
            s += QStringLiteral(" (%1)").arg(code);
        return s + QStringLiteral(": ") + message;
    }
    //! The proxy forwarded a call its description has no operation for.
    bool isUndescribedRoute() const {
        return message == QLatin1String("Selected route not found") ||
               message.startsWith(QLatin1String("Route not resolved"));
    }
};

//! One finished request as the probe saw it.
struct ContractCall {
    QString verb;    //!< GET, POST, ...
    QUrl url;        //!< credentials removed from the query
    int status = 0;  //!< HTTP status, 0 if none arrived
    QByteArray body; //!< the response body, peeked at finish (up to 256 KiB)
    bool validated = false;
    QList<ContractViolation> violations;

    QString describe() const {
        // One arg() call: a URL holds %-escapes that a second arg() would substitute.
        return QStringLiteral("%1 %2 -> %3")
            .arg(verb, url.toString(QUrl::RemoveUserInfo), QString::number(status));
    }
    //! The body as a JSON object (empty when it is not one).
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

//! Parses an sl-violations header value (a JSON array) into violations.
inline QList<ContractViolation> parseContractViolations(const QByteArray& header) {
    QList<ContractViolation> out;
    if (header.trimmed().isEmpty())
        return out;
    const QJsonDocument doc = QJsonDocument::fromJson(header);
    if (!doc.isArray()) {
        out.append({QStringLiteral("Error"), QStringLiteral("sl-violations"), QString(),
                    QStringLiteral("unreadable header: ") + QString::fromUtf8(header.left(300))});
        return out;
    }
    for (const QJsonValue& v : doc.array()) {
        const QJsonObject o = v.toObject();
        QStringList where;
        for (const QJsonValue& part : o.value(QStringLiteral("location")).toArray())
            where << (part.isDouble() ? QString::number(part.toInt()) : part.toString());
        const QJsonValue code = o.value(QStringLiteral("code"));
        out.append({o.value(QStringLiteral("severity")).toString(), where.join(QLatin1Char('.')),
                    code.isDouble() ? QString::number(code.toInt()) : code.toString(),
                    o.value(QStringLiteral("message")).toString()});
    }
    return out;
}

class ContractProbe {
public:
    using Predicate = std::function<bool(const ContractCall&, const ContractViolation&)>;

    //! Records every reply that `nam` finishes from now on. Calls whose URL starts with one of
    //! `validatedBases` went through the validating proxy.
    ContractProbe(QNetworkAccessManager* nam, QList<QUrl> validatedBases)
        : m_validatedBases(std::move(validatedBases)) {
        QObject::connect(nam, &QNetworkAccessManager::finished, &m_context,
                         [this](QNetworkReply* reply) { record(reply); });
    }
    ContractProbe(const ContractProbe&) = delete;
    ContractProbe& operator=(const ContractProbe&) = delete;

    //! Violations of calls whose URL path matches `pathPattern` and whose text matches
    //! `messagePattern` (both regular expressions) are expected: listed with `reason`, not failed.
    void tolerate(const QString& pathPattern, const QString& messagePattern, const QString& reason) {
        const QRegularExpression path(pathPattern);
        const QRegularExpression message(messagePattern);
        tolerate(
            [path, message](const ContractCall& call, const ContractViolation& v) {
                return path.match(call.url.path()).hasMatch() && message.match(v.toString()).hasMatch();
            },
            reason);
    }
    //! The general form: `accept` sees the whole call (status, body) and the violation.
    void tolerate(Predicate accept, const QString& reason) {
        m_tolerations.push_back({std::move(accept), reason});
    }

    //! Calls the description does not have, forwarded by the proxy, are expected for paths
    //! matching `pathPattern` (e.g. an API method newer than the description).
    void allowUndescribed(const QString& pathPattern, const QString& reason) {
        m_allowedUndescribed.push_back({QRegularExpression(pathPattern), reason});
    }

    const QList<ContractCall>& calls() const { return m_calls; }
    void clear() { m_calls.clear(); }

    //! Everything that fails expectNoViolations(): untolerated violations and undescribed
    //! calls nobody allowed, one readable line each.
    QStringList unexpected() const {
        QStringList out;
        for (const ContractCall& call : m_calls) {
            for (const ContractViolation& v : call.violations) {
                if (v.isUndescribedRoute()) {
                    if (!undescribedReason(call))
                        out << QStringLiteral("%1: not in the API description (%2)")
                                   .arg(call.describe(), v.message);
                } else if (!toleration(call, v)) {
                    out << QStringLiteral("%1: %2").arg(call.describe(), v.toString());
                }
            }
        }
        return out;
    }
    //! Violations that matched a toleration, with its reason.
    QStringList tolerated() const {
        QStringList out;
        for (const ContractCall& call : m_calls)
            for (const ContractViolation& v : call.violations)
                if (!v.isUndescribedRoute())
                    if (const QString* reason = toleration(call, v))
                        out << QStringLiteral("%1: %2 -- tolerated: %3")
                                   .arg(call.describe(), v.toString(), *reason);
        return out;
    }
    //! Calls the proxy forwarded although its description lacks them.
    QStringList undescribed() const {
        QStringList out;
        for (const ContractCall& call : m_calls)
            for (const ContractViolation& v : call.violations)
                if (v.isUndescribedRoute()) {
                    const QString* reason = undescribedReason(call);
                    out << call.describe() + QStringLiteral(": not in the API description") +
                               (reason ? QStringLiteral(" -- allowed: ") + *reason : QString());
                }
        return out;
    }
    //! Calls that did not pass the validating proxy at all.
    QStringList unvalidated() const {
        QStringList out;
        for (const ContractCall& call : m_calls)
            if (!call.validated)
                out << call.describe();
        return out;
    }

    //! Every call with its outcome, for the test log.
    QString report() const {
        QStringList lines;
        lines << QStringLiteral("contract probe: %1 calls").arg(m_calls.size());
        const auto section = [&lines](const QString& title, const QStringList& items) {
            if (items.isEmpty())
                return;
            lines << QStringLiteral("%1 (%2):").arg(title, QString::number(items.size()));
            for (const QString& item : items)
                lines << QStringLiteral("  ") + item;
        };
        section(QStringLiteral("unexpected violations"), unexpected());
        section(QStringLiteral("tolerated (known gaps of the description)"), tolerated());
        section(QStringLiteral("not in the API description"), undescribed());
        section(QStringLiteral("sent past the validating proxy"), unvalidated());
        return lines.join(QLatin1Char('\n'));
    }

    ::testing::AssertionResult noViolations() const {
        const QStringList bad = unexpected();
        if (bad.isEmpty())
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << bad.size() << " contract violation(s):\n  "
                                             << bad.join(QStringLiteral("\n  ")).toStdString() << "\n"
                                             << report().toStdString();
    }
    //! A gtest failure (at the caller's line) listing every unexpected violation.
    void expectNoViolations(std::source_location where = std::source_location::current()) const {
        if (const ::testing::AssertionResult r = noViolations(); !r)
            ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << r.message();
    }

private:
    struct Toleration {
        Predicate accept;
        QString reason;
    };
    struct AllowedRoute {
        QRegularExpression path;
        QString reason;
    };

    // Query items that may carry credentials never reach a log.
    static QUrl redacted(QUrl url) {
        QUrlQuery query(url);
        for (const char* key : {"token", "access_token", "key", "api_key", "client_secret", "code"})
            if (query.hasQueryItem(QLatin1String(key))) {
                query.removeAllQueryItems(QLatin1String(key));
                query.addQueryItem(QLatin1String(key), QStringLiteral("REDACTED"));
            }
        url.setQuery(query);
        return url;
    }

    void record(QNetworkReply* reply) {
        ContractCall call;
        const QByteArray custom =
            reply->request().attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        switch (reply->operation()) {
        case QNetworkAccessManager::GetOperation:
            call.verb = QStringLiteral("GET");
            break;
        case QNetworkAccessManager::PostOperation:
            call.verb = QStringLiteral("POST");
            break;
        case QNetworkAccessManager::PutOperation:
            call.verb = QStringLiteral("PUT");
            break;
        case QNetworkAccessManager::DeleteOperation:
            call.verb = QStringLiteral("DELETE");
            break;
        case QNetworkAccessManager::HeadOperation:
            call.verb = QStringLiteral("HEAD");
            break;
        default:
            call.verb = QString::fromLatin1(custom);
            break;
        }
        call.url = redacted(reply->url());
        call.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        call.body = reply->peek(qMin<qint64>(reply->bytesAvailable(), 256 * 1024));
        for (const QUrl& base : m_validatedBases)
            if (reply->url().toString().startsWith(base.toString()))
                call.validated = true;
        call.violations = parseContractViolations(reply->rawHeader("sl-violations"));
        m_calls.append(call);
    }

    const QString* toleration(const ContractCall& call, const ContractViolation& v) const {
        for (const Toleration& t : m_tolerations)
            if (t.accept(call, v))
                return &t.reason;
        return nullptr;
    }
    const QString* undescribedReason(const ContractCall& call) const {
        for (const AllowedRoute& a : m_allowedUndescribed)
            if (a.path.match(call.url.path()).hasMatch())
                return &a.reason;
        return nullptr;
    }

    QList<QUrl> m_validatedBases;
    QList<ContractCall> m_calls;
    std::vector<Toleration> m_tolerations;
    std::vector<AllowedRoute> m_allowedUndescribed;
    QObject m_context; // owns the connection: it dies with the probe
};

} // namespace tributary::test
