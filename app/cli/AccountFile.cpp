#include "cli/AccountFile.h"

#include "model/Json.h"
#include "provider/AccountManager.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace tributary::cli {

namespace {
AccountFileResult failed(QString message) {
    AccountFileResult r;
    r.error = std::move(message);
    return r;
}
} // namespace

AccountFileResult parseAccountFile(const QByteArray& contents) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(contents, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failed(QStringLiteral("the account file is not valid JSON (%1 at offset %2).")
                          .arg(parseError.errorString())
                          .arg(parseError.offset));
    const QJsonValue list = doc.object().value(QStringLiteral("accounts"));
    if (!doc.isObject() || !list.isArray())
        return failed(QStringLiteral("the account file must be an object with an \"accounts\" array."));

    AccountFileResult result;
    QSet<QString> ids;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return failed(QStringLiteral("account #%1 is not a JSON object.").arg(i + 1));
        const Account account = json::accountFromJson(array.at(i).toObject());
        if (account.id.isEmpty() || account.id.contains(QLatin1Char(':')))
            return failed(QStringLiteral("account #%1 needs an \"id\" without ':'.").arg(i + 1));
        if (account.providerId.isEmpty())
            return failed(QStringLiteral("account \"%1\" names no \"provider\".").arg(account.id));
        if (ids.contains(account.id))
            return failed(QStringLiteral("the account id \"%1\" appears twice.").arg(account.id));
        ids.insert(account.id);
        for (auto it = account.settings.constBegin(); it != account.settings.constEnd(); ++it) {
            if (AccountManager::isSecretKey(it.key()))
                return failed(QStringLiteral("account \"%1\": the setting \"%2\" looks like a secret. An "
                                             "account file must not hold secrets; put the value in an "
                                             "environment variable and name it with \"%2Env\".")
                                  .arg(account.id, it.key()));
        }
        result.accounts.append(account);
    }
    if (result.accounts.isEmpty())
        return failed(QStringLiteral("the account file lists no account."));
    return result;
}

AccountFileResult loadAccountFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failed(QStringLiteral("cannot read the account file %1: %2").arg(path, file.errorString()));
    AccountFileResult r = parseAccountFile(file.readAll());
    if (!r.ok())
        r.error = path + QStringLiteral(": ") + r.error;
    return r;
}

std::optional<Account> selectAccount(const QList<Account>& accounts, const QString& id, QString* error) {
    if (id.isEmpty()) {
        if (accounts.size() == 1)
            return accounts.first();
        QStringList ids;
        for (const Account& a : accounts)
            ids.append(a.id);
        if (error)
            *error = QStringLiteral("the account file holds %1 accounts; choose one with --account (%2).")
                         .arg(accounts.size())
                         .arg(ids.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    for (const Account& a : accounts) {
        if (a.id == id)
            return a;
    }
    if (error)
        *error = QStringLiteral("no account \"%1\" in the account file.").arg(id);
    return std::nullopt;
}

} // namespace tributary::cli
