#pragma once

// Helpers shared by the IMAP integration tests: building providers on the local
// Dovecot/Postfix accounts and delivering raw messages with `doveadm save`.

#include "Await.h"
#include "TestEnv.h"
#include "imap/ImapProvider.h"
#include "provider/EnvSecretSource.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QUuid>
#include <gtest/gtest.h>
#include <memory>

namespace tributary::test {

//! A provider together with the secret source it reads from (which must outlive it).
struct ImapFixture {
    std::unique_ptr<EnvSecretSource> secrets;
    std::unique_ptr<ImapProvider> provider;
};

inline ImapFixture makeImapProvider(Account account) {
    ImapFixture f;
    f.secrets = std::make_unique<EnvSecretSource>(QList<Account>{account});
    f.provider = std::make_unique<ImapProvider>(account, ProviderContext{f.secrets.get()});
    return f;
}

//! Runs `doveadm -c <test conf> <args>` for `user`'s mailboxes, as another client or the
//! delivery agent would change them, feeding `input` to it. False (and a test failure) if
//! it fails.
inline bool doveadm(const QStringList& args, const QByteArray& input = {}) {
    const QString conf = qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF");
    if (conf.isEmpty()) {
        ADD_FAILURE() << "TRIBUTARY_TEST_DOVECOT_CONF is not set";
        return false;
    }
    QProcess process;
    process.start(QStringLiteral("doveadm"), QStringList{QStringLiteral("-c"), conf} + args);
    if (!process.waitForStarted(10000)) {
        ADD_FAILURE() << "doveadm did not start";
        return false;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        ADD_FAILURE() << "doveadm " << args.join(QLatin1Char(' ')).toStdString()
                      << " failed: " << process.readAllStandardError().toStdString();
        return false;
    }
    return true;
}

//! doveadm arguments "<command> -u <user's address>".
inline QStringList forUser(const QString& command, const QString& user) {
    return command.split(QLatin1Char(' ')) + QStringList{QStringLiteral("-u"), TestEnv::get().address(user)};
}

//! Delivers a raw RFC 5322 message to a user's mailbox synchronously (no SMTP).
inline bool deliverRaw(const QString& user, const QByteArray& raw,
                       const QString& mailbox = QStringLiteral("INBOX")) {
    return doveadm(forUser(QStringLiteral("save"), user) + QStringList{QStringLiteral("-m"), mailbox}, raw);
}

//! A plain text message with a marker in subject and body.
inline QByteArray simpleMessage(const QString& user, const QString& marker, int index) {
    const QByteArray to = TestEnv::get().address(user).toUtf8();
    const QByteArray m = marker.toUtf8();
    QByteArray raw;
    raw += "From: Seeder <seeder@" + TestEnv::get().domain.toUtf8() + ">\r\n";
    raw += "To: " + to + "\r\n";
    raw += "Subject: " + m + " seed " + QByteArray::number(index) + "\r\n";
    raw += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n";
    raw += "Message-ID: <" + m + "." + QByteArray::number(index) + "@seed.test>\r\n";
    raw += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    raw += "Body of " + m + " number " + QByteArray::number(index) + ".\r\n";
    return raw;
}

//! SHA-256 of the DER inside a PEM file, as lowercase hex.
inline QString pemFingerprint(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    QByteArray base64;
    bool inside = false;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.startsWith("-----BEGIN CERTIFICATE"))
            inside = true;
        else if (line.startsWith("-----END CERTIFICATE"))
            break;
        else if (inside)
            base64 += line.trimmed();
    }
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray::fromBase64(base64), QCryptographicHash::Sha256).toHex());
}

inline QString uniqueMarker() {
    return QStringLiteral("mk") + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

//! The folder with this role, or an empty channel.
inline Channel channelWithRole(const QList<Channel>& channels, ChannelRole role) {
    for (const Channel& c : channels) {
        if (c.role == role)
            return c;
    }
    return {};
}

inline Channel channelNamed(const QList<Channel>& channels, const QString& path) {
    for (const Channel& c : channels) {
        if (c.nativeId == path)
            return c;
    }
    return {};
}

//! All messages of a channel whose subject contains the marker (walks every page).
inline QList<Message> messagesWithMarker(Provider& provider, const Channel& channel, const QString& marker) {
    QList<Message> found;
    PageRequest page{100, {}};
    for (int i = 0; i < 100; ++i) {
        auto r = await(provider.listMessages(channel.id, page));
        if (!r || !r->ok()) {
            ADD_FAILURE() << "listMessages failed: " << (r ? r->error().describe().toStdString() : "timeout");
            break;
        }
        for (const Message& m : r->value().messages) {
            if (m.subject.contains(marker))
                found.append(m);
        }
        if (r->value().nextCursor.isEmpty())
            break;
        page.cursor = r->value().nextCursor;
    }
    return found;
}

//! Waits until exactly `count` messages with the marker are in the channel.
inline QList<Message> waitForMarker(Provider& provider, const Channel& channel, const QString& marker,
                                    int count = 1, int timeoutMs = 20000) {
    QList<Message> found;
    waitUntil([&] { return (found = messagesWithMarker(provider, channel, marker)).size() >= count; },
              timeoutMs);
    return found;
}

} // namespace tributary::test
