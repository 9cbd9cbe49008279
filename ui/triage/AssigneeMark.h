#pragma once

#include <QColor>
#include <QFont>
#include <QRect>
#include <QString>

class QPainter;

namespace tributary::ui {

//! Who a conversation is assigned to, as list rows and the triage bar show it: a small round
//! badge with the initials ("AL" for Ann Lee, "B" for the team Billing) in a colour stable
//! per assignee, then the name.
struct AssigneeMark {
    QString name;
    QString id; //!< what the colour is derived from
    bool team = false;

    //! "AL" for "Ann Lee", "B" for "Billing": at most two letters, upper case.
    static QString initials(const QString& name);
    QColor colour() const;
    //! The width paint() needs at `font`, badge and name (elided to at most `maxNameWidth`).
    int width(const QFont& font, int maxNameWidth) const;
    //! Paints the mark right-aligned in `area`; answers the rectangle it used.
    QRect paint(QPainter* painter, const QRect& area, const QFont& font, const QColor& text,
                int maxNameWidth) const;
};

} // namespace tributary::ui
