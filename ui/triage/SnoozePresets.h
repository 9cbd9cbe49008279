#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace tributary::ui {

//! One choice of the Snooze menu: "Later today", "Tomorrow", "Next week".
struct SnoozePreset {
    QString label;   //!< with the time it means: "Tomorrow · Tue 09:00"
    QDateTime until; //!< local time

    bool operator==(const SnoozePreset&) const = default;
};

//! The Snooze menu's presets at local time `now`, earliest first (then "Pick…" in the menu):
//!  - Later today: three hours on, on the hour; left out from 18:00, when tomorrow is nearer;
//!  - Tomorrow: 09:00 the next day;
//!  - Next week: Monday 09:00 (a week on, when today is Monday).
QList<SnoozePreset> snoozePresets(const QDateTime& now);

//! When a snoozed conversation comes back, as the bar says it: "16:00", "Tue 09:00",
//! "14 Dec 09:00".
QString snoozeTimeText(const QDateTime& until, const QDateTime& now);

} // namespace tributary::ui
