#pragma once

#include <QByteArray>

namespace tributary::html {

//! HTML parsers look through the stack of open elements for most start tags, so a mail of
//! 100,000 nested <div>s costs them quadratic time (gumbo and QTextDocument: seconds to
//! minutes). Browsers flatten such trees anyway (Chromium past 512 levels), so start tags
//! beyond `maxDepth` open elements, and their end tags, are left out before parsing; the
//! text inside stays. The estimate ignores void elements and the tags HTML closes
//! implicitly (p, li, td ...). Only the layout of pathological mail changes: input with
//! fewer than `maxDepth` tags comes back as it is. Safety never depends on this pass (the
//! sanitizer writes its output from the parsed tree). UTF-8 in, UTF-8 out; one pass.
QByteArray boundNesting(const QByteArray& in, int maxDepth);

} // namespace tributary::html
