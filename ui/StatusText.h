#pragma once

#include "sync/AccountStatus.h"

#include <QDateTime>

namespace tributary::ui {

//! What the status bar and the sidebar say for an account: "Connecting…", "Syncing 200 /
//! 5,000", "Live", "Reconnecting (next try in 8 s)", "Offline — last synced 14:05",
//! "Sign in again", "Error: <reason>". `now` (UTC) counts the seconds to the next try.
QString statusText(const AccountStatus& status, const QDateTime& now = QDateTime::currentDateTimeUtc());
//! The longer explanation for a tooltip: the text, then the reason, if there is one.
QString statusDetail(const AccountStatus& status, const QDateTime& now = QDateTime::currentDateTimeUtc());
//! A count with thousands separators, also under the C locale ("5,000").
QString groupedNumber(qint64 n);

} // namespace tributary::ui
