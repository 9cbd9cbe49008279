#pragma once

#include <QString>

namespace tributary {

//! Plain text of an HTML body (the conversation view, quoting an HTML-only mail in a reply,
//! the reader's text). QTextDocument does the parsing: QtGui, no widgets, but it needs a
//! QGuiApplication (it resolves fonts; the widgets app has one). Nothing is fetched while
//! converting: no images, no stylesheets, no file:// reads.
QString htmlToText(const QString& html);

} // namespace tributary
