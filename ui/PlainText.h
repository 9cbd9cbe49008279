#pragma once

#include <QString>

namespace tributary::ui {

//! A tooltip that shows `text` exactly as written. Qt shows any tooltip that looks like
//! HTML (Qt::mightBeRichText: "<b>x</b>.pdf", "<img src=...>") as rich text, and tooltips
//! have no plain-text switch: the text is escaped into a paragraph instead.
QString plainToolTip(const QString& text);

//! Text for a button, a tool button or an action that shows `text` exactly as written:
//! there '&' marks a keyboard shortcut and disappears ("Q&A.pdf" would show "QA.pdf").
QString plainButtonText(const QString& text);

} // namespace tributary::ui
