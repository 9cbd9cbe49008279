#pragma once

#include <QDateTime>
#include <QString>

namespace tributary::ui {

//! The compact time a list row shows: "14:03" today, "Yesterday", "Mon" this week,
//! "12 Mar" this year, a short date before that.
QString listTime(const QDateTime& when, const QDateTime& now = QDateTime::currentDateTime());
//! The heading of the list group a time falls in: "Today", "Yesterday", a weekday for the
//! last week, then one group per month ("October 2026"; "Earlier in November" for this
//! month's older days). Rows with the same heading are one group.
QString listGroup(const QDateTime& when, const QDateTime& now = QDateTime::currentDateTime());
//! The full local date and time, for headers and tooltips.
QString fullTime(const QDateTime& when);

} // namespace tributary::ui
