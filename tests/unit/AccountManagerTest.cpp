#include "provider/AccountManager.h"

#include <gtest/gtest.h>

using namespace tributary;

namespace {

class NullProvider : public Provider {
public:
    using Provider::Provider;
    Capabilities capabilities() const override { return {}; }
    QFuture<Result<void>> connectAccount() override {
        return failed<void>(ProviderError::unsupported(QStringLiteral("x")));
    }
    QFuture<Result<QList<Channel>>> listChannels() override {
        return failed<QList<Channel>>(ProviderError::cancelled());
    }
    QFuture<Result<MessagePage>> listMessages(const QString&, const PageRequest&) override {
        return failed<MessagePage>(ProviderError::cancelled());
    }
    QFuture<Result<Message>> fetchBody(const QString&) override {
        return failed<Message>(ProviderError::cancelled());
    }
    QFuture<Result<SendReceipt>> send(const OutgoingMessage&) override {
        return failed<SendReceipt>(ProviderError::cancelled());
    }
};

class MemoryStorage : public AccountStorage {
public:
    QList<Account> loadAccounts() override { return saved; }
    Result<void> saveAccounts(const QList<Account>& accounts) override {
        if (failNext)
            return ProviderError::storage(QStringLiteral("disk full"), QStringLiteral("disk_full"));
        saved = accounts;
        return Done{};
    }
    QList<Account> saved;
    bool failNext = false;
};

struct AccountManagerTest : ::testing::Test {
    AccountManagerTest() {
        registry.registerProvider(
            {QStringLiteral("null"), QStringLiteral("Null"), {}, {}},
            [](const Account& a, const ProviderContext&) { return std::make_unique<NullProvider>(a); });
    }
    Account account(const QString& id) {
        return Account{id, QStringLiteral("null"), id, {}, {{QStringLiteral("host"), QStringLiteral("h")}}};
    }

    ProviderRegistry registry;
    MemoryStorage storage;
};

} // namespace

TEST_F(AccountManagerTest, AddsPersistsAndRemoves) {
    AccountManager manager(registry, {}, &storage);
    ASSERT_TRUE(manager.addAccount(account(QStringLiteral("one"))));
    ASSERT_NE(manager.provider(QStringLiteral("one")), nullptr);
    EXPECT_EQ(storage.saved.size(), 1);

    AccountManager reloaded(registry, {}, &storage);
    reloaded.load();
    EXPECT_EQ(reloaded.accounts().size(), 1);
    EXPECT_NE(reloaded.provider(QStringLiteral("one")), nullptr);

    ASSERT_TRUE(manager.removeAccount(QStringLiteral("one")));
    EXPECT_TRUE(storage.saved.isEmpty());
    EXPECT_EQ(manager.provider(QStringLiteral("one")), nullptr);
    EXPECT_EQ(manager.removeAccount(QStringLiteral("one")).error().kind, ErrorKind::NotFound);
}

TEST_F(AccountManagerTest, RefusesSecretsInSettings) {
    AccountManager manager(registry, {}, &storage);
    for (const char* key : {"password", "accessToken", "client_secret", "apiKey"}) {
        Account a = account(QStringLiteral("s"));
        a.settings.insert(QString::fromLatin1(key), QStringLiteral("hunter2"));
        const auto r = manager.addAccount(a);
        ASSERT_FALSE(r) << key;
        EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
    }
    EXPECT_TRUE(storage.saved.isEmpty());
    Account a = account(QStringLiteral("env"));
    a.settings.insert(QStringLiteral("passwordEnv"), QStringLiteral("MY_PASSWORD"));
    EXPECT_TRUE(manager.addAccount(a)) << "naming an environment variable is not a secret";
    Account kind = account(QStringLiteral("kind"));
    kind.settings.insert(QStringLiteral("oauthClientSecretKind"), QStringLiteral("client_secret"));
    EXPECT_TRUE(manager.addAccount(kind)) << "naming a keychain entry is not a secret";
}

TEST_F(AccountManagerTest, RejectsDuplicatesAndUnknownProviders) {
    AccountManager manager(registry, {}, &storage);
    ASSERT_TRUE(manager.addAccount(account(QStringLiteral("one"))));
    EXPECT_FALSE(manager.addAccount(account(QStringLiteral("one"))));
    Account unknown = account(QStringLiteral("two"));
    unknown.providerId = QStringLiteral("carrier-pigeon");
    EXPECT_FALSE(manager.addAccount(unknown));
}

TEST_F(AccountManagerTest, StorageFailureLeavesStateUnchanged) {
    AccountManager manager(registry, {}, &storage);
    storage.failNext = true;
    const auto r = manager.addAccount(account(QStringLiteral("one")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Storage);
    EXPECT_TRUE(manager.accounts().isEmpty());
    EXPECT_EQ(manager.provider(QStringLiteral("one")), nullptr);
}
