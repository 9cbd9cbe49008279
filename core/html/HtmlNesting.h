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

//! boundNesting(), and a budget of nodes: the input is cut before its `maxElements`+1-th start
//! tag or comment (0: no budget). An HTML5 parser spends about a microsecond per element, so a
//! megabyte of bare tags (`<p>x` repeated) costs it a quarter of a second however linear it
//! is; real mail has about 20 tags per KB. `clipped` says that the input was cut: what follows
//! the cut is left out whole (no run-on text), for the reader to offer on request.
struct BoundedMarkup {
    QByteArray html;
    bool clipped = false;
};
BoundedMarkup boundMarkup(const QByteArray& in, int maxDepth, int maxElements);

} // namespace tributary::html
