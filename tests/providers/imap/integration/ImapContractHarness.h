#pragma once

// The abstract provider contract's harness for IMAP: the local Dovecot (IMAP) and Postfix
// (SMTP). Included only by tests/contract/ProviderContractInstances.cpp, which instantiates
// the suite once for every provider. Out of band is `doveadm` (another client of the same
// mailbox, the server's admin); faults go through a TcpProxy in front of Dovecot.

#include "ImapTestSupport.h"
#include "ProviderHarness.h"
#include "TcpProxy.h"
#include "imap/ImapIds.h"

#include <QProcess>
#include <QRegularExpression>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace tributary::test {

class ImapContractHarness : public ProviderHarness {
public:
    ~ImapContractHarness() override { releaseAnswers(); }

    explicit ImapContractHarness(QString user)
        : m_user(std::move(user)) {}

    std::unique_ptr<Provider> createProvider() override {
        ensureServers();
        ImapFixture f = makeImapProvider(TestEnv::get().imapAccount(m_user));
        m_secrets.push_back(std::move(f.secrets));
        return std::move(f.provider);
    }

    std::unique_ptr<Provider> createProviderWithBadCredentials() override {
        // The account names a variable that holds a wrong password.
        qputenv("TRIBUTARY_TEST_WRONG_PASSWORD", "definitely-not-the-password");
        Account account = TestEnv::get().imapAccount(m_user);
        account.settings.insert(QStringLiteral("passwordEnv"),
                                QStringLiteral("TRIBUTARY_TEST_WRONG_PASSWORD"));
        ImapFixture f = makeImapProvider(account);
        m_secrets.push_back(std::move(f.secrets));
        return std::move(f.provider);
    }

    Channel primaryChannel(const QList<Channel>& channels) override {
        return channelWithRole(channels, ChannelRole::Inbox);
    }

    bool seedMessages(int count, const QString& marker) override {
        for (int i = 0; i < count; ++i) {
            if (!deliverRaw(m_user, simpleMessage(m_user, marker, i)))
                return false;
        }
        return true;
    }

    bool waitForDeliveries() override { return TestEnv::get().waitForMailQueueEmpty(); }

    // --- out of band: doveadm acts on the mailbox as another client would ----------------

    bool deleteOutOfBand(const Message& message) override {
        const std::optional<imap::MessageRef> ref = refOf(message);
        return ref && doveadm(forUser(QStringLiteral("expunge"), m_user) + byUid(*ref));
    }

    bool markReadOutOfBand(const Message& message) override {
        const std::optional<imap::MessageRef> ref = refOf(message);
        return ref && doveadm(forUser(QStringLiteral("flags add"), m_user) +
                              QStringList{QStringLiteral("\\Seen")} + byUid(*ref));
    }

    //! Mail cannot change in place: another client (a draft saved again, a rule rewriting a
    //! message) stores an edited copy under the same Message-ID and expunges the old one.
    bool editOutOfBand(const Message& message, const QString& text) override {
        const std::optional<imap::MessageRef> ref = refOf(message);
        if (!ref)
            return false;
        QByteArray raw;
        raw += "From: Seeder <seeder@" + TestEnv::get().domain.toUtf8() + ">\r\n";
        raw += "To: " + TestEnv::get().address(m_user).toUtf8() + "\r\n";
        raw += "Subject: " + message.subject.toUtf8() + "\r\n";
        raw += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n";
        raw += "Message-ID: <" + message.messageIdHeader.toUtf8() + ">\r\n";
        raw += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
        raw += text.toUtf8() + "\r\n";
        return deliverRaw(m_user, raw, ref->folder) && deleteOutOfBand(message);
    }

    //! A folder rebuilt or restored from a backup gets a new UIDVALIDITY (RFC 3501 2.3.1.1):
    //! every UID handed out before means nothing.
    bool expireSyncState(const Channel& channel, QString* whyNot) override {
        const std::optional<quint32> now = uidValidity(channel.nativeId);
        if (!now) {
            *whyNot =
                QStringLiteral("doveadm mailbox status did not tell the UIDVALIDITY of ") + channel.nativeId;
            return false;
        }
        return doveadm(
            forUser(QStringLiteral("mailbox update"), m_user) +
            QStringList{QStringLiteral("--uid-validity"), QString::number(*now + 1), channel.nativeId});
    }

    Channel moveTarget(const QList<Channel>& channels) override {
        return channelWithRole(channels, ChannelRole::Archive);
    }

    //! A fresh IDLE connection announces its folder once (ChannelChanged) when it is open.
    bool pushIsLive(Provider&, const QList<Event>& events) override {
        for (const Event& e : events)
            if (e.kind == EventKind::ChannelChanged)
                return true;
        return false;
    }

    // --- faults: a proxy in front of Dovecot ---------------------------------------------

    std::unique_ptr<Provider> createProviderForFaults() override {
        ensureServers();
        if (!m_proxy)
            m_proxy = std::make_unique<TcpProxy>(TestEnv::get().host, quint16(TestEnv::get().imapPort));
        Account account = TestEnv::get().imapAccount(m_user);
        account.settings.insert(QStringLiteral("imapPort"), m_proxy->port());
        ImapFixture f = makeImapProvider(account);
        m_secrets.push_back(std::move(f.secrets));
        return std::move(f.provider);
    }

    bool rateLimitNextCalls(int, std::chrono::seconds, QString* whyNot) override {
        *whyNot =
            QStringLiteral("IMAP has no rate-limit answer: a server slows down or refuses logins, which "
                           "the network and sign-in cases cover");
        return false;
    }

    //! Nothing passes the proxy either way: the request waits in it, as in a frozen server.
    bool holdAnswers() override {
        if (!m_proxy)
            return false;
        m_uploadedBeforeHold = m_proxy->bytesUp();
        m_proxy->setBlackHole(true);
        return true;
    }
    bool waitForHeldRequest() override {
        return m_proxy && waitUntil([this] { return m_proxy->bytesUp() > m_uploadedBeforeHold; }, 15000);
    }
    void releaseAnswers() override {
        if (m_proxy)
            m_proxy->setBlackHole(false);
    }
    OutgoingMessage outgoing(const QString& marker) override {
        OutgoingMessage out;
        out.kind = SendKind::New;
        out.clientId = QStringLiteral("contract-") + marker;
        out.to = {Participant{TestEnv::get().address(m_user), QStringLiteral("Self"), {}}};
        out.subject = QStringLiteral("Outgoing ") + marker;
        out.text = QStringLiteral("Hello from the contract suite, ") + marker + QStringLiteral(".");
        return out;
    }

private:
    static std::optional<imap::MessageRef> refOf(const Message& message) {
        std::optional<imap::MessageRef> ref = imap::MessageRef::fromNativeId(message.nativeId);
        if (!ref)
            ADD_FAILURE() << "not an IMAP message: " << message.nativeId.toStdString();
        return ref;
    }

    //! doveadm's search query for one message.
    static QStringList byUid(const imap::MessageRef& ref) {
        return {QStringLiteral("mailbox"), ref.folder, QStringLiteral("uid"), QString::number(ref.uid)};
    }

    std::optional<quint32> uidValidity(const QString& folder) const {
        QProcess process;
        process.start(QStringLiteral("doveadm"),
                      QStringList{QStringLiteral("-c"), qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF")} +
                          forUser(QStringLiteral("mailbox status"), m_user) +
                          QStringList{QStringLiteral("uidvalidity"), folder});
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return std::nullopt;
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("uidvalidity=(\\d+)"))
                                              .match(QString::fromUtf8(process.readAllStandardOutput()));
        if (!m.hasMatch())
            return std::nullopt;
        return m.captured(1).toUInt();
    }

    static void ensureServers() {
        if (!TestEnv::get().available())
            ADD_FAILURE() << "Local mail servers are not running: run the suite with ./tools/test, or source "
                             "build/testenv/env.sh after ./tools/sandbox start.";
    }

    QString m_user;
    std::unique_ptr<TcpProxy> m_proxy;
    qint64 m_uploadedBeforeHold = 0;
    // Providers read their secrets through these; they outlive every provider made here.
    std::vector<std::unique_ptr<EnvSecretSource>> m_secrets;
};

} // namespace tributary::test
