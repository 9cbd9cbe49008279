#include "accounts/ServerPresets.h"

#include "accounts/AccountForm.h"
#include "accounts/AccountIds.h"
#include "accounts/ConnectionTester.h"

#include <gtest/gtest.h>

using namespace tributary;

namespace {

ServerEndpointPreset endpoint(const char* host, int port, ServerSecurity security) {
    return {QString::fromLatin1(host), port, security};
}

} // namespace

TEST(ServerPresetsTest, DomainOfAnAddress) {
    EXPECT_EQ(ServerPresets::domainOf(QStringLiteral("Jane@Example.ORG")), QStringLiteral("example.org"));
    EXPECT_EQ(ServerPresets::domainOf(QStringLiteral("  jane@example.org.  ")),
              QStringLiteral("example.org"));
    EXPECT_TRUE(ServerPresets::domainOf(QStringLiteral("jane")).isEmpty());
    EXPECT_TRUE(ServerPresets::domainOf(QStringLiteral("@example.org")).isEmpty());
    EXPECT_TRUE(ServerPresets::domainOf(QStringLiteral("a@b@example.org")).isEmpty());
}

TEST(ServerPresetsTest, RecognisesAddresses) {
    EXPECT_TRUE(ServerPresets::looksLikeEmailAddress(QStringLiteral("jane.doe+news@mail.example.co.uk")));
    EXPECT_TRUE(ServerPresets::looksLikeEmailAddress(QStringLiteral(" alice@tributary.test ")));
    EXPECT_FALSE(ServerPresets::looksLikeEmailAddress(QStringLiteral("jane@localhost")));
    EXPECT_FALSE(ServerPresets::looksLikeEmailAddress(QStringLiteral("jane doe@example.org")));
    EXPECT_FALSE(ServerPresets::looksLikeEmailAddress(QStringLiteral("jane@")));
    EXPECT_FALSE(ServerPresets::looksLikeEmailAddress(QStringLiteral("jane@example..org")));
    EXPECT_FALSE(ServerPresets::looksLikeEmailAddress(QString()));
}

TEST(ServerPresetsTest, Gmail) {
    for (const char* domain : {"gmail.com", "GoogleMail.com"}) {
        const auto p = ServerPresets::forDomain(QString::fromLatin1(domain));
        ASSERT_TRUE(p) << domain;
        EXPECT_EQ(p->providerName, QStringLiteral("Gmail"));
        EXPECT_EQ(p->incoming, endpoint("imap.gmail.com", 993, ServerSecurity::Tls));
        EXPECT_EQ(p->outgoing, endpoint("smtp.gmail.com", 465, ServerSecurity::Tls));
        EXPECT_TRUE(p->note.contains(QStringLiteral("app password")));
        EXPECT_FALSE(p->guessed);
        EXPECT_TRUE(p->usernameIsAddress);
    }
}

TEST(ServerPresetsTest, EveryWellKnownDomain) {
    struct Case {
        const char* domain;
        ServerEndpointPreset incoming;
        ServerEndpointPreset outgoing;
    };
    const ServerSecurity tls = ServerSecurity::Tls;
    const ServerSecurity startTls = ServerSecurity::StartTls;
    const Case cases[] = {
        {"outlook.com", endpoint("outlook.office365.com", 993, tls),
         endpoint("smtp-mail.outlook.com", 587, startTls)},
        {"hotmail.com", endpoint("outlook.office365.com", 993, tls),
         endpoint("smtp-mail.outlook.com", 587, startTls)},
        {"live.com", endpoint("outlook.office365.com", 993, tls),
         endpoint("smtp-mail.outlook.com", 587, startTls)},
        {"msn.com", endpoint("outlook.office365.com", 993, tls),
         endpoint("smtp-mail.outlook.com", 587, startTls)},
        {"yahoo.com", endpoint("imap.mail.yahoo.com", 993, tls), endpoint("smtp.mail.yahoo.com", 465, tls)},
        {"icloud.com", endpoint("imap.mail.me.com", 993, tls), endpoint("smtp.mail.me.com", 587, startTls)},
        {"me.com", endpoint("imap.mail.me.com", 993, tls), endpoint("smtp.mail.me.com", 587, startTls)},
        {"mac.com", endpoint("imap.mail.me.com", 993, tls), endpoint("smtp.mail.me.com", 587, startTls)},
        {"fastmail.com", endpoint("imap.fastmail.com", 993, tls), endpoint("smtp.fastmail.com", 465, tls)},
        {"gmx.de", endpoint("imap.gmx.net", 993, tls), endpoint("mail.gmx.net", 587, startTls)},
        {"gmx.net", endpoint("imap.gmx.net", 993, tls), endpoint("mail.gmx.net", 587, startTls)},
        {"web.de", endpoint("imap.web.de", 993, tls), endpoint("smtp.web.de", 587, startTls)},
        {"posteo.de", endpoint("posteo.de", 993, tls), endpoint("posteo.de", 587, startTls)},
        {"mailbox.org", endpoint("imap.mailbox.org", 993, tls), endpoint("smtp.mailbox.org", 465, tls)},
        {"aol.com", endpoint("imap.aol.com", 993, tls), endpoint("smtp.aol.com", 465, tls)},
        {"zoho.com", endpoint("imap.zoho.com", 993, tls), endpoint("smtp.zoho.com", 465, tls)},
        {"yandex.com", endpoint("imap.yandex.com", 993, tls), endpoint("smtp.yandex.com", 465, tls)},
        {"proton.me", endpoint("127.0.0.1", 1143, startTls), endpoint("127.0.0.1", 1025, startTls)},
        {"pm.me", endpoint("127.0.0.1", 1143, startTls), endpoint("127.0.0.1", 1025, startTls)},
    };
    for (const Case& c : cases) {
        const auto p = ServerPresets::forDomain(QString::fromLatin1(c.domain));
        ASSERT_TRUE(p) << c.domain;
        EXPECT_EQ(p->incoming, c.incoming) << c.domain;
        EXPECT_EQ(p->outgoing, c.outgoing) << c.domain;
        EXPECT_FALSE(p->providerName.isEmpty()) << c.domain;
        EXPECT_TRUE(ServerPresets::knownDomains().contains(QString::fromLatin1(c.domain))) << c.domain;
    }
    EXPECT_TRUE(
        ServerPresets::forDomain(QStringLiteral("proton.me"))->note.contains(QStringLiteral("Bridge")));
}

TEST(ServerPresetsTest, GuessesUnknownDomains) {
    EXPECT_FALSE(ServerPresets::forDomain(QStringLiteral("example.org")));
    const auto p = ServerPresets::forAddress(QStringLiteral("jane@Example.org"));
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->guessed);
    EXPECT_EQ(p->incoming, endpoint("imap.example.org", 993, ServerSecurity::Tls));
    EXPECT_EQ(p->outgoing, endpoint("smtp.example.org", 587, ServerSecurity::StartTls));
    EXPECT_EQ(p->providerName, QStringLiteral("example.org"));

    const auto known = ServerPresets::forAddress(QStringLiteral("jane@GMAIL.com"));
    ASSERT_TRUE(known);
    EXPECT_FALSE(known->guessed);
    EXPECT_FALSE(ServerPresets::forAddress(QStringLiteral("not an address")));
}

TEST(ServerPresetsTest, KnownDomainsAreSortedAndUnique) {
    const QStringList domains = ServerPresets::knownDomains();
    EXPECT_GE(domains.size(), 25);
    QStringList sorted = domains;
    sorted.sort();
    sorted.removeDuplicates();
    EXPECT_EQ(domains, sorted);
}

TEST(ServerPresetsTest, SecuritySettingValues) {
    for (ServerSecurity s : {ServerSecurity::Tls, ServerSecurity::StartTls, ServerSecurity::None})
        EXPECT_EQ(securityFromSettingValue(toSettingValue(s)), s);
    EXPECT_EQ(securityFromSettingValue(QStringLiteral(" SSL ")), ServerSecurity::Tls);
    EXPECT_FALSE(securityFromSettingValue(QStringLiteral("maybe")));
}

TEST(ConnectionOutcomeTest, MapsProviderCodes) {
    using O = ConnectionOutcome;
    const auto outcome = [](ProviderError e) {
        return ConnectionTester::outcomeForError(e);
    };
    EXPECT_EQ(outcome(ProviderError::network(QStringLiteral("x"), QStringLiteral("tls_untrusted"))),
              O::TlsUntrusted);
    EXPECT_EQ(outcome(ProviderError::network(QStringLiteral("x"), QStringLiteral("tls_failed"))),
              O::TlsFailed);
    EXPECT_EQ(outcome(ProviderError::auth(QStringLiteral("x"), QStringLiteral("auth_failed"))),
              O::AuthFailed);
    EXPECT_EQ(outcome(ProviderError::auth(QStringLiteral("x"), QStringLiteral("secret_missing"))),
              O::MissingSecret);
    EXPECT_EQ(outcome(ProviderError::invalid(QStringLiteral("x"), QStringLiteral("plaintext_refused"))),
              O::PlaintextRefused);
    EXPECT_EQ(outcome(ProviderError::network(QStringLiteral("x"), QStringLiteral("timeout"))), O::TimedOut);
    EXPECT_EQ(outcome(ProviderError::network(QStringLiteral("x"), QStringLiteral("connect_failed"))),
              O::Unreachable);
    EXPECT_EQ(outcome(ProviderError::network(QStringLiteral("x"), QStringLiteral("dns_not_found"))),
              O::DnsNotFound);
    EXPECT_EQ(outcome(ProviderError::network(QStringLiteral("x"), QStringLiteral("connection_refused"))),
              O::Refused);
    EXPECT_EQ(outcome(ProviderError::invalid(QStringLiteral("x"), QStringLiteral("settings_invalid"))),
              O::InvalidSettings);
    EXPECT_EQ(outcome(ProviderError::auth(QStringLiteral("x"), QStringLiteral("invalid_grant"))),
              O::AuthFailed);
    EXPECT_EQ(outcome(ProviderError::protocol(QStringLiteral("x"), QStringLiteral("command_failed"))),
              O::Other);
    EXPECT_EQ(outcome(ProviderError::cancelled()), O::Cancelled);
}

TEST(ConnectionOutcomeTest, FormatsFingerprints) {
    EXPECT_EQ(formatFingerprint(QStringLiteral("ab01ff")), QStringLiteral("AB:01:FF"));
    EXPECT_EQ(formatFingerprint(QStringLiteral("AB:01 ff")), QStringLiteral("AB:01:FF"));
    EXPECT_TRUE(formatFingerprint(QString()).isEmpty());
}

TEST(AccountFormTest, FindsFieldsByRole) {
    AccountForm form;
    FormField host;
    host.key = QStringLiteral("host");
    host.role = FormFieldRole::IncomingHost;
    host.defaultValue = QStringLiteral("mail.example.org");
    FormField address;
    address.key = QStringLiteral("address");
    address.role = FormFieldRole::EmailAddress;
    FormField secret;
    secret.key = QStringLiteral("password");
    secret.kind = FormFieldKind::Secret;
    secret.defaultValue = QStringLiteral("never a default");
    form.fields = {host, secret};
    EXPECT_FALSE(form.isEmail());
    form.fields.append(address);
    EXPECT_TRUE(form.isEmail());
    EXPECT_EQ(form.keyFor(FormFieldRole::IncomingHost), QStringLiteral("host"));
    EXPECT_TRUE(form.keyFor(FormFieldRole::OutgoingHost).isEmpty());
    ASSERT_NE(form.secretField(), nullptr);
    EXPECT_EQ(form.secretField()->key, QStringLiteral("password"));
    EXPECT_EQ(form.defaults(), (QVariantMap{{QStringLiteral("host"), QStringLiteral("mail.example.org")}}));
}

TEST(AccountIdsTest, SuggestsStableUniqueIds) {
    EXPECT_EQ(suggestAccountId(QStringLiteral("Jane.Doe@Example.org"), {}),
              QStringLiteral("jane-doe-example-org"));
    EXPECT_EQ(suggestAccountId(QStringLiteral("  --Work: mail!  "), {}), QStringLiteral("work-mail"));
    EXPECT_EQ(suggestAccountId(QString(), {}), QStringLiteral("account"));
    EXPECT_EQ(suggestAccountId(QStringLiteral("a@b.c"), {QStringLiteral("a-b-c"), QStringLiteral("a-b-c-2")}),
              QStringLiteral("a-b-c-3"));
    EXPECT_FALSE(suggestAccountId(QStringLiteral("x:y"), {}).contains(QLatin1Char(':')));
    EXPECT_NE(suggestAccountColour(0), suggestAccountColour(1));
    EXPECT_EQ(suggestAccountColour(0), suggestAccountColour(8));
}
