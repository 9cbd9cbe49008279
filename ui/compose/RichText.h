#pragma once

#include <QString>

class QTextDocument;

namespace tributary::ui {

//! The HTML part of a rich message: the document's HTML without the editor's own font
//! and size on <body>, so the reader's client shows it in its usual font.
QString messageHtml(const QTextDocument& document);
//! The plain-text alternative of a rich message: list items keep their bullet ("- ") or
//! number ("2. "), links keep their address ("text <https://...>").
QString plainAlternative(const QTextDocument& document);

} // namespace tributary::ui
