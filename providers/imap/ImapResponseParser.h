#pragma once

// Streaming IMAP response parsing (RFC 3501 section 9 grammar), written for speed:
// the framer finds complete responses in the byte stream without copying them, and
// ImapReader walks one response token by token over views into the same buffer.
// Typed parsers for FETCH, LIST, STATUS ... build on ImapReader (ImapFetchParser.h,
// ImapDataParser.h).

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace tributary::imap {

//! Splits the byte stream of an IMAP connection into complete responses: one line,
//! with every literal ({n} CRLF followed by n bytes) and the line that continues after
//! it included. Bytes may arrive split at any position; scanning resumes where it
//! stopped, so each byte is looked at once.
class ImapResponseParser {
public:
    ImapResponseParser();

    //! Appends bytes read from the socket. Invalidates views returned by next().
    void feed(QByteArrayView data);
    //! The next complete response, including its final CRLF, or nothing when more bytes
    //! are needed. The view stays valid until the next feed() or reset().
    std::optional<QByteArrayView> next();
    //! Bytes received but not yet returned as part of a complete response.
    qsizetype pendingBytes() const { return m_buffer.size() - m_start; }
    //! Forgets all buffered data (after a connection is replaced).
    void reset();

private:
    QByteArray m_buffer;
    qsizetype m_start = 0;        //!< first byte of the response being assembled
    qsizetype m_scan = 0;         //!< first byte not yet scanned
    qsizetype m_segmentStart = 0; //!< first byte after the last literal (where {n} may begin)
    qint64 m_literalLeft = 0;     //!< bytes of a literal still to skip

    //! If the line ending at `lf` ends with a literal announcement {n}, its size.
    std::optional<qint64> literalBefore(qsizetype lf) const;
};

//! A cursor over one complete response. Every read skips leading spaces first. On a
//! syntax error the reader stops (ok() turns false) and further reads return empty
//! values, so a parser can read a whole structure and check ok() once at the end.
class ImapReader {
public:
    explicit ImapReader(QByteArrayView data)
        : m_data(data) {}

    bool ok() const { return m_ok; }
    void fail() {
        m_ok = false;
        m_pos = m_data.size();
    }
    // The small reads are inline: parsing a listing calls them millions of times.

    //! True at the end of the response (only CRLF or nothing left).
    bool atEnd() {
        skipSpaces();
        return m_pos >= m_data.size() || m_data[m_pos] == '\r' || m_data[m_pos] == '\n';
    }
    //! The next character after spaces, or 0 at the end.
    char peek() {
        skipSpaces();
        return m_pos < m_data.size() ? m_data[m_pos] : char(0);
    }
    //! Consumes `c` (after spaces) if it is next.
    bool consume(char c) {
        if (c != 0 && peek() == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    //! Consumes `c` or fails.
    void expect(char c) {
        if (!consume(c))
            fail();
    }
    //! Consumes the word `word` case-insensitively if it is the next atom.
    bool consumeWord(QByteArrayView word);
    //! An atom: characters up to a space, paren, quote, brace or CRLF. '[' ... ']' is
    //! kept inside the atom (BODY[HEADER.FIELDS (X)], resp-text-code atoms).
    QByteArrayView atom();
    //! A non-negative number; fails if the next token is not one.
    quint64 number();
    //! A string that may be NIL: std::nullopt for NIL. Quoted strings without escapes
    //! and literals are returned as views; escaped strings are unescaped into `scratch`.
    std::optional<QByteArrayView> nstring(QByteArray& scratch);
    //! An astring (atom or string); NIL is returned as the atom "NIL".
    QByteArrayView astring(QByteArray& scratch);
    //! Consumes NIL if it is next.
    bool nil() {
        const char c = peek();
        return (c == 'N' || c == 'n') && consumeWord("NIL");
    }
    //! Skips one value of any kind (atom, number, string, literal, NIL, nested list).
    void skipValue();
    //! The rest of the line, without the trailing CRLF.
    QByteArrayView rest();
    qsizetype position() const { return m_pos; }
    QByteArrayView data() const { return m_data; }

private:
    void skipSpaces() {
        while (m_pos < m_data.size() && m_data[m_pos] == ' ')
            ++m_pos;
    }
    std::optional<QByteArrayView> quoted(QByteArray& scratch);
    QByteArrayView literal();

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

//! The shape of one response, classified without parsing its data.
struct ImapResponse {
    enum class Type { Untagged, Tagged, Continuation };
    //! The status of OK/NO/BAD/BYE/PREAUTH responses; None for data responses.
    enum class Status { None, Ok, No, Bad, Bye, Preauth };

    Type type = Type::Untagged;
    Status status = Status::None;
    QByteArrayView tag;     //!< tagged responses only
    bool hasNumber = false; //!< "* 12 EXISTS", "* 3 FETCH ..."
    quint32 number = 0;
    QByteArrayView keyword; //!< FETCH, EXISTS, LIST, STATUS, SEARCH, CAPABILITY, OK ...
    QByteArrayView code;    //!< resp-text-code without brackets ("UIDVALIDITY 42")
    QByteArrayView text;    //!< human-readable text of status responses
    QByteArrayView payload; //!< everything after the keyword (data responses)
    QByteArrayView raw;     //!< the whole response

    bool isKeyword(QByteArrayView word) const;
    //! The first atom of `code` ("UIDVALIDITY"), and its argument text ("42").
    QByteArrayView codeName() const;
    QByteArrayView codeArgument() const;
};

//! Classifies a complete response returned by ImapResponseParser::next().
std::optional<ImapResponse> classifyResponse(QByteArrayView raw);

//! Case-insensitive ASCII comparison for protocol keywords (inline: parsers call it for
//! nearly every token).
inline bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b) {
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const char x = a[i];
        const char y = b[i];
        if (x != y && (x | 0x20) != (y | 0x20))
            return false;
        if (x != y && !((x | 0x20) >= 'a' && (x | 0x20) <= 'z'))
            return false; // equal only after |0x20 but not letters ('@' vs '`')
    }
    return true;
}

//! A decimal number made of digits only (no sign, no spaces), without allocating.
std::optional<quint64> toNumber(QByteArrayView digits);

} // namespace tributary::imap
