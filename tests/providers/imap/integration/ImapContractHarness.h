#pragma once

// The abstract provider contract's harness for IMAP: the local Dovecot (IMAP) and Postfix
// (SMTP). Included only by ProviderContractInstances.cpp, which instantiates the suite once
// for every provider.

#include "ImapTestSupport.h"
#include "ProviderContractTests.h"

#include <memory>
#include <utility>
#include <vector>

namespace tributary::test {

class ImapContractHarness : public ProviderHarness {
public:
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
    static void ensureServers() {
        if (!TestEnv::get().available())
            ADD_FAILURE() << "Local mail servers are not running: run the suite with ./tools/test, or source "
                             "build/testenv/env.sh after ./tools/sandbox start.";
    }

    QString m_user;
    // Providers read their secrets through these; they outlive every provider made here.
    std::vector<std::unique_ptr<EnvSecretSource>> m_secrets;
};

} // namespace tributary::test
