#pragma once

#include <QString>

namespace tributary {

class ResourceFilter;

//! Rewrites mail CSS (a <style> sheet or a style="" attribute) so that it cannot load or
//! run anything the ResourceFilter does not allow. It tokenizes the way CSS does (comments,
//! strings, escapes) instead of pattern-matching, because "\75 rl(", "exp/**/ression(" and
//! image-set("http://...") are all ways of spelling a fetch that a regex misses.
//!  - url(...), src(...) and the strings inside image-set()/image() go through the filter;
//!    what it refuses becomes `none` (a valid value wherever an image is expected);
//!  - @import rules are dropped whole; expression(), element(), paint() become `none`;
//!  - identifiers are written back with their escapes decoded and re-escaped, so what the
//!    browser reads is what was judged;
//!  - "<" never reaches the output, so a sheet cannot close its <style> element.
class CssSanitizer {
public:
    explicit CssSanitizer(ResourceFilter& filter)
        : m_filter(filter) {}

    QString sanitize(const QString& css);
    //! Whether any sanitized CSS set a text or background colour (for dark mode).
    bool setsColours() const { return m_setsColours; }

private:
    ResourceFilter& m_filter;
    bool m_setsColours = false;
};

} // namespace tributary
