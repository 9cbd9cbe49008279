#pragma once

#include "Peers.h"
#include "model/Model.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tributary::test {

//! The local servers that tools/test (or tools/sandbox) started, read from the
//! environment it exports (see tools/lib/servers.sh). Integration tests call
//! TRIBUTARY_REQUIRE_SERVERS() first (Peers.h): without the servers they skip with the reason,
//! or fail under CI=true.
struct TestEnv {
    QString host;         //!< 127.0.0.1
    int imapPort = 0;     //!< plain IMAP (STARTTLS offered)
    int imapsPort = 0;    //!< implicit TLS
    int smtpPort = 0;     //!< Postfix submission with AUTH (STARTTLS offered)
    QString domain;       //!< mail domain of the test users
    QStringList users;    //!< local parts: alice, bob, carol
    QString password;     //!< the test users' shared password
    QString caCertPath;   //!< the self-signed certificate made at start
    QString sharedFolder; //!< the team mailbox in the public namespace, e.g. "Public/Team"
    QString stateDir;     //!< the servers' private directory (maildirs, logs)

    bool available() const { return imapPort > 0 && smtpPort > 0; }
    QString address(const QString& user) const { return user + QLatin1Char('@') + domain; }
    //! An IMAP account for this user. The password comes from the environment
    //! variable named by settings["passwordEnv"] (TRIBUTARY_TEST_PASSWORD).
    Account imapAccount(const QString& user, bool implicitTls = false) const;

    static const TestEnv& get();
};

//! The OAuth access token the test servers accept for `user` (alice, bob, carol), from
//! TRIBUTARY_TEST_OAUTH_TOKEN_<USER>; empty if the servers did not export one.
inline QByteArray oauthToken(const QString& user) {
    return qgetenv(
        QStringLiteral("TRIBUTARY_TEST_OAUTH_TOKEN_%1").arg(user.toUpper()).toLatin1().constData());
}

//! A token of `user` that expired an hour before the servers started
//! (TRIBUTARY_TEST_OAUTH_EXPIRED_TOKEN_<USER>).
inline QByteArray expiredOauthToken(const QString& user) {
    return qgetenv(
        QStringLiteral("TRIBUTARY_TEST_OAUTH_EXPIRED_TOKEN_%1").arg(user.toUpper()).toLatin1().constData());
}

//! The test OAuth token service (TRIBUTARY_TEST_OAUTH_URL, "http://127.0.0.1:<port>"),
//! with POST /token (username=..., issues a token) and POST /revoke (token=...).
inline QString oauthServiceUrl() {
    return qEnvironmentVariable("TRIBUTARY_TEST_OAUTH_URL");
}

} // namespace tributary::test
