#pragma once

#include <QString>

namespace tributary {

//! Plain text of an HTML body, the one converter for every use: the reader's text and the
//! conversation view, quoting an HTML-only mail in a reply, and the snippets and search text
//! providers make on their worker threads (IMAP today, Gmail and Graph next). One output
//! serves them all: the text a browser would lay out, whitespace collapsed as HTML does,
//! a line per block and per <br>, at most one blank line in a row, trimmed; a snippet is
//! this text shortened. Parsed with gumbo (HTML5 rules, every named character reference),
//! so it needs no QGuiApplication and is safe on any thread; nothing is fetched (no images,
//! no stylesheets, no file:// reads). Linear in the input: nesting is bounded before parsing, and
//! a mail of more than 25,000 elements (real mail has 13-20 per KB) is cut there, its text
//! ending with a "[…]" line.
QString htmlToText(const QString& html);

} // namespace tributary
