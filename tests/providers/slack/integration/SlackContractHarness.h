#pragma once

// The abstract provider contract's harness for Slack: SlackProvider on the Slack emulator
// behind `prism proxy` (SlackTestBed.h); every provider it makes ends its test without a
// contract violation. Included only by tests/contract/ProviderContractInstances.cpp. Out of
// band is the emulator's control API (/_emulator/post-as, update-as, delete-as, mark-as:
// other members and the user's other devices); faults go to the emulator directly, past
// Prism, because the description cannot express Slack's 429 (see ContractSlack.h).

#include "ProviderHarness.h"
#include "SlackTestBed.h"
#include "slack/SlackMapping.h"

namespace tributary::test {

class SlackContractHarness : public ProviderHarness {
public:
    ~SlackContractHarness() override { releaseAnswers(); }

    //! With the app-level token: push is Socket Mode (polling would take its 10 s and more).
    std::unique_ptr<Provider> createProvider() override {
        if (!slackbed::SlackTestBed::available())
            [] {
                TRIBUTARY_REQUIRE_SLACK_EMULATOR();
            }();
        const SlackTestEnv env = SlackTestEnv::get();
        return m_bed.make(env.userToken, env.appToken);
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
            if (!slackbed::postAs(kBob, slackbed::kSupport,
                                  QStringLiteral("Seeded %1 number %2").arg(mark).arg(i)))
                return false;
        return true;
    }
    bool seedOwnMessage(const QString& mark) override {
        return slackbed::postAs(kAlice, slackbed::kSupport, QStringLiteral("Mine %1").arg(mark));
    }
    OutgoingMessage outgoing(const QString& mark) override {
        OutgoingMessage out;
        out.kind = SendKind::New;
        out.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        out.channelId = slackbed::channelId(slackbed::kSupport);
        out.text = QStringLiteral("Hello from the contract suite, ") + mark + QStringLiteral(" <b>&</b>");
        return out;
    }

    // --- out of band: other members and the user's other devices ------------------------

    bool deleteOutOfBand(const Message& message) override {
        return asAuthor(QStringLiteral("delete-as"), message);
    }
    bool editOutOfBand(const Message& message, const QString& text) override {
        return asAuthor(QStringLiteral("update-as"), message, {{QStringLiteral("text"), text}});
    }
    //! The user read the channel up to this message in another Slack client.
    bool markReadOutOfBand(const Message& message) override {
        QString channel;
        QString ts;
        if (!slack::splitSlackMessageNativeId(message.nativeId, &channel, &ts))
            return false;
        return ok(slackbed::control(QStringLiteral("mark-as"), {{QStringLiteral("user"), kAlice},
                                                                {QStringLiteral("channel"), channel},
                                                                {QStringLiteral("ts"), ts}}));
    }
    bool expireSyncState(const Channel&, QString* whyNot) override {
        *whyNot = QStringLiteral(
            "Slack's sync state is the newest message's timestamp, which the server never invalidates; a gap "
            "longer than syncChanges pages through asks for a reset by itself");
        return false;
    }
    bool pushIsLive(Provider& provider, const QList<Event>&) override {
        auto* slack = qobject_cast<SlackProvider*>(&provider);
        return slack && slack->isSocketModeConnected();
    }

    // --- faults: the emulator directly ------------------------------------------------------

    std::unique_ptr<Provider> createProviderForFaults() override {
        return m_bed.make(slackbed::SlackRoute::Emulator);
    }
    bool rateLimitNextCalls(int count, std::chrono::seconds retryAfter, QString*) override {
        return ok(slackbed::control(QStringLiteral("burst429"),
                                    {{QStringLiteral("method"), QStringLiteral("*")},
                                     {QStringLiteral("count"), QString::number(count)},
                                     {QStringLiteral("retry_after"), QString::number(retryAfter.count())}}));
    }
    bool holdAnswers() override {
        m_holding = ok(slackbed::control(QStringLiteral("hold-answers")));
        return m_holding;
    }
    bool waitForHeldRequest() override {
        return waitUntil(
            [] {
                return slackbed::control(QStringLiteral("state"))
                           .value(QStringLiteral("held_answers"))
                           .toInt() > 0;
            },
            15000);
    }
    void releaseAnswers() override {
        if (m_holding)
            slackbed::control(QStringLiteral("release-answers"));
        m_holding = false;
    }

private:
    static inline const QString kAlice = QStringLiteral("U0ALICE001");
    static inline const QString kBob = QStringLiteral("U0BOB00002");

    static bool ok(const QJsonObject& answer) { return answer.value(QStringLiteral("ok")).toBool(); }

    //! A control call as the message's author (bob seeds, alice writes her own).
    static bool asAuthor(const QString& control, const Message& message,
                         QList<QPair<QString, QString>> extra = {}) {
        QString channel;
        QString ts;
        if (!slack::splitSlackMessageNativeId(message.nativeId, &channel, &ts))
            return false;
        const QString author = message.flags.testFlag(MessageFlag::FromMe) ? kAlice : kBob;
        extra.append({QStringLiteral("user"), author});
        extra.append({QStringLiteral("channel"), channel});
        extra.append({QStringLiteral("ts"), ts});
        return ok(slackbed::control(control, extra));
    }

    slackbed::SlackTestBed m_bed;
    bool m_holding = false;
};

} // namespace tributary::test
