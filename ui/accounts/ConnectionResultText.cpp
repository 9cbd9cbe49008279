#include "accounts/ConnectionResultText.h"

#include <QCoreApplication>

namespace tributary::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::ui::ConnectionResultText", text);
}

QString serverName(const ConnectionTestResult& r, bool email) {
    if (!email)
        return tr("the server");
    return r.side == ConnectionSide::Outgoing ? tr("the outgoing server") : tr("the incoming server");
}

QString portOf(const QString& endpoint) {
    const qsizetype colon = endpoint.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? QString() : endpoint.mid(colon + 1);
}

QString hostOf(const QString& endpoint) {
    const qsizetype colon = endpoint.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? endpoint : endpoint.left(colon);
}

//! "the incoming server (mail.example.com:993)", or just the server when no endpoint is known.
QString where(const ConnectionTestResult& r, bool email) {
    const QString server = serverName(r, email);
    return r.endpoint.isEmpty() ? server : QStringLiteral("%1 (%2)").arg(server, r.endpoint);
}

QString capitalized(QString s) {
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

} // namespace

ConnectionResultText describeConnectionResult(const ConnectionTestResult& r, bool email) {
    ConnectionResultText t;
    switch (r.outcome) {
    case ConnectionOutcome::Success: {
        t.headline = tr("Connection works.");
        const QString server = r.endpoint.isEmpty() ? tr("the server") : r.endpoint;
        if (r.channelCount == 1)
            t.advice = email ? tr("Signed in to %1 and found 1 folder.").arg(server)
                             : tr("Signed in to %1 and found 1 conversation.").arg(server);
        else if (r.channelCount > 1)
            t.advice = (email ? tr("Signed in to %1 and found %2 folders.")
                              : tr("Signed in to %1 and found %2 channels and conversations."))
                           .arg(server)
                           .arg(r.channelCount);
        else
            t.advice = tr("Signed in to %1.").arg(server);
        if (email && r.outgoingSignedIn) {
            t.advice +=
                QLatin1Char(' ') + tr("Signed in to the outgoing server %1 too.").arg(r.outgoingEndpoint);
        } else if (email && r.outgoingReachable) {
            t.advice += QLatin1Char(' ') + tr("The outgoing server %1 answers; your password for sending is "
                                              "checked when you send your first message.")
                                               .arg(r.outgoingEndpoint);
        } else if (email) {
            t.advice += QLatin1Char(' ') + tr("Sending is checked when you send your first message.");
        }
        return t;
    }
    case ConnectionOutcome::MissingSecret:
        t.headline = tr("Enter your password first.");
        return t;
    case ConnectionOutcome::DnsNotFound:
        t.headline = tr("The server name %1 does not exist.").arg(hostOf(r.endpoint));
        t.advice = tr("Check the spelling of %1, or look up the server names your provider gives for mail "
                      "programs.")
                       .arg(serverName(r, email));
        break;
    case ConnectionOutcome::Unreachable:
        t.headline = tr("Cannot reach %1.").arg(where(r, email));
        t.advice = tr("Check that this computer is online and that no firewall blocks the connection.");
        break;
    case ConnectionOutcome::Refused:
        t.headline = tr("%1 refused the connection.").arg(capitalized(where(r, email)));
        t.advice = tr("The computer is there, but no mail service answers on port %1. Check the port number.")
                       .arg(portOf(r.endpoint));
        break;
    case ConnectionOutcome::TimedOut:
        t.headline = tr("%1 did not answer in time.").arg(capitalized(where(r, email)));
        t.advice = tr("Check the port and the security setting; a firewall may also be dropping the "
                      "connection.");
        break;
    case ConnectionOutcome::TlsUntrusted:
        t.headline = tr("The certificate of %1 is not trusted.").arg(where(r, email));
        t.advice = r.fingerprint.isEmpty()
                       ? tr("No certificate authority this computer trusts vouches for it. Ask your provider "
                            "for its CA certificate and add it under Manual setup.")
                       : tr("No certificate authority this computer trusts vouches for it. If your provider "
                            "or administrator confirms the fingerprint below, trust this certificate.");
        return t; // the fingerprint is shown on its own; the provider's message repeats it
    case ConnectionOutcome::TlsFailed:
        t.headline = tr("A secure connection to %1 could not be set up.").arg(where(r, email));
        t.advice = tr("Check the security setting: port 993 and 465 usually need SSL/TLS, ports 143 and 587 "
                      "STARTTLS.");
        break;
    case ConnectionOutcome::AuthFailed:
        t.headline = r.side == ConnectionSide::Outgoing
                         ? tr("Sending failed to sign in: the outgoing server rejected the user name or "
                              "password.")
                         : tr("Authentication failed: the server rejected the user name or password.");
        t.advice = tr("Check both. Many providers need an app password for mail programs instead of your "
                      "usual one.");
        break;
    case ConnectionOutcome::PlaintextRefused:
        t.headline = tr("Unencrypted connections are only allowed to this computer.");
        t.advice = tr("Choose SSL/TLS or STARTTLS, so your password is never sent in the clear.");
        break;
    case ConnectionOutcome::InvalidSettings:
        t.headline = tr("Some settings need attention.");
        t.advice = r.message;
        return t;
    case ConnectionOutcome::Cancelled:
        t.headline = tr("The test was stopped.");
        return t;
    case ConnectionOutcome::Other:
        t.headline = tr("The connection test failed.");
        t.advice = r.message;
        return t;
    }
    // The system's own words help only where ours cannot be precise; elsewhere they
    // would repeat the headline.
    const bool vague =
        r.outcome == ConnectionOutcome::TlsFailed || r.outcome == ConnectionOutcome::Unreachable;
    if (vague && r.message != t.advice)
        t.details = r.message;
    return t;
}

} // namespace tributary::ui
