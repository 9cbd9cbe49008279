#include "imap/ImapResponseParser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace tributary::imap {

namespace {
constexpr qsizetype kInitialBuffer = 64 * 1024;

inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

inline bool isAtomEnd(char c) {
    switch (c) {
    case ' ':
    case '(':
    case ')':
    case '{':
    case '"':
    case '\r':
    case '\n':
        return true;
    default:
        return false;
    }
}
} // namespace

std::optional<quint64> toNumber(QByteArrayView digits) {
    if (digits.isEmpty() || digits.size() > 19)
        return std::nullopt;
    quint64 value = 0;
    for (const char c : digits) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + static_cast<quint64>(c - '0');
    }
    return value;
}

// ---------------------------------------------------------------------------------------
// ImapResponseParser

ImapResponseParser::ImapResponseParser() {
    m_buffer.reserve(kInitialBuffer);
}

void ImapResponseParser::feed(QByteArrayView data) {
    // Drop what was already handed out, so the buffer only ever holds one partial
    // response plus the new bytes (the caller drains next() before feeding again).
    if (m_start > 0) {
        const qsizetype keep = m_buffer.size() - m_start;
        if (keep > 0)
            std::memmove(m_buffer.data(), m_buffer.constData() + m_start, static_cast<size_t>(keep));
        m_buffer.resize(keep);
        m_scan -= m_start;
        m_segmentStart -= m_start;
        m_start = 0;
    }
    m_buffer.append(data.data(), data.size());
}

void ImapResponseParser::reset() {
    m_buffer.clear();
    m_start = m_scan = m_segmentStart = 0;
    m_literalLeft = 0;
    m_overflow.reset();
}

ImapByteBudget ImapByteBudget::forLiterals(qint64 literal, qint64 count) {
    ImapByteBudget b;
    b.maxLiteral = std::clamp<qint64>(literal, kDefaultLiteral, kMaxLiteral);
    const qint64 literals = std::clamp<qint64>(count, 1, 64) * b.maxLiteral;
    b.maxResponse = std::min<qint64>(literals, kMaxLiteral) + kDefaultResponse;
    return b;
}

bool ImapResponseParser::fits(qint64 literal) {
    const qint64 assembled = m_scan - m_start;
    if (literal > m_budget.maxLiteral) {
        m_overflow = ImapOverflow{true, literal, m_budget.maxLiteral};
        return false;
    }
    // literal <= maxLiteral (at most 256 MB) and assembled is a buffer size: no overflow.
    if (assembled + literal > m_budget.maxResponse) {
        m_overflow = ImapOverflow{literal > 0, literal > 0 ? literal : assembled, m_budget.maxResponse};
        return false;
    }
    return true;
}

std::optional<qint64> ImapResponseParser::literalBefore(qsizetype lf) const {
    qsizetype i = lf - 1;
    if (i >= m_segmentStart && m_buffer[i] == '\r')
        --i;
    if (i < m_segmentStart || m_buffer[i] != '}')
        return std::nullopt;
    --i;
    if (i >= m_segmentStart && (m_buffer[i] == '+' || m_buffer[i] == '-'))
        --i;
    qint64 value = 0;
    qint64 scale = 1;
    int digits = 0;
    while (i >= m_segmentStart && isDigit(m_buffer[i])) {
        // More than 18 digits: still a literal, of a size no budget allows (saturated).
        if (++digits <= 18) {
            value += (m_buffer[i] - '0') * scale;
            scale *= 10;
        }
        --i;
    }
    if (digits == 0 || i < m_segmentStart || m_buffer[i] != '{')
        return std::nullopt;
    return digits > 18 ? std::numeric_limits<qint64>::max() : value;
}

std::optional<QByteArrayView> ImapResponseParser::next() {
    if (m_overflow)
        return std::nullopt;
    const char* data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    while (m_scan < size) {
        if (m_literalLeft > 0) {
            const qsizetype take = static_cast<qsizetype>(qMin<qint64>(m_literalLeft, size - m_scan));
            m_scan += take;
            m_literalLeft -= take;
            if (m_literalLeft == 0)
                m_segmentStart = m_scan;
            continue;
        }
        // Outside literals only line feeds matter, so memchr can skip ahead: a quoted string
        // cannot hold CR or LF (RFC 3501 QUOTED-CHAR), and a literal announcement {n} is the
        // last thing on its line, so a "{5}" inside quotes is never followed by the line end.
        const void* lf = std::memchr(data + m_scan, '\n', static_cast<size_t>(size - m_scan));
        if (!lf) {
            m_scan = size;
            (void)fits(0); // a line without an end holds no more than the budget
            break;
        }
        m_scan = static_cast<const char*>(lf) - data;
        // Line feed: either a literal follows, or the response is complete.
        if (const auto literal = literalBefore(m_scan)) {
            ++m_scan;
            // Refused when announced: the bytes a server claims are never waited for.
            if (!fits(*literal))
                return std::nullopt;
            m_segmentStart = m_scan;
            m_literalLeft = *literal;
            continue;
        }
        ++m_scan;
        if (!fits(0))
            return std::nullopt;
        const QByteArrayView response(data + m_start, m_scan - m_start);
        m_start = m_scan;
        m_segmentStart = m_scan;
        return response;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// ImapReader

bool ImapReader::consumeWord(QByteArrayView word) {
    skipSpaces();
    const qsizetype end = m_pos + word.size();
    if (end > m_data.size() || !equalsIgnoreCase(m_data.sliced(m_pos, word.size()), word))
        return false;
    if (end < m_data.size() && !isAtomEnd(m_data[end]) && m_data[end] != ']')
        return false;
    m_pos = end;
    return true;
}

QByteArrayView ImapReader::atom() {
    skipSpaces();
    const qsizetype start = m_pos;
    int bracket = 0;
    while (m_pos < m_data.size()) {
        const char c = m_data[m_pos];
        if (c == '[') {
            ++bracket;
        } else if (c == ']') {
            if (bracket == 0)
                break; // the end of a resp-text-code, not part of the atom
            --bracket;
        } else if (bracket == 0 && isAtomEnd(c)) {
            break;
        } else if (c == '\r' || c == '\n') {
            break;
        }
        ++m_pos;
    }
    if (m_pos == start)
        fail();
    return m_data.sliced(start, m_pos - start);
}

quint64 ImapReader::number() {
    skipSpaces();
    const qsizetype start = m_pos;
    quint64 value = 0;
    while (m_pos < m_data.size() && isDigit(m_data[m_pos])) {
        value = value * 10 + static_cast<quint64>(m_data[m_pos] - '0');
        ++m_pos;
    }
    // 19 digits always fit 64 bits; more would have wrapped around silently.
    if (m_pos == start || m_pos - start > 19) {
        fail();
        return 0;
    }
    return value;
}

std::optional<QByteArrayView> ImapReader::quoted(QByteArray& scratch) {
    // m_pos is on the opening quote. Envelopes and body structures are mostly short quoted
    // strings: one table lookup per byte finds the few bytes that matter.
    static constexpr auto special = [] {
        std::array<bool, 256> t{};
        t[static_cast<unsigned char>('"')] = true;
        t[static_cast<unsigned char>('\\')] = true;
        t[static_cast<unsigned char>('\r')] = true;
        t[static_cast<unsigned char>('\n')] = true;
        return t;
    }();
    const char* const data = m_data.data();
    const char* const end = data + m_data.size();
    const char* const start = data + m_pos + 1;
    const char* p = start;
    bool escaped = false;
    for (;;) {
        while (p < end && !special[static_cast<unsigned char>(*p)])
            ++p;
        if (p >= end || *p == '"')
            break;
        if (*p != '\\') { // CR or LF: the string never closed on its line
            fail();
            return QByteArrayView();
        }
        escaped = true;
        p += 2;
    }
    if (p >= end) {
        fail();
        return QByteArrayView();
    }
    m_pos = p - data;
    const QByteArrayView inner(start, p - start);
    ++m_pos; // closing quote
    if (!escaped)
        return inner;
    scratch.clear();
    scratch.reserve(inner.size());
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner[i] == '\\' && i + 1 < inner.size())
            ++i;
        scratch.append(inner[i]);
    }
    return QByteArrayView(scratch);
}

QByteArrayView ImapReader::literal() {
    // m_pos is on '{' (or '~' of a literal8).
    if (m_data[m_pos] == '~')
        ++m_pos;
    if (m_pos >= m_data.size() || m_data[m_pos] != '{') {
        fail();
        return {};
    }
    ++m_pos;
    const quint64 size = number();
    if (m_pos < m_data.size() && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
        ++m_pos;
    if (!m_ok || m_pos >= m_data.size() || m_data[m_pos] != '}') {
        fail();
        return {};
    }
    ++m_pos;
    if (m_pos < m_data.size() && m_data[m_pos] == '\r')
        ++m_pos;
    if (m_pos >= m_data.size() || m_data[m_pos] != '\n') {
        fail();
        return {};
    }
    ++m_pos;
    if (size > static_cast<quint64>(m_data.size() - m_pos)) {
        fail();
        return {};
    }
    const QByteArrayView value = m_data.sliced(m_pos, static_cast<qsizetype>(size));
    m_pos += static_cast<qsizetype>(size);
    return value;
}

std::optional<QByteArrayView> ImapReader::nstring(QByteArray& scratch) {
    const char c = peek();
    if (c == '"')
        return quoted(scratch);
    if (c == '{' || c == '~')
        return literal();
    // Upper-case NIL, as servers send it (envelopes are full of them), without consumeWord().
    if (c == 'N' && m_pos + 3 <= m_data.size() && m_data[m_pos + 1] == 'I' && m_data[m_pos + 2] == 'L' &&
        (m_pos + 3 == m_data.size() || isAtomEnd(m_data[m_pos + 3]) || m_data[m_pos + 3] == ']')) {
        m_pos += 3;
        return std::nullopt;
    }
    if (nil())
        return std::nullopt;
    // Not a string: be lenient and take an atom (some servers send bare numbers).
    return atom();
}

QByteArrayView ImapReader::astring(QByteArray& scratch) {
    const char c = peek();
    if (c == '"' || c == '{' || c == '~')
        return nstring(scratch).value_or(QByteArrayView());
    return atom();
}

void ImapReader::skipValue() {
    // A loop with a counter instead of recursion: a server can nest lists as deep as it likes,
    // and the stack of the thread parsing them is not the place to find out how deep.
    int depth = 0;
    QByteArray scratch;
    do {
        const char c = peek();
        if (c == '(') {
            if (++depth > kMaxNesting) {
                fail(Failure::TooDeep);
                return;
            }
            ++m_pos;
            continue;
        }
        if (c == ')' && depth > 0) {
            --depth;
            ++m_pos;
            continue;
        }
        if (depth > 0 && atEnd()) {
            fail();
            return;
        }
        if (c == '"' || c == '{' || c == '~')
            (void)nstring(scratch);
        else
            (void)atom();
    } while (m_ok && depth > 0);
}

QByteArrayView ImapReader::rest() {
    skipSpaces();
    qsizetype end = m_data.size();
    while (end > m_pos && (m_data[end - 1] == '\n' || m_data[end - 1] == '\r'))
        --end;
    const QByteArrayView value = m_data.sliced(m_pos, end - m_pos);
    m_pos = m_data.size();
    return value;
}

// ---------------------------------------------------------------------------------------
// Classification

bool ImapResponse::isKeyword(QByteArrayView word) const {
    return equalsIgnoreCase(keyword, word);
}

QByteArrayView ImapResponse::codeName() const {
    const qsizetype space = code.indexOf(' ');
    return space < 0 ? code : code.first(space);
}

QByteArrayView ImapResponse::codeArgument() const {
    const qsizetype space = code.indexOf(' ');
    return space < 0 ? QByteArrayView() : code.sliced(space + 1);
}

namespace {
ImapResponse::Status statusOf(QByteArrayView keyword) {
    if (equalsIgnoreCase(keyword, "OK"))
        return ImapResponse::Status::Ok;
    if (equalsIgnoreCase(keyword, "NO"))
        return ImapResponse::Status::No;
    if (equalsIgnoreCase(keyword, "BAD"))
        return ImapResponse::Status::Bad;
    if (equalsIgnoreCase(keyword, "BYE"))
        return ImapResponse::Status::Bye;
    if (equalsIgnoreCase(keyword, "PREAUTH"))
        return ImapResponse::Status::Preauth;
    return ImapResponse::Status::None;
}

//! Splits resp-text into its optional [code] and the human text.
void readRespText(ImapReader& reader, ImapResponse& out) {
    QByteArrayView text = reader.rest();
    if (text.startsWith('[')) {
        const qsizetype close = text.indexOf(']');
        if (close > 0) {
            out.code = text.sliced(1, close - 1);
            text = text.sliced(close + 1);
            while (text.startsWith(' '))
                text = text.sliced(1);
        }
    }
    out.text = text;
}
} // namespace

std::optional<ImapResponse> classifyResponse(QByteArrayView raw) {
    ImapResponse out;
    out.raw = raw;
    ImapReader reader(raw);
    if (raw.startsWith('+')) {
        out.type = ImapResponse::Type::Continuation;
        reader.consume('+');
        readRespText(reader, out);
        return out;
    }
    if (raw.startsWith('*')) {
        out.type = ImapResponse::Type::Untagged;
        reader.consume('*');
        const char c = reader.peek();
        if (c >= '0' && c <= '9') {
            out.number = reader.number32();
            out.hasNumber = true;
        }
    } else {
        out.type = ImapResponse::Type::Tagged;
        out.tag = reader.atom();
    }
    out.keyword = reader.atom();
    if (!reader.ok())
        return std::nullopt;
    out.status = statusOf(out.keyword);
    if (out.type == ImapResponse::Type::Tagged && out.status == ImapResponse::Status::None)
        return std::nullopt;
    if (out.status != ImapResponse::Status::None) {
        readRespText(reader, out);
    } else {
        reader.consume(' ');
        out.payload = raw.sliced(reader.position());
    }
    return out;
}

} // namespace tributary::imap
