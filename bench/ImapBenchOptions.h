#pragma once

#include "model/Model.h"

#include <QString>

class QCommandLineParser;

namespace tributary::bench {

//! How the IMAP benchmarks reach the server: the same options for imap-sync and
//! imap-fetch-floor, so both measure the same connection.
struct ImapBenchOptions {
    QString host;
    int port = 0;
    QString user;
    QString passwordEnv;   //!< name of the environment variable holding the password
    bool tls = false;      //!< implicit TLS (IMAPS)
    bool startTls = false; //!< plain connection upgraded with STARTTLS
    QString caCertificate; //!< PEM file trusted in addition to the system store
    QString folder = QStringLiteral("INBOX");
    int pageSize = 0;        //!< imap-sync: envelopes per listMessages page
    bool sequential = false; //!< imap-sync: ask for a page only after threading the previous one

    //! An IMAP account with these settings (plaintext is allowed: the host must be loopback,
    //! which ImapSettings enforces).
    Account account() const;
    //! The password from the environment, or an empty string.
    QByteArray password() const;
};

//! Adds --host, --port, --user, --password-env, --tls, --starttls, --ca-cert, --folder,
//! --page-size, --sequential.
void addImapOptions(QCommandLineParser& parser);

//! The options from a processed parser; an error message (empty when fine) in `error`.
ImapBenchOptions imapOptionsFrom(const QCommandLineParser& parser, QString& error);

} // namespace tributary::bench
