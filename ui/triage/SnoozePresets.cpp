#include "triage/SnoozePresets.h"

#include <QCoreApplication>
#include <QLocale>

namespace tributary::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::ui::SnoozePresets", text);
}

QDateTime at(const QDate& day, int hour, const QDateTime& like) {
    return QDateTime(day, QTime(hour, 0), like.timeSpec());
}

} // namespace

QList<SnoozePreset> snoozePresets(const QDateTime& now) {
    QList<SnoozePreset> out;
    const QDate today = now.date();
    if (now.time() < QTime(18, 0)) {
        QDateTime later = now.addSecs(3 * 3600);
        if (later.time() != QTime(later.time().hour(), 0))
            later = at(later.date(), later.time().hour(), now).addSecs(3600);
        out.append({tr("Later today · %1").arg(snoozeTimeText(later, now)), later});
    }
    const QDateTime tomorrow = at(today.addDays(1), 9, now);
    out.append({tr("Tomorrow · %1").arg(snoozeTimeText(tomorrow, now)), tomorrow});
    const int toMonday = 8 - today.dayOfWeek(); // Monday is 1: a week on from a Monday
    const QDateTime nextWeek = at(today.addDays(toMonday), 9, now);
    out.append({tr("Next week · %1").arg(snoozeTimeText(nextWeek, now)), nextWeek});
    return out;
}

QString snoozeTimeText(const QDateTime& until, const QDateTime& now) {
    const QDateTime local = until.toLocalTime();
    const QLocale locale;
    const QString time = locale.toString(local.time(), QStringLiteral("HH:mm"));
    const qint64 days = now.toLocalTime().date().daysTo(local.date());
    if (days == 0)
        return time;
    if (days > 0 && days < 7)
        return locale.toString(local.date(), QStringLiteral("ddd")) + QLatin1Char(' ') + time;
    return locale.toString(local.date(), QStringLiteral("d MMM")) + QLatin1Char(' ') + time;
}

} // namespace tributary::ui
