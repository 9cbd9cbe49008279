// Which sign-in "Sign in again…" runs for an account (core/accounts/SignInAgain): the OAuth
// settings of the account itself (an XOAUTH2 mail account), else the browser sign-in its
// provider's form declares (Sign in with Slack), else none (a password: its settings).
#include "accounts/SignInAgain.h"

#include "imap/ImapProviderFactory.h"
#include "provider/ProviderRegistry.h"
#include "slack/SlackProviderFactory.h"
#include "slack/SlackSettings.h"

#include <gtest/gtest.h>

namespace tributary {
namespace {

struct SignInAgainTest : ::testing::Test {
    SignInAgainTest() {
        registerImapProvider(registry);
        registerSlackProvider(registry);
    }
    std::optional<Result<OAuthConfig>> configFor(const Account& a) const {
        return SignInAgain::configFor(a, registry.form(a.providerId));
    }
    ProviderRegistry registry;
};

Account account(const QString& provider, QVariantMap settings) {
    Account a;
    a.id = provider + QStringLiteral("-1");
    a.providerId = provider;
    a.displayName = QStringLiteral("Work");
    a.settings = std::move(settings);
    return a;
}

TEST_F(SignInAgainTest, APasswordAccountHasNoBrowserSignIn) {
    EXPECT_FALSE(configFor(account(QStringLiteral("imap"),
                                   {{QStringLiteral("imapHost"), QStringLiteral("mail.example.com")},
                                    {QStringLiteral("username"), QStringLiteral("ann")}}))
                     .has_value());
}

TEST_F(SignInAgainTest, AnXoauth2AccountUsesItsOwnOAuthSettings) {
    const auto config = configFor(
        account(QStringLiteral("imap"),
                {{QStringLiteral("auth"), QStringLiteral("xoauth2")},
                 {OAuthSettingsKey::AuthorizationUrl, QStringLiteral("https://login.example.com/authorize")},
                 {OAuthSettingsKey::TokenUrl, QStringLiteral("https://login.example.com/token")},
                 {OAuthSettingsKey::ClientId, QStringLiteral("tributary-desktop")},
                 {OAuthSettingsKey::Scopes, QStringLiteral("mail offline_access")}}));
    ASSERT_TRUE(config.has_value());
    ASSERT_TRUE(config->ok()) << config->error().message.toStdString();
    EXPECT_EQ(config->value().clientId, QStringLiteral("tributary-desktop"));
    EXPECT_EQ(config->value().tokenUrl, QUrl(QStringLiteral("https://login.example.com/token")));

    // Unusable settings say what to fix instead of opening a browser on nothing.
    const auto broken =
        configFor(account(QStringLiteral("imap"), {{OAuthSettingsKey::TokenUrl, QStringLiteral("ftp://x")}}));
    ASSERT_TRUE(broken.has_value());
    EXPECT_FALSE(broken->ok());
}

TEST_F(SignInAgainTest, ASlackAccountUsesSignInWithSlackWhenItHasTheClientId) {
    const auto config = configFor(
        account(QStringLiteral("slack"), {{slack::SlackSettingKey::ClientId, QStringLiteral("1.2")}}));
    ASSERT_TRUE(config.has_value());
    ASSERT_TRUE(config->ok()) << config->error().message.toStdString();
    EXPECT_EQ(config->value().tokenUrl.path(), QStringLiteral("/api/oauth.v2.access"));

    // A pasted token and no client id: the form's sign-in cannot run; the settings can fix it.
    const auto pasted = configFor(account(QStringLiteral("slack"), {}));
    ASSERT_TRUE(pasted.has_value());
    EXPECT_FALSE(pasted->ok());
    EXPECT_TRUE(pasted->error().message.contains(QStringLiteral("client id")))
        << pasted->error().message.toStdString();
}

} // namespace
} // namespace tributary
