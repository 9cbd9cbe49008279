#include "HtmlNesting.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace tributary::html {

namespace {

//! Whether `name` is one of `names` (sorted). Tag names are short and the lists small: a
//! binary search, no hashing and no allocation per tag.
template <size_t N>
bool isOneOf(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::binary_search(names.begin(), names.end(), name);
}

//! Void elements and those HTML closes implicitly: they do not nest.
constexpr std::array<std::string_view, 31> kNotCounted = {
    "area",   "base",  "br",   "col",   "colgroup", "dd",     "dt", "embed", "hr", "image", "img",
    "input",  "li",    "link", "meta",  "optgroup", "option", "p",  "param", "rb", "rp",    "rt",
    "source", "tbody", "td",   "tfoot", "th",       "thead",  "tr", "track", "wbr"};
//! Elements whose content is text up to their end tag.
constexpr std::array<std::string_view, 10> kRawText = {
    "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"};

bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

//! Whether `s` at `pos` starts with `lowerPrefix`, ignoring ASCII case.
bool startsWithNoCase(std::string_view s, size_t pos, std::string_view lowerPrefix) {
    if (s.size() - pos < lowerPrefix.size())
        return false;
    for (size_t k = 0; k < lowerPrefix.size(); ++k) {
        if (lower(s[pos + k]) != lowerPrefix[k])
            return false;
    }
    return true;
}

} // namespace

QByteArray boundNesting(const QByteArray& in, int maxDepth) {
    return boundMarkup(in, maxDepth, 0).html;
}

BoundedMarkup boundMarkup(const QByteArray& in, int maxDepth, int maxElements) {
    static_assert(std::is_sorted(kNotCounted.begin(), kNotCounted.end()));
    static_assert(std::is_sorted(kRawText.begin(), kRawText.end()));
    // Cheap exit: a mail with few tags cannot be deep enough to matter.
    const qsizetype tagStarts = in.count('<');
    if (tagStarts < maxDepth && (maxElements <= 0 || tagStarts <= maxElements))
        return {in, false};
    QByteArray out;
    out.reserve(in.size());
    const std::string_view s(in.constData(), size_t(in.size()));
    const size_t n = s.size();
    int depth = 0;
    int dropped = 0;  // opened tags left out, whose end tags must go too
    int elements = 0; // start tags and comments kept
    // Whether the budget allows one more node; false once it is spent (the rest is cut).
    auto admitNode = [&] {
        return maxElements <= 0 || ++elements <= maxElements;
    };
    size_t i = 0;
    // Copies [i, stop) and continues there.
    auto copyTo = [&](size_t stop) {
        out.append(s.data() + i, qsizetype(stop - i));
        i = stop;
    };
    while (i < n) {
        if (s[i] != '<') {
            const size_t next = s.find('<', i);
            copyTo(next == std::string_view::npos ? n : next);
            continue;
        }
        if (s.compare(i, 4, "<!--") == 0) {
            if (!admitNode())
                return {out, true};
            const size_t end = s.find("-->", i + 4);
            copyTo(end == std::string_view::npos ? n : end + 3);
            continue;
        }
        const bool closing = i + 1 < n && s[i + 1] == '/';
        const size_t nameStart = i + (closing ? 2 : 1);
        if (nameStart >= n || !isAlpha(s[nameStart])) {
            copyTo(i + 1);
            continue;
        }
        size_t k = nameStart;
        while (k < n && (isAlpha(s[k]) || (s[k] >= '0' && s[k] <= '9')))
            ++k;
        // Lower-cased into a small buffer: longer names are in none of the lists.
        std::array<char, 16> buffer{};
        const size_t nameLength = k - nameStart;
        const bool listed = nameLength <= buffer.size();
        if (listed)
            std::transform(s.begin() + nameStart, s.begin() + k, buffer.begin(), lower);
        const std::string_view name =
            listed ? std::string_view(buffer.data(), nameLength) : std::string_view();
        const bool counted = !listed || !isOneOf(name, kNotCounted);
        // The end of the tag, skipping quoted attribute values.
        char quote = 0;
        while (k < n && (quote || s[k] != '>')) {
            if (quote && s[k] == quote)
                quote = 0;
            else if (!quote && (s[k] == '"' || s[k] == '\''))
                quote = s[k];
            ++k;
        }
        const size_t tagEnd = k < n ? k + 1 : n;
        const bool selfClosing = tagEnd >= 2 && s[tagEnd - 2] == '/';
        bool keep = true;
        if (closing) {
            if (counted) {
                if (dropped > 0) {
                    --dropped;
                    keep = false;
                } else if (depth > 0) {
                    --depth;
                }
            }
        } else if (counted && !selfClosing) {
            if (depth >= maxDepth) {
                ++dropped;
                keep = false;
            } else {
                ++depth;
            }
        }
        if (!closing && keep && !admitNode())
            return {out, true};
        if (keep)
            copyTo(tagEnd);
        i = tagEnd;
        if (!closing && keep && listed && isOneOf(name, kRawText)) {
            // Raw text runs to its end tag; tags inside it are text.
            size_t end = i;
            while (true) {
                end = s.find("</", end);
                if (end == std::string_view::npos || startsWithNoCase(s, end + 2, name))
                    break;
                ++end;
            }
            copyTo(end == std::string_view::npos ? n : end);
        }
    }
    return {out, false};
}

} // namespace tributary::html
