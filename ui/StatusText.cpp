#include "StatusText.h"

#include <QCoreApplication>
#include <QLocale>

namespace tributary::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("tributary::ui::StatusText", text);
}

//! "14:05" today, "3 Dec 14:05" before: when an offline account's contents date from.
QString syncedAt(const QDateTime& when, const QDateTime& now) {
    const QDateTime local = when.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return local.toString(QStringLiteral("HH:mm"));
    return local.toString(QStringLiteral("d MMM HH:mm"));
}
} // namespace

QString groupedNumber(qint64 n) {
    // The C locale omits group separators, and test machines and containers often run under it.
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(n);
}

QString statusText(const AccountStatus& status, const QDateTime& now) {
    switch (status.state) {
    case AccountState::Connecting:
        return tr("Connecting\u2026");
    case AccountState::Syncing:
        if (status.progressTotal > 0)
            return tr("Syncing %1 / %2")
                .arg(groupedNumber(std::min(status.progressDone, status.progressTotal)),
                     groupedNumber(status.progressTotal));
        if (status.progressDone > 0)
            return tr("Syncing %1").arg(groupedNumber(status.progressDone));
        return tr("Syncing\u2026");
    case AccountState::Live:
        return tr("Live");
    case AccountState::Reconnecting: {
        const qint64 ms = status.nextAttempt.isValid() ? now.msecsTo(status.nextAttempt) : 0;
        if (ms <= 0)
            return tr("Reconnecting\u2026");
        return tr("Reconnecting (next try in %1 s)").arg((ms + 999) / 1000);
    }
    case AccountState::Offline:
        if (!status.lastSynced.isValid())
            return tr("Offline");
        return tr("Offline \u2014 last synced %1").arg(syncedAt(status.lastSynced, now));
    case AccountState::SignInRequired:
        return tr("Sign in again");
    case AccountState::Error:
        return status.reason.isEmpty() ? tr("Error") : tr("Error: %1").arg(status.reason);
    }
    return {};
}

QString statusDetail(const AccountStatus& status, const QDateTime& now) {
    const QString text = statusText(status, now);
    if (status.reason.isEmpty() || status.state == AccountState::Error || status.state == AccountState::Live)
        return text;
    return text + QLatin1Char('\n') + status.reason;
}

} // namespace tributary::ui
