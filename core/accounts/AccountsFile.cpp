#include "accounts/AccountsFile.h"

#include "model/Json.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace tributary {

namespace {

const QString kFormat = QStringLiteral("tributary-accounts");
//! Larger than any real account list by far; a bigger file is damaged, not read whole.
constexpr qint64 kMaxFileSize = 4 * 1024 * 1024;

QString tr(const char* text) {
    return QCoreApplication::translate("AccountsFile", text);
}

Account withoutSecrets(Account account) {
    for (auto it = account.settings.begin(); it != account.settings.end();) {
        if (AccountManager::isSecretKey(it.key())) {
            qCWarning(lcAccounts) << "Not saving the secret-looking setting" << it.key() << "of"
                                  << account.id;
            it = account.settings.erase(it);
        } else {
            ++it;
        }
    }
    return account;
}

} // namespace

AccountsFile::AccountsFile(QString path)
    : m_path(std::move(path)) {}

bool AccountsFile::exists() const {
    return QFileInfo::exists(m_path);
}

QByteArray AccountsFile::serialize(const QList<Account>& accounts) {
    QJsonArray list;
    for (const Account& a : accounts)
        list.append(json::toJson(withoutSecrets(a)));
    const QJsonObject root{{QStringLiteral("format"), kFormat},
                           {QStringLiteral("version"), kVersion},
                           {QStringLiteral("accounts"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

void AccountsFile::setAside(const QString& suffix, const QString& message) {
    const QString stem =
        m_path + suffix + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString backup = stem;
    for (int n = 2; QFileInfo::exists(backup) && n < 1000; ++n)
        backup = stem + QLatin1Char('-') + QString::number(n); // never over an earlier backup
    m_report.backupPath = QFile::rename(m_path, backup) ? backup : QString();
    if (m_report.backupPath.isEmpty()) {
        // Could not even move it: leave it and refuse to write over it.
        m_report.status = Status::Unreadable;
        m_report.message = tr("Your account list (%1) cannot be used and could not be moved aside. Move it "
                              "away yourself, then start Tributary again.")
                               .arg(QDir::toNativeSeparators(m_path));
        qCWarning(lcAccounts) << "The account list is unusable and could not be set aside:" << m_path;
        return;
    }
    m_report.status = Status::SetAside;
    m_report.message = message.arg(QDir::toNativeSeparators(backup));
    qCWarning(lcAccounts) << "Set the account list aside as" << backup;
}

QList<Account> AccountsFile::loadAccounts() {
    if (m_loaded)
        return m_accounts;
    m_loaded = true;
    m_report = LoadReport{};
    QFile file(m_path);
    if (!file.exists())
        return m_accounts;
    m_report.existed = true;
    if (!file.open(QIODevice::ReadOnly)) {
        m_report.status = Status::Unreadable;
        m_report.message = tr("Your account list (%1) could not be read: %2. Nothing is changed in it; fix "
                              "its permissions and start Tributary again.")
                               .arg(QDir::toNativeSeparators(m_path), file.errorString());
        qCWarning(lcAccounts) << "Cannot read the account list:" << file.errorString();
        return m_accounts;
    }
    const QString damaged =
        tr("Your account list was damaged. It was kept as %1, and Tributary starts without "
           "accounts: add them again (File > Accounts…). Their passwords are still in "
           "your keyring.");
    if (file.size() > kMaxFileSize) {
        file.close();
        setAside(QStringLiteral(".corrupt-"), damaged);
        return m_accounts;
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    file.close();
    const QJsonObject root = document.object();
    if (error.error != QJsonParseError::NoError || !document.isObject() ||
        root.value(QStringLiteral("format")).toString() != kFormat ||
        !root.value(QStringLiteral("version")).isDouble() ||
        !root.value(QStringLiteral("accounts")).isArray()) {
        setAside(QStringLiteral(".corrupt-"), damaged);
        return m_accounts;
    }
    const int version = root.value(QStringLiteral("version")).toInt();
    if (version > kVersion) {
        setAside(QStringLiteral(".newer-"),
                 tr("Your account list was written by a newer version of Tributary. It was kept as %1, and "
                    "this version starts without accounts: add them again (File > Accounts…), or use the "
                    "newer version."));
        return m_accounts;
    }
    QList<Account> accounts;
    for (const QJsonValue& v : root.value(QStringLiteral("accounts")).toArray()) {
        const Account a = json::accountFromJson(v.toObject());
        if (!v.isObject() || a.id.isEmpty() || a.providerId.isEmpty()) {
            setAside(QStringLiteral(".corrupt-"), damaged);
            return m_accounts;
        }
        accounts.append(withoutSecrets(a));
    }
    m_accounts = accounts;
    qCInfo(lcAccounts) << "Read" << m_accounts.size() << "account(s) from" << m_path;
    return m_accounts;
}

Result<void> AccountsFile::saveAccounts(const QList<Account>& accounts) {
    if (m_loaded && m_report.status == Status::Unreadable)
        return ProviderError::storage(m_report.message, QStringLiteral("accounts_unreadable"));
    if (!m_loaded && exists()) {
        // Never replace a list nobody has read: it could hold accounts we would drop.
        loadAccounts();
        if (m_report.status == Status::Unreadable)
            return ProviderError::storage(m_report.message, QStringLiteral("accounts_unreadable"));
    }
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return ProviderError::storage(tr("The folder %1 could not be created to keep your account list.")
                                          .arg(QDir::toNativeSeparators(info.absolutePath())),
                                      QStringLiteral("accounts_io"));
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return ProviderError::storage(tr("Your account list could not be saved: %1").arg(file.errorString()),
                                      QStringLiteral("accounts_io"));
    const QByteArray bytes = serialize(accounts);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return ProviderError::storage(tr("Your account list could not be saved: %1").arg(file.errorString()),
                                      QStringLiteral("accounts_io"));
    // Only the user reads it: it names servers and addresses.
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_loaded = true;
    m_report.status = Status::Ok;
    m_accounts = accounts;
    return Done{};
}

Result<int> migrateAccounts(AccountStorage& cache, AccountsFile& file) {
    if (file.exists())
        return 0;
    const QList<Account> old = cache.loadAccounts();
    if (old.isEmpty())
        return 0;
    if (auto saved = file.saveAccounts(old); !saved)
        return saved.error();
    if (auto cleared = cache.saveAccounts({}); !cleared)
        qCWarning(lcAccounts) << "Moved the accounts out of the cache, but could not clear them there:"
                              << cleared.error().describe();
    qCInfo(lcAccounts) << "Moved" << old.size() << "account(s) from the view cache to" << file.path();
    return int(old.size());
}

} // namespace tributary
