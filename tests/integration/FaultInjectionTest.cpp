// The fault-injection suite (issue 12, section 5): a TCP fault proxy (TcpProxy.h) between the
// app's components and each real peer (Dovecot, Postfix, the Slack emulator, the OAuth server),
// every fault against every peer:
//   latency 400 ms, a reset in the middle of an answer, a black hole, a 16 KiB/s line, the
//   server half-closing in the middle of an answer.
// For each: no crash; nothing lost or duplicated (every message once, a token never dropped);
// a status that tells the truth while the fault lasts; recovery once it ends, within the
// backoff limits (waited for as events, with deadlines derived from those limits, never
// measured). The outcomes are tabulated in docs/RELIABILITY.md, "Fault injection".

#include "ContractSlack.h"
#include "ImapTestSupport.h"
#include "ScriptedBrowser.h"
#include "SlackTestBed.h"
#include "TcpProxy.h"
#include "auth/OAuthFlow.h"
#include "auth/TokenRefresher.h"
#include "auth/TokenStore.h"
#include "compose/Outbox.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "net/SystemClock.h"
#include "sync/SyncController.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QUrl>
#include <functional>

namespace tributary::test {

namespace {

enum class Fault { Latency, Reset, BlackHole, Throttle, HalfClose };
enum class Peer { Dovecot, Postfix, Slack, OAuth };

const char* name(Fault f) {
    switch (f) {
    case Fault::Latency:
        return "Latency";
    case Fault::Reset:
        return "ResetMidAnswer";
    case Fault::BlackHole:
        return "BlackHole";
    case Fault::Throttle:
        return "Throttle";
    case Fault::HalfClose:
        return "HalfClose";
    }
    return "?";
}

const char* name(Peer p) {
    switch (p) {
    case Peer::Dovecot:
        return "Dovecot";
    case Peer::Postfix:
        return "Postfix";
    case Peer::Slack:
        return "SlackEmulator";
    case Peer::OAuth:
        return "OAuthServer";
    }
    return "?";
}

//! Faults under which no answer can complete: the app must say so, then recover.
bool blocks(Fault f) {
    return f == Fault::Reset || f == Fault::BlackHole || f == Fault::HalfClose;
}

// Timing of the components under test (short, so the suite runs in minutes).
constexpr int kResponseTimeoutS = 3; //!< IMAP, SMTP, Slack, OAuth: silence before "lost"
constexpr int kReconnectMinMs = 200; //!< SyncController back-off
constexpr int kReconnectMaxMs = 2000;
constexpr auto kRetryBase = std::chrono::milliseconds(200); //!< Outbox back-off
constexpr auto kRetryCap = std::chrono::milliseconds(2000);
//! Recovery must come within one back-off ceiling plus one timeout after the fault ends; the
//! deadline gives that several times over (a loaded CI machine), and fails only if it never comes.
constexpr int kRecoveryDeadlineMs = 8 * (kReconnectMaxMs + kResponseTimeoutS * 1000) + 20000;
//! Under a blocking fault the status must leave "fine" within a timeout and a back-off.
constexpr int kTroubleDeadlineMs = 6 * (kReconnectMaxMs + kResponseTimeoutS * 1000) + 10000;

void apply(TcpProxy& proxy, Fault fault, qint64 cutAfter) {
    switch (fault) {
    case Fault::Latency:
        proxy.setLatency(std::chrono::milliseconds(400));
        break;
    case Fault::Reset:
        proxy.resetAnswersAfter(cutAfter);
        break;
    case Fault::BlackHole:
        proxy.setBlackHole(true);
        break;
    case Fault::Throttle:
        proxy.setThrottle(16 * 1024);
        break;
    case Fault::HalfClose:
        proxy.halfCloseAnswersAfter(cutAfter);
        break;
    }
}

//! "Reconnecting": the account says why and when it tries again (AccountStatus).
bool isReconnecting(const AccountStatus& s) {
    return (s.state == AccountState::Reconnecting || s.state == AccountState::Offline) &&
           !s.reason.isEmpty() && s.nextAttempt.isValid();
}

QString describe(const AccountStatus& s) {
    QString text = toString(s.state);
    if (!s.reason.isEmpty())
        text += QStringLiteral(" (") + s.reason + QLatin1Char(')');
    if (s.nextAttempt.isValid())
        text +=
            QStringLiteral(", next try in %1 ms").arg(QDateTime::currentDateTimeUtc().msecsTo(s.nextAttempt));
    return text;
}

QString outboxText(const std::optional<OutboxEntry>& e) {
    if (!e)
        return QStringLiteral("sent");
    static const char* const names[] = {"pending", "sending", "sent", "failed", "may have been sent"};
    return QString::fromLatin1(names[int(e->state)]) +
           (e->detail.isEmpty() ? QString() : QStringLiteral(": ") + e->detail);
}

//! One peer's piece of the app, driven through the proxy.
class Scenario {
public:
    virtual ~Scenario() = default;
    //! Where the proxy goes, and how many answer bytes pass before a cut.
    virtual quint16 targetPort() const = 0;
    virtual qint64 cutAfter() const = 0;
    //! Starts the work (a sync, a send, a refresh) through the proxy on `port`.
    virtual void start(quint16 port) = 0;
    //! The status tells of trouble (for a blocking fault), as the user would read it.
    virtual bool reportsTrouble() = 0;
    //! The work is done (and the status says all is well).
    virtual bool done() = 0;
    //! Nothing lost, nothing twice (gtest expectations).
    virtual void expectExactlyOnce() = 0;
    virtual QString status() const = 0;
};

// --- Dovecot: a folder synced by the SyncController -----------------------------------------

class DovecotScenario : public Scenario {
public:
    DovecotScenario() {
        folder = QStringLiteral("Faults-") + uniqueMarker();
        marker = uniqueMarker();
        EXPECT_TRUE(doveadm(forUser(QStringLiteral("mailbox create"), kUser) + QStringList{folder}));
        for (int i = 0; i < kMessages; ++i) {
            // Long subjects: one page of envelopes is well past the cut.
            QByteArray raw = simpleMessage(kUser, marker, i);
            raw.replace("Subject: ", "Subject: " + QByteArray(160, 'x') + " ");
            EXPECT_TRUE(deliverRaw(kUser, raw, folder));
        }
    }
    quint16 targetPort() const override { return quint16(TestEnv::get().imapPort); }
    qint64 cutAfter() const override { return 6000; }
    void start(quint16 port) override {
        account = TestEnv::get().imapAccount(kUser);
        account.settings.insert(QStringLiteral("imapPort"), port);
        account.settings.insert(QStringLiteral("responseTimeoutSeconds"), kResponseTimeoutS);
        fixture = makeImapProvider(account);
        SyncController::Options options;
        options.firstPageSize = kMessages;
        options.pageSize = kMessages;
        options.backfillLimit = kMessages;
        options.reconnectMinMs = kReconnectMinMs;
        options.reconnectMaxMs = kReconnectMaxMs;
        sync = std::make_unique<SyncController>(&store, nullptr, options);
        sync->addProvider(fixture.provider.get());
        sync->openChannel(makeId(IdKind::Channel, account.id, folder));
        sync->start();
    }
    bool reportsTrouble() override { return isReconnecting(sync->status(account.id)); }
    bool done() override {
        return loaded() == kMessages && sync->status(account.id).state == AccountState::Live;
    }
    void expectExactlyOnce() override {
        EXPECT_EQ(loaded(), kMessages);
        QSet<QString> ids;
        for (const Thread& t : store.threads())
            ids.unite(QSet<QString>(t.messageIds.begin(), t.messageIds.end()));
        int mine = 0;
        for (const QString& id : std::as_const(ids)) {
            const auto m = store.message(id);
            mine += m && m->subject.contains(marker) ? 1 : 0;
        }
        EXPECT_EQ(mine, kMessages) << "each message once";
    }
    QString status() const override { return describe(sync->status(account.id)); }

private:
    int loaded() const {
        int n = 0;
        for (const Thread& t : store.threads())
            n += t.subject.contains(marker) ? int(t.messageIds.size()) : 0;
        return n;
    }
    static constexpr int kMessages = 40;
    const QString kUser = QStringLiteral("carol");
    QString folder;
    QString marker;
    Account account;
    ImapFixture fixture;
    InboxStore store;
    std::unique_ptr<SyncController> sync;
};

// --- Postfix: a message sent through the Outbox ---------------------------------------------

class PostfixScenario : public Scenario {
public:
    quint16 targetPort() const override { return quint16(TestEnv::get().smtpPort); }
    qint64 cutAfter() const override { return 2300; }
    void start(quint16 port) override {
        Account account = TestEnv::get().imapAccount(QStringLiteral("carol"));
        account.settings.insert(QStringLiteral("smtpPort"), port);
        account.settings.insert(QStringLiteral("responseTimeoutSeconds"), kResponseTimeoutS);
        fixture = makeImapProvider(account);
        Outbox::Options options;
        options.maxAttempts = 1000; // keeps trying while the fault lasts
        options.retry.baseDelay = kRetryBase;
        options.retry.maxDelay = kRetryCap;
        outbox =
            std::make_unique<Outbox>([this](const QString&) -> Provider* { return fixture.provider.get(); },
                                     SystemClock::shared(), options);
        clientId = uniqueMarker();
        OutgoingMessage m;
        m.clientId = clientId;
        m.from = Participant{TestEnv::get().address(QStringLiteral("carol")), {}, {}};
        m.to = {Participant{TestEnv::get().address(QStringLiteral("bob")), {}, {}}};
        m.subject = QStringLiteral("Through the fault ") + clientId;
        m.text = QString(40'000, QLatin1Char('f'));
        outbox->enqueue(account.id, m);
    }
    bool reportsTrouble() override {
        const auto e = outbox->entry(clientId);
        // Waiting for a retry, saying why and when; or, if the answer to the end of the
        // message was what got lost, "may have been sent".
        return e &&
               ((e->state == OutboxState::Pending && e->detail.startsWith(QStringLiteral("Retrying in"))) ||
                e->state == OutboxState::Uncertain);
    }
    bool done() override {
        const auto e = outbox->entry(clientId);
        if (e && e->state == OutboxState::Uncertain && deliveries() == 1) {
            // The user looks, finds it arrived, and says so.
            outbox->confirmSent(clientId);
            return false;
        }
        return !e;
    }
    void expectExactlyOnce() override {
        EXPECT_TRUE(waitUntil([&] { return deliveries() == 1; }, 20000));
        EXPECT_EQ(deliveries(), 1) << "delivered exactly once";
    }
    QString status() const override { return outboxText(outbox->entry(clientId)); }

private:
    int deliveries() const {
        QProcess process;
        process.start(QStringLiteral("doveadm"),
                      QStringList{QStringLiteral("-c"), qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF")} +
                          forUser(QStringLiteral("search"), QStringLiteral("bob")) +
                          QStringList{QStringLiteral("mailbox"), QStringLiteral("INBOX"),
                                      QStringLiteral("header"), QStringLiteral("Message-ID"),
                                      QStringLiteral("<%1@%2>").arg(clientId, TestEnv::get().domain)});
        process.waitForFinished(30000);
        return int(QString::fromUtf8(process.readAllStandardOutput())
                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                       .size());
    }
    ImapFixture fixture;
    std::unique_ptr<Outbox> outbox;
    QString clientId;
};

// --- the Slack emulator: channels synced and a post through the Outbox --------------------------

class SlackScenario : public Scenario {
public:
    SlackScenario() {
        // Real Slack does not drop a repeated client_msg_id: neither does the emulator here,
        // so a double post would show as two messages.
        slackbed::control(QStringLiteral("config"),
                          {{QStringLiteral("dedupe_client_msg_id"), QStringLiteral("false")}});
    }
    quint16 targetPort() const override { return quint16(SlackTestEnv::get().emulator.port()); }
    qint64 cutAfter() const override { return 120; }
    void start(quint16 port) override {
        QUrl base = SlackTestEnv::get().emulator;
        base.setPort(port);
        provider = bed.make(SlackTestEnv::get().userToken, {},
                            {{slack::SlackSettingKey::ApiBaseUrl, base.toString()},
                             {QStringLiteral("requestTimeoutSeconds"), kResponseTimeoutS}},
                            slackbed::SlackRoute::Emulator);
        SyncController::Options options;
        options.firstPageSize = 20;
        options.backfillLimit = 20;
        options.reconnectMinMs = kReconnectMinMs;
        options.reconnectMaxMs = kReconnectMaxMs;
        sync = std::make_unique<SyncController>(&store, nullptr, options);
        sync->addProvider(provider.get());
        sync->start();
        Outbox::Options outboxOptions;
        outboxOptions.maxAttempts = 1000;
        outboxOptions.retry.baseDelay = kRetryBase;
        outboxOptions.retry.maxDelay = kRetryCap;
        outbox = std::make_unique<Outbox>([this](const QString&) -> Provider* { return provider.get(); },
                                          SystemClock::shared(), outboxOptions);
        text = QStringLiteral("Through the fault ") + slackbed::marker();
        OutgoingMessage m;
        m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m.channelId = slackbed::channelId(slackbed::kSupport);
        m.text = text;
        clientId = outbox->enqueue(slackbed::kAccount, m);
    }
    bool reportsTrouble() override {
        // The account says it is reconnecting; the post waits (for its retry, or on a try of its
        // own that has not come back) and never claims to be sent.
        const auto e = outbox->entry(clientId);
        const bool sendWaits =
            e && ((e->state == OutboxState::Pending && e->detail.startsWith(QStringLiteral("Retrying in"))) ||
                  (e->state == OutboxState::Sending && e->attempts > 1));
        return isReconnecting(sync->status(slackbed::kAccount)) && sendWaits;
    }
    bool done() override {
        return !outbox->entry(clientId) && sync->status(slackbed::kAccount).state == AccountState::Live;
    }
    void expectExactlyOnce() override {
        // Counted on the emulator itself, past the proxy.
        auto direct = bed.make(slackbed::SlackRoute::Emulator);
        auto page =
            await(direct->listMessages(slackbed::channelId(slackbed::kSupport), PageRequest{50, {}}), 30000);
        ASSERT_TRUE(page && page->ok());
        int n = 0;
        for (const Message& m : page->value().messages)
            n += m.snippet.contains(text) ? 1 : 0;
        EXPECT_EQ(n, 1) << "posted exactly once";
    }
    QString status() const override {
        const auto e = outbox->entry(clientId);
        return QStringLiteral("%1 / send: %2").arg(describe(sync->status(slackbed::kAccount)), outboxText(e));
    }
    ~SlackScenario() override { slackbed::control(QStringLiteral("reset")); }

private:
    slackbed::SlackTestBed bed;
    std::unique_ptr<SlackProvider> provider;
    InboxStore store;
    std::unique_ptr<SyncController> sync;
    std::unique_ptr<Outbox> outbox;
    QString clientId;
    QString text;
};

// --- the OAuth server: a token refresh ---------------------------------------------------------

class OAuthScenario : public Scenario {
public:
    OAuthScenario() {
        m_network.setProxy(QNetworkProxy::NoProxy);
        issuer = qEnvironmentVariable("TRIBUTARY_TEST_OIDC_ISSUER");
        account = QStringLiteral("fault-") + uniqueMarker();
        OAuthFlow flow(config(QUrl(issuer + QStringLiteral("/token"))), account, QStringLiteral("Faults"),
                       &m_store, &m_network, browser.opener());
        const auto signedIn = await(flow.start(), 60000);
        EXPECT_TRUE(signedIn && signedIn->ok()) << "sign-in for the refresh scenario";
        refreshBefore = stored(SecretKind::RefreshToken);
    }
    ~OAuthScenario() override { (void)await(m_store.removeAccount(account), 20000); }
    quint16 targetPort() const override { return quint16(QUrl(issuer).port()); }
    qint64 cutAfter() const override { return 100; }
    void start(quint16 port) override {
        QUrl token(issuer + QStringLiteral("/token"));
        token.setPort(port);
        refresher = std::make_unique<TokenRefresher>(config(token), account, QStringLiteral("Faults"),
                                                     &m_store, &m_network);
        QObject::connect(refresher.get(), &TokenRefresher::signInRequired,
                         [this](const ProviderError&) { signInRequired = true; });
        attempt();
    }
    bool reportsTrouble() override {
        // A failed refresh says what the user can do: wait (Network, retryable), or sign in again.
        return last && !last->ok() &&
               ((last->error().kind == ErrorKind::Network && last->error().retryable) || signInRequired);
    }
    bool done() override {
        if (!last)
            return false;
        if (last->ok() || signInRequired)
            return true;
        if (inFlight)
            return false;
        attempt(); // the caller's scheduler would retry a retryable failure
        return false;
    }
    void expectExactlyOnce() override {
        ASSERT_TRUE(last);
        if (last->ok()) {
            // The new tokens are what the keyring holds: nothing refreshed was dropped.
            EXPECT_EQ(stored(SecretKind::AccessToken), last->value());
            EXPECT_FALSE(stored(SecretKind::RefreshToken).isEmpty());
            EXPECT_FALSE(signInRequired);
        } else {
            // The answer carrying a rotated refresh token was lost: the server retired the old
            // one, so the truthful outcome is "sign in again", once, and no retry storm.
            EXPECT_TRUE(signInRequired);
            EXPECT_EQ(last->error().code, OAuthErrorCode::SignInRequired);
            EXPECT_EQ(stored(SecretKind::RefreshToken), refreshBefore) << "nothing half-stored";
        }
    }
    QString status() const override {
        if (!last)
            return QStringLiteral("refreshing");
        return last->ok() ? QStringLiteral("refreshed") : last->error().describe();
    }
    bool signedInAgainRequired() const { return signInRequired; }

private:
    OAuthConfig config(const QUrl& tokenUrl) const {
        OAuthConfig c;
        c.authorizationUrl = QUrl(issuer + QStringLiteral("/auth"));
        c.tokenUrl = tokenUrl;
        c.issuer = issuer;
        c.clientId = qEnvironmentVariable("TRIBUTARY_TEST_OIDC_CLIENT_ID", QStringLiteral("tributary-test"));
        c.scopes = {QStringLiteral("inbox.read"), QStringLiteral("offline_access")};
        c.requestTimeout = std::chrono::seconds(kResponseTimeoutS);
        return c;
    }
    void attempt() {
        inFlight = true;
        refresher->refresh().then(&m_network, [this](const Result<QByteArray>& r) {
            last = r;
            inFlight = false;
        });
    }
    QByteArray stored(const QString& kind) {
        const auto r = await(m_store.readSecret(account, kind), 20000);
        return r && r->ok() ? r->value() : QByteArray();
    }

    ScriptedBrowser browser;
    TokenStore m_store{TokenStore::Options{QStringLiteral("TributaryFaultTest"), std::chrono::seconds(15)},
                       nullptr};
    QNetworkAccessManager m_network;
    QString issuer;
    QString account;
    QByteArray refreshBefore;
    std::unique_ptr<TokenRefresher> refresher;
    std::optional<Result<QByteArray>> last;
    bool inFlight = false;
    bool signInRequired = false;
};

struct Case {
    Peer peer;
    Fault fault;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << name(c.peer) << "/" << name(c.fault);
}

class FaultInjectionTest : public ::testing::TestWithParam<Case> {
protected:
    std::unique_ptr<Scenario> make(Peer peer) {
        switch (peer) {
        case Peer::Dovecot:
            return std::make_unique<DovecotScenario>();
        case Peer::Postfix:
            return std::make_unique<PostfixScenario>();
        case Peer::Slack:
            return std::make_unique<SlackScenario>();
        case Peer::OAuth:
            return std::make_unique<OAuthScenario>();
        }
        return nullptr;
    }
};

} // namespace

TEST_P(FaultInjectionTest, NoCrashNothingLostOrTwiceATruthfulStatusAndRecovery) {
    TRIBUTARY_REQUIRE_SERVERS();
    const Case c = GetParam();
    if (c.peer == Peer::Slack)
        TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    if (c.peer == Peer::OAuth)
        TRIBUTARY_REQUIRE_OIDC();
    std::unique_ptr<Scenario> scenario = make(c.peer);
    TcpProxy proxy(TestEnv::get().host, scenario->targetPort());
    apply(proxy, c.fault, scenario->cutAfter());
    scenario->start(proxy.port());

    if (blocks(c.fault)) {
        EXPECT_TRUE(waitUntil([&] { return scenario->reportsTrouble(); }, kTroubleDeadlineMs))
            << "the status says what is wrong: " << scenario->status().toStdString();
        if (c.fault != Fault::BlackHole) {
            EXPECT_GE(proxy.faultsFired(), 1) << "the fault did hit";
        }
        std::cout << "[ fault    ] " << name(c.peer) << "/" << name(c.fault)
                  << " during: " << scenario->status().toStdString() << std::endl;
    } else {
        // A slow line is no failure: the work gets done through it.
        EXPECT_TRUE(waitUntil([&] { return scenario->done(); }, kRecoveryDeadlineMs))
            << "done through the fault: " << scenario->status().toStdString();
    }
    proxy.clearFaults();
    EXPECT_TRUE(waitUntil([&] { return scenario->done(); }, kRecoveryDeadlineMs))
        << "recovered after the fault: " << scenario->status().toStdString();
    std::cout << "[ fault    ] " << name(c.peer) << "/" << name(c.fault)
              << " after: " << scenario->status().toStdString() << " (" << proxy.accepted()
              << " connections, " << proxy.bytesDown() << " bytes of answers)" << std::endl;
    scenario->expectExactlyOnce();
}

INSTANTIATE_TEST_SUITE_P(FaultsTimesPeers, FaultInjectionTest, ::testing::ValuesIn([] {
                             std::vector<Case> cases;
                             for (Peer p : {Peer::Dovecot, Peer::Postfix, Peer::Slack, Peer::OAuth})
                                 for (Fault f : {Fault::Latency, Fault::Reset, Fault::BlackHole,
                                                 Fault::Throttle, Fault::HalfClose})
                                     cases.push_back({p, f});
                             return cases;
                         }()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                             return std::string(name(param.param.peer)) + "_" + name(param.param.fault);
                         });

} // namespace tributary::test
