#include "ImapBenchOptions.h"

#include <QCommandLineParser>

namespace tributary::bench {

namespace {
constexpr int kDefaultPageSize = 20000;
}

Account ImapBenchOptions::account() const {
    Account a;
    a.id = QStringLiteral("bench");
    a.providerId = QStringLiteral("imap");
    a.displayName = user;
    QString security = QStringLiteral("none");
    if (tls)
        security = QStringLiteral("tls");
    else if (startTls)
        security = QStringLiteral("starttls");
    a.settings = {
        {QStringLiteral("imapHost"), host},           {QStringLiteral("imapPort"), port},
        {QStringLiteral("imapSecurity"), security},   {QStringLiteral("allowPlaintext"), !tls && !startTls},
        {QStringLiteral("username"), user},           {QStringLiteral("emailAddress"), user},
        {QStringLiteral("passwordEnv"), passwordEnv},
    };
    if (!caCertificate.isEmpty())
        a.settings.insert(QStringLiteral("caCertificate"), caCertificate);
    return a;
}

QByteArray ImapBenchOptions::password() const {
    return qgetenv(passwordEnv.toLocal8Bit().constData());
}

void addImapOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("host"), QStringLiteral("IMAP server (loopback unless TLS)."),
                      QStringLiteral("H"), QStringLiteral("127.0.0.1")});
    parser.addOption({QStringLiteral("port"), QStringLiteral("IMAP port."), QStringLiteral("P")});
    parser.addOption({QStringLiteral("user"), QStringLiteral("Login name."), QStringLiteral("U")});
    parser.addOption({QStringLiteral("password-env"),
                      QStringLiteral("Environment variable that holds the password."),
                      QStringLiteral("VAR")});
    parser.addOption({QStringLiteral("tls"), QStringLiteral("Implicit TLS (IMAPS).")});
    parser.addOption(
        {QStringLiteral("starttls"), QStringLiteral("Upgrade the plain connection with STARTTLS.")});
    parser.addOption(
        {QStringLiteral("ca-cert"), QStringLiteral("PEM certificate to trust."), QStringLiteral("PEM")});
    parser.addOption({QStringLiteral("folder"), QStringLiteral("Folder to list."), QStringLiteral("F"),
                      QStringLiteral("INBOX")});
    parser.addOption({QStringLiteral("page-size"),
                      QStringLiteral("imap-sync: envelopes per listMessages page."), QStringLiteral("N"),
                      QString::number(kDefaultPageSize)});
    parser.addOption({QStringLiteral("sequential"),
                      QStringLiteral("imap-sync: request each page only after threading the previous one "
                                     "(default: the next page is fetched while this one is threaded).")});
}

ImapBenchOptions imapOptionsFrom(const QCommandLineParser& parser, QString& error) {
    ImapBenchOptions o;
    o.host = parser.value(QStringLiteral("host"));
    o.port = parser.value(QStringLiteral("port")).toInt();
    o.user = parser.value(QStringLiteral("user"));
    o.passwordEnv = parser.value(QStringLiteral("password-env"));
    o.tls = parser.isSet(QStringLiteral("tls"));
    o.startTls = parser.isSet(QStringLiteral("starttls"));
    o.caCertificate = parser.value(QStringLiteral("ca-cert"));
    o.folder = parser.value(QStringLiteral("folder"));
    o.pageSize = parser.value(QStringLiteral("page-size")).toInt();
    o.sequential = parser.isSet(QStringLiteral("sequential"));
    if (o.host.isEmpty() || o.port <= 0 || o.port > 65535)
        error = QStringLiteral("--host and --port (1..65535) are required");
    else if (o.user.isEmpty() || o.passwordEnv.isEmpty())
        error = QStringLiteral("--user and --password-env are required");
    else if (o.password().isEmpty())
        error = QStringLiteral("the variable named by --password-env is empty or unset");
    else if (o.tls && o.startTls)
        error = QStringLiteral("--tls and --starttls exclude each other");
    else if (o.folder.isEmpty())
        error = QStringLiteral("--folder must not be empty");
    else if (o.pageSize <= 0)
        error = QStringLiteral("--page-size must be positive");
    return o;
}

} // namespace tributary::bench
