#pragma once

// Slack providers on the Slack emulator (tests/emulators/slack) for the integration tests,
// each with its secrets and a ContractProbe on its QNetworkAccessManager: the bed fails the
// test for any contract violation (nothing is tolerated, see ContractSlack.h).
//
// SlackRoute::Prism (the default) sends the Web API through `prism proxy` with Slack's
// description. SlackRoute::Emulator sends it straight to the emulator: only for fault
// injection and behaviour tests that provoke Slack's errors (HTTP 200 ok:false, 429
// ratelimited, token_revoked), which the description cannot express. Socket Mode
// (apps.connections.open) always goes to the emulator: the description lacks it.

#include "Await.h"
#include "ContractSlack.h"
#include "accounts/MemorySecretSource.h"
#include "model/Ids.h"
#include "provider/SecretSource.h"
#include "slack/SlackProvider.h"
#include "slack/SlackSettings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>
#include <iostream>
#include <memory>
#include <vector>

namespace tributary::test::slackbed {

inline const QString kSupport = QStringLiteral("C0SUPPORT1");
inline const QString kGeneral = QStringLiteral("C0GENERAL1");
inline const QString kAccount = QStringLiteral("slack-test");

inline QString channelId(const QString& native) {
    return makeId(IdKind::Channel, kAccount, native);
}

inline QString marker() {
    return QStringLiteral("mk") + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

//! Calls a control endpoint of the emulator (/_emulator/<name>, never through Prism).
inline QJsonObject control(const QString& name, const QList<QPair<QString, QString>>& params = {}) {
    const SlackTestEnv env = SlackTestEnv::get();
    QNetworkAccessManager nam;
    QUrl url = env.emulator;
    url.setPath(QStringLiteral("/_emulator/") + name);
    QJsonObject body;
    for (const auto& [k, v] : params)
        body.insert(k, v);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    waitUntil([reply] { return reply->isFinished(); }, 15000);
    const QJsonObject out = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return out;
}

inline bool postAs(const QString& user, const QString& channel, const QString& text,
                   const QString& threadTs = {}) {
    QList<QPair<QString, QString>> params{
        {QStringLiteral("user"), user}, {QStringLiteral("channel"), channel}, {QStringLiteral("text"), text}};
    if (!threadTs.isEmpty())
        params.append({QStringLiteral("thread_ts"), threadTs});
    return control(QStringLiteral("post-as"), params).value(QStringLiteral("ok")).toBool();
}

enum class SlackRoute {
    Prism,   //!< through the validating proxy: the contract holds with zero violations
    Emulator //!< past it: fault injection (errors as Slack sends them)
};

//! Providers on the emulator, each with its secrets and a contract probe.
class SlackTestBed {
public:
    //! Every test starts from a freshly seeded workspace: what an earlier test posted (a reply
    //! that makes an old thread the newest activity, a moved read position) never leaks in,
    //! whatever order the tests run in.
    SlackTestBed() {
        if (available())
            control(QStringLiteral("reset"));
    }
    ~SlackTestBed() { checkContracts(); }

    static bool available() { return !qEnvironmentVariableIsEmpty("TRIBUTARY_TEST_SLACK_API"); }

    std::unique_ptr<SlackProvider> make(const QByteArray& userToken, const QByteArray& appToken = {},
                                        const QVariantMap& settings = {},
                                        SlackRoute route = SlackRoute::Prism) {
        const SlackTestEnv env = SlackTestEnv::get();
        Account account;
        account.id = kAccount;
        account.providerId = QStringLiteral("slack");
        account.displayName = QStringLiteral("Tributary Test");
        if (available()) {
            account.settings.insert(slack::SlackSettingKey::ApiBaseUrl,
                                    (route == SlackRoute::Prism ? env.api : env.emulator).toString());
            // apps.connections.open is not in the description: it goes to the emulator directly.
            account.settings.insert(slack::SlackSettingKey::SocketModeApiBaseUrl, env.emulator.toString());
        }
        account.settings.insert(settings);
        auto secrets = std::make_unique<MemorySecretSource>(kAccount, SecretKind::AccessToken, userToken);
        if (!appToken.isEmpty())
            (void)secrets->writeSecret(kAccount, SecretKind::AppToken, appToken);
        ProviderContext context;
        context.secrets = secrets.get();
        context.liveness = m_liveness;
        m_secrets.push_back(std::move(secrets));
        auto provider = std::make_unique<SlackProvider>(account, context);
        m_probes.push_back(
            std::make_unique<ContractProbe>(provider->networkAccessManager(), QList<QUrl>{env.api}));
        return provider;
    }

    //! How the providers made from now on watch their push connection (tests shorten it).
    void setLiveness(const LivenessOptions& liveness) { m_liveness = liveness; }

    std::unique_ptr<SlackProvider> make(SlackRoute route = SlackRoute::Prism) {
        return make(SlackTestEnv::get().userToken, {}, {}, route);
    }

    //! Fails the test for every contract violation so far, and forgets them.
    void checkContracts() {
        for (const auto& probe : m_probes) {
            probe->expectNoViolations();
            if (qEnvironmentVariableIsSet("TRIBUTARY_TEST_VERBOSE"))
                std::cout << probe->report().toStdString() << std::endl;
            probe->clear();
        }
    }

    //! Calls to a path, through the proxy or not.
    int calls(const QString& path) const {
        int n = 0;
        for (const auto& probe : m_probes)
            for (const ContractCall& c : probe->calls())
                if (c.url.path().endsWith(path))
                    ++n;
        return n;
    }
    //! Calls that went through the validating proxy.
    int validatedCalls() const {
        int n = 0;
        for (const auto& probe : m_probes)
            for (const ContractCall& c : probe->calls())
                n += c.validated ? 1 : 0;
        return n;
    }

private:
    LivenessOptions m_liveness;
    std::vector<std::unique_ptr<MemorySecretSource>> m_secrets;
    std::vector<std::unique_ptr<ContractProbe>> m_probes;
};

} // namespace tributary::test::slackbed
