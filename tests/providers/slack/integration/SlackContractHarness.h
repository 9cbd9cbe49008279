#pragma once

// The abstract provider contract's harness for Slack: SlackProvider on the Slack emulator
// behind `prism proxy` (SlackTestBed.h); every provider it makes ends its test without a
// contract violation. Included only by ProviderContractInstances.cpp.

#include "ProviderContractTests.h"
#include "SlackTestBed.h"

namespace tributary::test {

class SlackContractHarness : public ProviderHarness {
public:
    std::unique_ptr<Provider> createProvider() override {
        if (!slackbed::SlackTestBed::available())
            [] {
                TRIBUTARY_REQUIRE_SLACK_EMULATOR();
            }();
        return m_bed.make();
    }
    std::unique_ptr<Provider> createProviderWithBadCredentials() override {
        // invalid_auth is HTTP 200 ok:false, which the description cannot express (its error
        // schema is under `default`): this one talks to the emulator directly.
        return m_bed.make("xoxp-1000000001-1000000002-1000000003-00000000000000000000000000000bad", {}, {},
                          slackbed::SlackRoute::Emulator);
    }
    Channel primaryChannel(const QList<Channel>& channels) override {
        for (const Channel& c : channels)
            if (c.nativeId == slackbed::kSupport)
                return c;
        return {};
    }
    bool seedMessages(int count, const QString& mark) override {
        for (int i = 0; i < count; ++i)
            if (!slackbed::postAs(QStringLiteral("U0BOB00002"), slackbed::kSupport,
                                  QStringLiteral("Seeded %1 number %2").arg(mark).arg(i)))
                return false;
        return true;
    }
    OutgoingMessage outgoing(const QString& mark) override {
        OutgoingMessage out;
        out.kind = SendKind::New;
        out.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        out.channelId = slackbed::channelId(slackbed::kSupport);
        out.text = QStringLiteral("Hello from the contract suite, ") + mark + QStringLiteral(" <b>&</b>");
        return out;
    }

private:
    slackbed::SlackTestBed m_bed;
};

} // namespace tributary::test
