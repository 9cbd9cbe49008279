#include "TimeFormat.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace tributary::ui {

namespace {
//! The locale's short time without seconds: the C locale's short format carries them.
QString shortTime(const QLocale& locale, const QTime& time) {
    static const QRegularExpression seconds(QStringLiteral("[:.]ss"));
    QString format = locale.timeFormat(QLocale::ShortFormat);
    format.remove(seconds);
    return locale.toString(time, format);
}
} // namespace

QString listTime(const QDateTime& when, const QDateTime& now) {
    if (!when.isValid())
        return {};
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QDate date = local.date();
    if (date == today)
        return shortTime(locale, local.time());
    if (date == today.addDays(-1))
        return QCoreApplication::translate("tributary::ui::TimeFormat", "Yesterday");
    if (date < today && date > today.addDays(-7))
        return locale.dayName(date.dayOfWeek(), QLocale::ShortFormat);
    if (date.year() == today.year())
        return locale.toString(date, QStringLiteral("d MMM"));
    return locale.toString(date, QLocale::ShortFormat);
}

QString listGroup(const QDateTime& when, const QDateTime& now) {
    if (!when.isValid())
        return {};
    const QLocale locale;
    const QDate today = now.toLocalTime().date();
    const QDate date = when.toLocalTime().date();
    auto tr = [](const char* text) {
        return QCoreApplication::translate("tributary::ui::TimeFormat", text);
    };
    if (date >= today)
        return tr("Today"); // the future (a wrong clock) counts as today
    if (date == today.addDays(-1))
        return tr("Yesterday");
    if (date > today.addDays(-7))
        return locale.dayName(date.dayOfWeek(), QLocale::LongFormat);
    if (date.year() == today.year() && date.month() == today.month())
        return tr("Earlier in %1").arg(locale.monthName(date.month(), QLocale::LongFormat));
    return locale.toString(date, QStringLiteral("MMMM yyyy"));
}

QString fullTime(const QDateTime& when) {
    if (!when.isValid())
        return {};
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    return locale.toString(local.date(), QStringLiteral("ddd d MMM yyyy")) + QStringLiteral(", ") +
           shortTime(locale, local.time());
}

} // namespace tributary::ui
