#pragma once

#include "provider/Provider.h"

namespace tributary::ui {

//! What the status bar says for an account: "connecting", "syncing 200 / 5,000",
//! "offline: <reason>", "needs sign-in", "up to date".
QString statusText(const ConnectionStatus& status);
//! A count with thousands separators, also under the C locale ("5,000").
QString groupedNumber(qint64 n);

} // namespace tributary::ui
