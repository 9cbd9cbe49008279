#include "mail/MimeDepth.h"

#include <string>
#include <vector>
#include <vmime/contentTypeField.hpp>
#include <vmime/vmime.hpp>

namespace tributary::mail {

namespace {

inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool startsWithNoCase(QByteArrayView s, qsizetype at, QByteArrayView word) {
    if (at + word.size() > s.size())
        return false;
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (lower(s[at + i]) != word[i])
            return false;
    }
    return true;
}

//! Header lines "Content-Type: multipart/..." anywhere in the message (a field starts a line;
//! vmime allows blanks before the colon and folding before the value). Every level vmime
//! recurses into needs one of its own, so their number bounds the depth.
qsizetype multipartDeclarations(QByteArrayView raw) {
    qsizetype count = 0;
    qsizetype line = 0;
    while (line < raw.size()) {
        if (startsWithNoCase(raw, line, "content-type")) {
            qsizetype i = line + 12;
            while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t'))
                ++i;
            if (i < raw.size() && raw[i] == ':') {
                ++i;
                while (i < raw.size() &&
                       (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n'))
                    ++i;
                if (startsWithNoCase(raw, i, "multipart"))
                    ++count;
            }
        }
        const qsizetype lf = raw.indexOf('\n', line);
        if (lf < 0)
            break;
        line = lf + 1;
    }
    return count;
}

// The part splitting of vmime::body::parseImpl (vmime 0.9.2), on a string, without recursion.

bool isSpaceOrTab(char c) {
    return c == ' ' || c == '\t';
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

//! vmime's findNextBoundaryPosition: the boundary at a line start after "--", followed by a
//! line end or '-'. Returns its position (npos if none, >= end if only past the end).
size_t findBoundary(const std::string& buf, const std::string& boundary, size_t pos, size_t end,
                    size_t* start, size_t* stop) {
    while (pos != std::string::npos && pos < end) {
        pos = buf.find(boundary, pos);
        if (pos == std::string::npos)
            break;
        if (pos != 0) {
            size_t advance = 0; // transport padding between "--" and the boundary
            while (pos > advance && isSpaceOrTab(buf[pos - advance - 1]))
                ++advance;
            if (pos - advance >= 3 && buf.compare(pos - advance - 3, 3, "\n--") == 0) {
                const size_t after = pos + boundary.size();
                const char next = after < buf.size() ? buf[after] : '\0';
                if (next == '\r' || next == '\n' || next == '-') {
                    if (pos - advance >= 4 && buf[pos - advance - 4] == '\r')
                        ++advance;
                    *start = pos - advance - 3;
                    *stop = after;
                    return pos;
                }
            }
        }
        ++pos; // a prefix of another boundary: search on
    }
    return pos;
}

//! vmime's guess for a multipart without a boundary parameter: the first "--" line's text.
std::string guessBoundary(const std::string& buf, size_t position, size_t end) {
    size_t pos = position;
    if (pos + 2 < end && buf.compare(pos, 2, "--") == 0) {
        pos += 2;
    } else {
        pos = buf.find("\n--", position);
        if (pos != std::string::npos && pos + 3 < end)
            pos += 3;
    }
    if (pos == std::string::npos || pos >= end)
        return {};
    const size_t available = std::min<size_t>(end - pos, 255);
    size_t skip = 0;
    while (skip < available && isSpace(buf[pos + skip]))
        ++skip;
    size_t length = 0;
    while (skip + length < available && length < 100 && buf[pos + skip + length] != '\r' &&
           buf[pos + skip + length] != '\n')
        ++length;
    if (length < 1 || length >= 100)
        return {};
    while (length > 0 && isSpace(buf[pos + skip + length - 1]))
        --length;
    return buf.substr(pos + skip, length);
}

struct Region {
    size_t start;
    size_t end;
    int depth; //!< multiparts around it
};

bool walkDeeperThan(const std::string& buf, int limit) {
    const vmime::parsingContext ctx;
    std::vector<Region> stack{{0, buf.size(), 0}};
    while (!stack.empty()) {
        const Region r = stack.back();
        stack.pop_back();
        vmime::header header;
        size_t bodyStart = r.start;
        header.parse(ctx, buf, r.start, r.end, &bodyStart);
        const auto contentType = header.findField<vmime::contentTypeField>(vmime::fields::CONTENT_TYPE);
        if (!contentType)
            continue;
        const auto media = contentType->getValue<vmime::mediaType>();
        if (!media || media->getType() != vmime::mediaTypes::MULTIPART)
            continue;
        if (r.depth + 1 > limit)
            return true;
        if (bodyStart >= r.end)
            continue;
        const std::string boundary =
            contentType->hasBoundary() ? contentType->getBoundary() : guessBoundary(buf, bodyStart, r.end);
        if (boundary.empty())
            continue;
        size_t partStart = bodyStart;
        size_t start = 0;
        size_t stop = 0;
        bool last = false;
        size_t pos = findBoundary(buf, boundary, bodyStart, r.end, &start, &stop);
        for (int index = 0; !last && pos != std::string::npos && pos < r.end; ++index) {
            size_t partEnd = start;
            if (stop + 1 < r.end && buf.compare(stop, 2, "--") == 0) {
                last = true;
                stop += 2;
            }
            while (stop < r.end && isSpaceOrTab(buf[stop]))
                ++stop;
            if (stop + 1 < r.end && buf.compare(stop, 2, "\r\n") == 0)
                stop += 2;
            else if (stop < r.end && buf[stop] == '\n')
                ++stop;
            if (index > 0) {
                if (partEnd < partStart)
                    std::swap(partStart, partEnd);
                stack.push_back({partStart, partEnd, r.depth + 1});
            }
            partStart = stop;
            pos = findBoundary(buf, boundary, stop, r.end, &start, &stop);
        }
        if (!last && pos == std::string::npos)
            stack.push_back({partStart, r.end, r.depth + 1}); // vmime's recovery of a missing end
    }
    return false;
}

} // namespace

bool nestedDeeperThan(QByteArrayView raw, int limit) {
    if (multipartDeclarations(raw) <= limit)
        return false;
    try {
        return walkDeeperThan(std::string(raw.data(), size_t(raw.size())), limit);
    } catch (const std::exception&) {
        return true; // whatever vmime cannot even read a header of is not handed to it
    }
}

} // namespace tributary::mail
