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

//! How deeply parenthesized lists may nest in one value. Real responses stay far below: a
//! BODYSTRUCTURE of mail forwarded inside forwarded mail is a few dozen levels; a hostile
//! server can send 200,000 (ImapReader never recurses, but nothing needs more).
inline constexpr int kMaxNesting = 100;

//! How many bytes one response may bring before the framer gives up on the stream. The
//! command that asks decides (ImapCommand::expect): a partial fetch of 1 MB gets 1 MB
//! literals, everything else the defaults. A server cannot raise it by claiming more.
struct ImapByteBudget {
    //! Literals not asked for as such (names, subjects, References): 1 MB.
    static constexpr qint64 kDefaultLiteral = 1024 * 1024;
    //! A whole response not asked for as such (an envelope, a LIST line): 4 MB.
    static constexpr qint64 kDefaultResponse = 4 * 1024 * 1024;
    //! No literal is ever larger than this, whatever was asked (a 256 MB attachment).
    static constexpr qint64 kMaxLiteral = 256 * 1024 * 1024;

    qint64 maxLiteral = kDefaultLiteral;   //!< one literal, as announced ({n})
    qint64 maxResponse = kDefaultResponse; //!< one response: its lines and literals together

    //! A budget for responses carrying literals of up to `literal` bytes each, `count` of them
    //! (clamped to kMaxLiteral), plus room for the rest of the response.
    static ImapByteBudget forLiterals(qint64 literal, qint64 count = 1);
};

//! What broke the budget.
struct ImapOverflow {
    bool literal = false; //!< an announced literal; otherwise the response's bytes so far
    qint64 size = 0;      //!< the announced literal or the response's bytes (saturated)
    qint64 limit = 0;     //!< what the budget allowed
};

//! Splits the byte stream of an IMAP connection into complete responses: one line,
//! with every literal ({n} CRLF followed by n bytes) and the line that continues after
//! it included. Bytes may arrive split at any position; scanning resumes where it
//! stopped, so each byte is looked at once. A response that breaks the byte budget
//! stops the stream (overflow()): its bytes are never buffered beyond the budget.
class ImapResponseParser {
public:
    ImapResponseParser();

    //! The budget for responses from now on (the next command's).
    void setBudget(ImapByteBudget budget) { m_budget = budget; }
    const ImapByteBudget& budget() const { return m_budget; }
    //! Set once a response broke the budget; next() then returns nothing until reset(). The
    //! stream cannot be followed past it (the bytes of a refused literal would be read as
    //! responses), so the connection has to go.
    const std::optional<ImapOverflow>& overflow() const { return m_overflow; }

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
    ImapByteBudget m_budget;
    std::optional<ImapOverflow> m_overflow;

    //! If the line ending at `lf` ends with a literal announcement {n}, its size (saturated
    //! at the largest qint64 for sizes of more than 18 digits).
    std::optional<qint64> literalBefore(qsizetype lf) const;
    //! Checks the response being assembled against the budget, with `literal` more bytes
    //! announced; records the overflow and returns false if it does not fit.
    bool fits(qint64 literal);
};

//! A cursor over one complete response. Every read skips leading spaces first. On a
//! syntax error the reader stops (ok() turns false) and further reads return empty
//! values, so a parser can read a whole structure and check ok() once at the end.
class ImapReader {
public:
    explicit ImapReader(QByteArrayView data)
        : m_data(data) {}

    //! Why a reader stopped.
    enum class Failure {
        None,
        Syntax,  //!< not the grammar (or a number out of range)
        TooDeep, //!< lists nested deeper than kMaxNesting
    };

    bool ok() const { return m_ok; }
    //! The first failure; None while ok().
    Failure failure() const { return m_failure; }
    void fail(Failure why = Failure::Syntax) {
        if (m_ok)
            m_failure = why;
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
    //! A non-negative number; fails if the next token is not one or does not fit 64 bits
    //! (more than 19 digits).
    quint64 number();
    //! A number that fits 32 bits (UIDs, sequence numbers, counts); fails otherwise.
    quint32 number32() {
        const quint64 value = number();
        if (value > 0xffffffffu)
            fail();
        return static_cast<quint32>(value);
    }
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
    //! Skips one value of any kind (atom, number, string, literal, NIL, nested list), without
    //! recursion; lists nested deeper than kMaxNesting fail with Failure::TooDeep.
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
    Failure m_failure = Failure::None;
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
