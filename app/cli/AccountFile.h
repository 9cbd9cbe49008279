#pragma once

#include "model/Model.h"

#include <QString>
#include <optional>

namespace tributary::cli {

//! The accounts a file declares, or why the file cannot be used.
struct AccountFileResult {
    QList<Account> accounts;
    QString error; //!< empty on success
    bool ok() const { return error.isEmpty(); }
};

//! Reads {"accounts": [<Account JSON as json::toJson(Account)>, ...]}. The file must name
//! no secret: any setting that looks like one (AccountManager::isSecretKey) is refused,
//! because files get copied, committed and backed up; it names an environment variable
//! instead ("passwordEnv").
AccountFileResult parseAccountFile(const QByteArray& contents);
AccountFileResult loadAccountFile(const QString& path);

//! The account with this id, or the only account when id is empty; sets error otherwise.
std::optional<Account> selectAccount(const QList<Account>& accounts, const QString& id, QString* error);

} // namespace tributary::cli
