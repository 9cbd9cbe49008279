// How a password account signs in to IMAP: with LOGIN where the server allows it (vmime then
// leaves the connection unwrapped; after SASL it copies every byte through a SASL layer),
// with SASL PLAIN where the server advertises LOGINDISABLED, and not at all when the server
// forbids LOGIN and offers no mechanism: then no password leaves the machine. Dovecot on
// loopback never advertises LOGINDISABLED, so a proxy in front of it adds the capability
// (and can hide AUTH=) in what Dovecot says, and records what the client sends.

#include "ImapTestSupport.h"
#include "accounts/MemorySecretSource.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <memory>
#include <vector>

namespace tributary::test {

namespace {

//! A loopback proxy to Dovecot's plain IMAP port that edits the capability lists the server
//! sends (greeting, CAPABILITY responses, the OK of LOGIN/AUTHENTICATE) and keeps every byte
//! the client sent. Runs on the test thread: the test's event loop pumps it while it waits.
class CapabilityProxy {
public:
    struct Edit {
        bool addLoginDisabled = false;
        bool hideAuthMechanisms = false;
    };

    CapabilityProxy(quint16 targetPort, Edit edit)
        : m_targetPort(targetPort)
        , m_edit(edit) {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }

    quint16 port() const { return m_server.serverPort(); }
    //! Everything every client sent, in order.
    const QByteArray& clientBytes() const { return m_fromClients; }

    //! The command names the client sent ("LOGIN", "AUTHENTICATE" ...), in order.
    QByteArrayList commands() const {
        QByteArrayList out;
        for (const QByteArray& line : m_fromClients.split('\n')) {
            const QByteArrayList words = line.trimmed().split(' ');
            if (words.size() >= 2)
                out.append(words.at(1).toUpper());
        }
        return out;
    }

private:
    struct Pipe {
        std::unique_ptr<QTcpSocket> client;
        std::unique_ptr<QTcpSocket> upstream;
        QByteArray pending; //!< server bytes after the last complete line
    };

    QByteArray edited(QByteArray line) const {
        const qsizetype at = line.indexOf("CAPABILITY ");
        if (at < 0)
            return line;
        // Only the capability list itself: up to ']' in a response code, else the line end.
        const qsizetype start = at + qsizetype(qstrlen("CAPABILITY "));
        qsizetype end = line.indexOf(']', start);
        if (end < 0)
            end = line.indexOf('\r', start) >= 0 ? line.indexOf('\r', start) : line.size();
        QByteArrayList caps = line.mid(start, end - start).split(' ');
        if (m_edit.hideAuthMechanisms)
            caps.removeIf([](const QByteArray& c) { return c.toUpper().startsWith("AUTH="); });
        if (m_edit.addLoginDisabled)
            caps.append("LOGINDISABLED");
        return line.left(start) + caps.join(' ') + line.mid(end);
    }

    void accept() {
        while (QTcpSocket* accepted = m_server.nextPendingConnection()) {
            auto pipe = std::make_unique<Pipe>();
            pipe->client.reset(accepted);
            accepted->setParent(nullptr);
            pipe->upstream = std::make_unique<QTcpSocket>();
            Pipe* p = pipe.get();
            QObject::connect(p->client.get(), &QTcpSocket::readyRead, p->upstream.get(), [this, p] {
                const QByteArray bytes = p->client->readAll();
                m_fromClients += bytes;
                p->upstream->write(bytes);
            });
            QObject::connect(p->upstream.get(), &QTcpSocket::readyRead, p->client.get(), [this, p] {
                p->pending += p->upstream->readAll();
                const qsizetype last = p->pending.lastIndexOf('\n');
                if (last < 0)
                    return;
                QByteArray out;
                for (const QByteArray& line : p->pending.left(last + 1).split('\n')) {
                    if (!line.isEmpty())
                        out += edited(line) + '\n';
                }
                p->pending.remove(0, last + 1);
                p->client->write(out);
            });
            QObject::connect(p->client.get(), &QTcpSocket::disconnected, p->upstream.get(),
                             [p] { p->upstream->disconnectFromHost(); });
            QObject::connect(p->upstream.get(), &QTcpSocket::disconnected, p->client.get(),
                             [p] { p->client->disconnectFromHost(); });
            p->upstream->connectToHost(TestEnv::get().host, m_targetPort);
            m_pipes.push_back(std::move(pipe));
        }
    }

    QTcpServer m_server;
    quint16 m_targetPort;
    Edit m_edit;
    QByteArray m_fromClients;
    std::vector<std::unique_ptr<Pipe>> m_pipes;
};

//! Alice's account on the proxy, unencrypted (allowed: loopback), signing in with `password`.
struct ProxiedAccount {
    Account account;
    std::unique_ptr<MemorySecretSource> secrets;
    std::unique_ptr<ImapProvider> provider;
};

ProxiedAccount proxiedAccount(quint16 port, const QByteArray& password) {
    ProxiedAccount out;
    out.account = TestEnv::get().imapAccount(QStringLiteral("alice"));
    out.account.id = QStringLiteral("signin-") + uniqueMarker();
    out.account.settings.insert(QStringLiteral("imapPort"), port);
    out.account.settings.insert(QStringLiteral("imapSecurity"), QStringLiteral("none"));
    out.account.settings.insert(QStringLiteral("allowPlaintext"), true);
    out.secrets = std::make_unique<MemorySecretSource>(out.account.id, QStringLiteral("password"), password);
    out.provider = std::make_unique<ImapProvider>(out.account, ProviderContext{out.secrets.get()});
    return out;
}

QByteArray testPassword() {
    return TestEnv::get().password.toUtf8();
}

std::string describe(const std::optional<Result<void>>& r) {
    return r ? (r->ok() ? std::string("ok") : r->error().describe().toStdString()) : std::string("timeout");
}

} // namespace

TEST(ImapSignInTest, PasswordAccountSignsInWithLoginWhereAllowed) {
    TRIBUTARY_REQUIRE_SERVERS();
    CapabilityProxy proxy(quint16(TestEnv::get().imapPort), {});
    ProxiedAccount a = proxiedAccount(proxy.port(), testPassword());
    const auto connected = await(a.provider->connectAccount());
    ASSERT_TRUE(connected && connected->ok()) << describe(connected);
    const QByteArrayList commands = proxy.commands();
    EXPECT_TRUE(commands.contains("LOGIN")) << commands.join(' ').toStdString();
    EXPECT_FALSE(commands.contains("AUTHENTICATE")) << commands.join(' ').toStdString();

    // The unwrapped connection carries a real listing.
    const auto channels = await(a.provider->listChannels());
    ASSERT_TRUE(channels && channels->ok());
    const Channel inbox = channelWithRole(channels->value(), ChannelRole::Inbox);
    ASSERT_FALSE(inbox.id.isEmpty());
    const auto page = await(a.provider->listMessages(inbox.id, PageRequest{5, {}}));
    ASSERT_TRUE(page && page->ok()) << (page ? page->error().describe().toStdString() : "timeout");
}

TEST(ImapSignInTest, LoginDisabledMeansSaslAndNeverLogin) {
    TRIBUTARY_REQUIRE_SERVERS();
    CapabilityProxy proxy(quint16(TestEnv::get().imapPort), {true, false});
    ProxiedAccount a = proxiedAccount(proxy.port(), testPassword());
    const auto connected = await(a.provider->connectAccount());
    ASSERT_TRUE(connected && connected->ok()) << describe(connected);
    const QByteArrayList commands = proxy.commands();
    EXPECT_TRUE(commands.contains("AUTHENTICATE")) << commands.join(' ').toStdString();
    EXPECT_FALSE(commands.contains("LOGIN")) << commands.join(' ').toStdString();
}

TEST(ImapSignInTest, LoginDisabledWithoutMechanismsSendsNoPassword) {
    TRIBUTARY_REQUIRE_SERVERS();
    CapabilityProxy proxy(quint16(TestEnv::get().imapPort), {true, true});
    ProxiedAccount a = proxiedAccount(proxy.port(), testPassword());
    const auto connected = await(a.provider->connectAccount());
    ASSERT_TRUE(connected.has_value());
    ASSERT_FALSE(connected->ok());
    EXPECT_EQ(connected->error().code, QStringLiteral("login_disabled")) << describe(connected);
    EXPECT_EQ(connected->error().kind, ErrorKind::Invalid);
    const QByteArrayList commands = proxy.commands();
    EXPECT_FALSE(commands.contains("LOGIN")) << commands.join(' ').toStdString();
    EXPECT_FALSE(commands.contains("AUTHENTICATE")) << commands.join(' ').toStdString();
    EXPECT_FALSE(proxy.clientBytes().contains(testPassword()));
}

TEST(ImapSignInTest, WrongPasswordIsRefusedOnceAsAuthError) {
    TRIBUTARY_REQUIRE_SERVERS();
    CapabilityProxy proxy(quint16(TestEnv::get().imapPort), {});
    ProxiedAccount a = proxiedAccount(proxy.port(), QByteArrayLiteral("not-the-password"));
    const auto connected = await(a.provider->connectAccount());
    ASSERT_TRUE(connected.has_value());
    ASSERT_FALSE(connected->ok());
    EXPECT_EQ(connected->error().kind, ErrorKind::Auth) << describe(connected);
    const QByteArrayList commands = proxy.commands();
    EXPECT_EQ(commands.count("LOGIN"), 1) << commands.join(' ').toStdString();
    EXPECT_FALSE(commands.contains("AUTHENTICATE")) << commands.join(' ').toStdString();
}

TEST(ImapSignInTest, NonAsciiPasswordGoesThroughSaslNotLogin) {
    TRIBUTARY_REQUIRE_SERVERS();
    // LOGIN cannot carry 8-bit text as vmime writes it; SASL PLAIN carries UTF-8. The test
    // user's password is ASCII, so this one is refused, through SASL only.
    CapabilityProxy proxy(quint16(TestEnv::get().imapPort), {});
    ProxiedAccount a = proxiedAccount(proxy.port(), QByteArrayLiteral("p\xc3\xa4sswort"));
    const auto connected = await(a.provider->connectAccount());
    ASSERT_TRUE(connected.has_value());
    ASSERT_FALSE(connected->ok());
    EXPECT_EQ(connected->error().kind, ErrorKind::Auth) << describe(connected);
    const QByteArrayList commands = proxy.commands();
    EXPECT_TRUE(commands.contains("AUTHENTICATE")) << commands.join(' ').toStdString();
    EXPECT_FALSE(commands.contains("LOGIN")) << commands.join(' ').toStdString();
}

} // namespace tributary::test
