// Accounts survive a broken cache (issue 12, section 3): account definitions live in their own
// versioned file, written atomically; a damaged or newer cache, or one that cannot open, costs
// view state only; a damaged account file is kept as a backup, the user is told, and accounts
// can be added again; accounts of older versions move out of the cache once.
#include "accounts/AccountsFile.h"

#include "FakeProvider.h"
#include "ViewStateCacheTestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::test;

namespace {

class AccountsFileTest : public ::testing::Test {
protected:
    AccountsFileTest() {
        registry.registerProvider(
            {QStringLiteral("fake"), QStringLiteral("Fake"), {}, {}},
            [](const Account& a, const ProviderContext&) { return std::make_unique<FakeProvider>(a); });
    }
    void SetUp() override { ASSERT_TRUE(dir.isValid()); }

    QString accountsPath() const { return dir.filePath(QStringLiteral("config/tributary/accounts.json")); }
    QString cachePath() const { return dir.filePath(QStringLiteral("data/viewstate.sqlite3")); }

    static Account account(const QString& id) {
        Account a;
        a.id = id;
        a.providerId = QStringLiteral("fake");
        a.displayName = QStringLiteral("Account ") + id;
        a.colour = QColor(0x12, 0x34, 0x56);
        a.settings = {{QStringLiteral("imapHost"), QStringLiteral("imap.example.org")},
                      {QStringLiteral("imapPort"), 993}};
        return a;
    }

    QStringList ids(const QList<Account>& accounts) const {
        QStringList out;
        for (const Account& a : accounts)
            out.append(a.id);
        return out;
    }

    //! What the app does at start in keychain mode: move accounts out of a usable cache, then
    //! load them from the file.
    QStringList startApp(ViewStateCache* usableCache, AccountsFile& file) {
        if (usableCache) {
            EXPECT_TRUE(migrateAccounts(*usableCache, file).ok());
        }
        AccountManager manager(registry, {}, &file);
        manager.load();
        return ids(manager.accounts());
    }

    void writeFile(const QString& path, const QByteArray& bytes) {
        ASSERT_TRUE(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    QTemporaryDir dir;
    ProviderRegistry registry;
};

} // namespace

TEST_F(AccountsFileTest, KeepsNonSecretSettingsInAVersionedFileOnlyTheUserReads) {
    AccountsFile file(accountsPath());
    Account withSecret = account(QStringLiteral("a"));
    withSecret.settings.insert(QStringLiteral("password"), QStringLiteral("hunter2"));
    ASSERT_TRUE(file.saveAccounts({withSecret, account(QStringLiteral("b"))}));

    QFile raw(accountsPath());
    ASSERT_TRUE(raw.open(QIODevice::ReadOnly));
    const QByteArray bytes = raw.readAll();
    EXPECT_FALSE(bytes.contains("hunter2")) << "secrets never reach the file";
    const QJsonObject root = QJsonDocument::fromJson(bytes).object();
    EXPECT_EQ(root.value(QStringLiteral("format")).toString(), QStringLiteral("tributary-accounts"));
    EXPECT_EQ(root.value(QStringLiteral("version")).toInt(), AccountsFile::kVersion);
    EXPECT_EQ(QFileInfo(accountsPath()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
              QFileDevice::Permissions());

    AccountsFile reread(accountsPath());
    const QList<Account> loaded = reread.loadAccounts();
    EXPECT_EQ(reread.report().status, AccountsFile::Status::Ok);
    ASSERT_EQ(loaded.size(), 2);
    EXPECT_EQ(loaded[1], account(QStringLiteral("b")));
    EXPECT_FALSE(loaded[0].settings.contains(QStringLiteral("password")));
    // Written through a temporary file renamed into place: nothing else is left beside it.
    EXPECT_EQ(QDir(QFileInfo(accountsPath()).absolutePath()).entryList(QDir::Files),
              QStringList{QStringLiteral("accounts.json")});
}

TEST_F(AccountsFileTest, AnAbsentFileMeansNoAccountsYet) {
    AccountsFile file(accountsPath());
    EXPECT_FALSE(file.exists());
    EXPECT_TRUE(file.loadAccounts().isEmpty());
    EXPECT_EQ(file.report().status, AccountsFile::Status::Ok);
    EXPECT_FALSE(file.report().existed);
}

TEST_F(AccountsFileTest, ADamagedFileIsKeptAsABackupTheUserIsToldAndAccountsCanBeAddedAgain) {
    const QByteArray damaged =
        "{\"format\": \"tributary-accounts\", \"version\": 1, \"accounts\": [{\"id\": ";
    writeFile(accountsPath(), damaged);
    AccountsFile file(accountsPath());
    AccountManager manager(registry, {}, &file);
    manager.load();
    EXPECT_TRUE(manager.accounts().isEmpty());
    const AccountsFile::LoadReport& report = file.report();
    EXPECT_EQ(report.status, AccountsFile::Status::SetAside);
    EXPECT_TRUE(report.message.contains(QStringLiteral("damaged"))) << report.message.toStdString();
    EXPECT_TRUE(report.message.contains(QStringLiteral("add them again"))) << report.message.toStdString();
    EXPECT_TRUE(report.message.contains(QDir::toNativeSeparators(report.backupPath)));
    QFile backup(report.backupPath);
    ASSERT_TRUE(backup.open(QIODevice::ReadOnly)) << report.backupPath.toStdString();
    EXPECT_EQ(backup.readAll(), damaged) << "the backup holds exactly what was there";

    ASSERT_TRUE(manager.addAccount(account(QStringLiteral("again"))));
    AccountsFile reread(accountsPath());
    EXPECT_EQ(ids(reread.loadAccounts()), QStringList{QStringLiteral("again")});
    EXPECT_TRUE(QFile::exists(report.backupPath)) << "re-adding keeps the backup";
}

TEST_F(AccountsFileTest, AFileThatIsNotAnAccountListIsDamagedToo) {
    for (const QByteArray& bytes : {QByteArray("[]"), QByteArray("{\"format\": \"other\", \"version\": 1}"),
                                    QByteArray("{\"format\": \"tributary-accounts\", \"version\": 1, "
                                               "\"accounts\": [{\"id\": \"\", \"provider\": \"fake\"}]}")}) {
        writeFile(accountsPath(), bytes);
        AccountsFile file(accountsPath());
        EXPECT_TRUE(file.loadAccounts().isEmpty()) << bytes.toStdString();
        EXPECT_EQ(file.report().status, AccountsFile::Status::SetAside) << bytes.toStdString();
        EXPECT_FALSE(QFile::exists(accountsPath()));
    }
}

TEST_F(AccountsFileTest, AFileFromANewerVersionIsSetAsideNotOverwritten) {
    const QByteArray newer = "{\"format\": \"tributary-accounts\", \"version\": 7, \"accounts\": []}";
    writeFile(accountsPath(), newer);
    AccountsFile file(accountsPath());
    EXPECT_TRUE(file.loadAccounts().isEmpty());
    EXPECT_EQ(file.report().status, AccountsFile::Status::SetAside);
    EXPECT_TRUE(file.report().message.contains(QStringLiteral("newer version")))
        << file.report().message.toStdString();
    QFile backup(file.report().backupPath);
    ASSERT_TRUE(backup.open(QIODevice::ReadOnly));
    EXPECT_EQ(backup.readAll(), newer);
}

TEST_F(AccountsFileTest, AFileThatCannotBeReadIsLeftAloneAndNothingIsSavedOverIt) {
    // A directory where the file should be: opening it fails the way an I/O error would.
    ASSERT_TRUE(QDir().mkpath(accountsPath()));
    AccountsFile file(accountsPath());
    AccountManager manager(registry, {}, &file);
    manager.load();
    EXPECT_EQ(file.report().status, AccountsFile::Status::Unreadable);
    EXPECT_FALSE(file.report().message.isEmpty());
    const Result<void> added = manager.addAccount(account(QStringLiteral("x")));
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, QStringLiteral("accounts_unreadable"));
    EXPECT_TRUE(manager.accounts().isEmpty()) << "not added when it cannot be kept";
    EXPECT_TRUE(QFileInfo(accountsPath()).isDir());
}

TEST_F(AccountsFileTest, AccountsOfAnOlderVersionMoveOutOfTheCacheOnce) {
    ViewStateCache cache(cachePath());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    ASSERT_TRUE(cache.saveAccounts({account(QStringLiteral("a")), account(QStringLiteral("b"))}));
    AccountsFile file(accountsPath());
    const Result<int> moved = migrateAccounts(cache, file);
    ASSERT_TRUE(moved.ok());
    EXPECT_EQ(moved.value(), 2);
    EXPECT_TRUE(cache.loadAccounts().isEmpty()) << "the file is the one place from now on";
    AccountsFile reread(accountsPath());
    EXPECT_EQ(ids(reread.loadAccounts()), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    // Once: a file that exists is never replaced by what a cache holds.
    ASSERT_TRUE(cache.saveAccounts({account(QStringLiteral("stale"))}));
    EXPECT_EQ(migrateAccounts(cache, reread).value(), 0);
    EXPECT_EQ(ids(AccountsFile(accountsPath()).loadAccounts()),
              (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

TEST_F(AccountsFileTest, ADamagedCacheLosesOnlyViewState) {
    {
        AccountsFile file(accountsPath());
        AccountManager manager(registry, {}, &file);
        ASSERT_TRUE(manager.addAccount(account(QStringLiteral("mine"))));
    }
    writeFile(cachePath(), QByteArray(8192, 'Z'));
    ViewStateCache cache(cachePath());
    QSignalSpy errors(&cache, &ViewStateCache::error);
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    ASSERT_TRUE(waitUntil([&] { return errors.size() >= 1; }));
    const auto why = errors.at(0).at(0).value<ProviderError>();
    EXPECT_EQ(why.code, QStringLiteral("cache_corrupt"));
    EXPECT_TRUE(why.message.contains(QStringLiteral("fetched again"))) << why.message.toStdString();

    AccountsFile file(accountsPath());
    EXPECT_EQ(startApp(&cache, file), QStringList{QStringLiteral("mine")});
}

TEST_F(AccountsFileTest, ACacheFromANewerVersionLosesOnlyViewState) {
    {
        AccountsFile file(accountsPath());
        ASSERT_TRUE(file.saveAccounts({account(QStringLiteral("mine"))}));
    }
    ASSERT_TRUE(QDir().mkpath(QFileInfo(cachePath()).absolutePath()));
    ASSERT_TRUE(rawExec(cachePath(), "CREATE TABLE future (x); PRAGMA user_version = 99;"));
    ViewStateCache cache(cachePath());
    QSignalSpy errors(&cache, &ViewStateCache::error);
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    ASSERT_TRUE(waitUntil([&] { return errors.size() >= 1; }));
    EXPECT_EQ(errors.at(0).at(0).value<ProviderError>().code, QStringLiteral("cache_version"));

    AccountsFile file(accountsPath());
    EXPECT_EQ(startApp(&cache, file), QStringList{QStringLiteral("mine")});
}

TEST_F(AccountsFileTest, ACacheThatCannotOpenStillLetsNewAccountsBeSaved) {
    // The cache's folder is a file: the cache cannot open at all.
    writeFile(dir.filePath(QStringLiteral("blocked")), "not a folder");
    ViewStateCache cache(dir.filePath(QStringLiteral("blocked/viewstate.sqlite3")));
    const auto opened = await(cache.open());
    ASSERT_TRUE(opened.has_value());
    ASSERT_FALSE(opened->ok());

    AccountsFile file(accountsPath());
    AccountManager manager(registry, {}, &file);
    manager.load();
    ASSERT_TRUE(manager.addAccount(account(QStringLiteral("new"))));
    AccountsFile nextStart(accountsPath());
    EXPECT_EQ(startApp(nullptr, nextStart), QStringList{QStringLiteral("new")});
}
