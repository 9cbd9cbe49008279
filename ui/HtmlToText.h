#pragma once

#include <QString>

namespace tributary::ui {

//! Plain text of an HTML body, for HTML-only mail until the sandboxed HTML reader lands.
//! Nothing is fetched while converting: no images, no stylesheets, no file:// reads.
QString htmlToText(const QString& html);

} // namespace tributary::ui
