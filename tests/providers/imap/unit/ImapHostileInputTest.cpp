// What a hostile or broken IMAP server can send, at the parser level: nesting without end,
// literals of absurd sizes, lines without an end, numbers past 64 bits. Each is refused with
// a reason, in bounded memory and without recursion; the scripted-server suite
// (tests/providers/imap/integration/HostileImapTest.cpp) shows what the app makes of it.

#include "imap/ImapDataParser.h"
#include "imap/ImapDates.h"
#include "imap/ImapFetchParser.h"
#include "imap/ImapResponseParser.h"
#include "mail/MimeBodyParser.h"
#include "mail/MimeDepth.h"

#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::imap;
using namespace tributary::mail;

namespace {

QByteArray nested(int depth, QByteArrayView inner = "x") {
    return QByteArray(depth, '(') + inner.toByteArray() + QByteArray(depth, ')');
}

//! Parses a FETCH and returns why it failed (None if it did not).
ImapReader::Failure fetchFailure(const QByteArray& raw, ImapFetchItem* out = nullptr) {
    const auto response = classifyResponse(raw);
    EXPECT_TRUE(response.has_value()) << raw.left(80).constData();
    if (!response)
        return ImapReader::Failure::Syntax;
    ImapFetchItem item;
    ImapReader::Failure failure = ImapReader::Failure::None;
    const bool ok = parseFetch(*response, item, FetchOptions{true}, &failure);
    EXPECT_EQ(ok, failure == ImapReader::Failure::None);
    if (out)
        *out = item;
    return failure;
}

//! Feeds `stream` in chunks of `chunk` bytes and returns the complete responses.
QList<QByteArray> frame(ImapResponseParser& parser, QByteArrayView stream, qsizetype chunk = 4096) {
    QList<QByteArray> out;
    for (qsizetype pos = 0; pos < stream.size(); pos += chunk) {
        parser.feed(stream.sliced(pos, std::min(chunk, stream.size() - pos)));
        while (const auto r = parser.next())
            out.append(r->toByteArray());
        if (parser.overflow())
            break;
    }
    return out;
}

} // namespace

TEST(ImapHostileInput, TwoHundredThousandParenthesesAreRefusedWithoutRecursion) {
    const QByteArray deep = nested(200'000);
    // An attribute nobody asked for, the tail of an envelope, the extension data of a body part.
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 5 X-HOSTILE " + deep + ")\r\n"), ImapReader::Failure::TooDeep);
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 5 ENVELOPE (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL " + deep +
                           "))\r\n"),
              ImapReader::Failure::TooDeep);
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 5 BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1 NIL "
                           "NIL NIL " +
                           deep + "))\r\n"),
              ImapReader::Failure::TooDeep);
    // A message/rfc822 part carries its own envelope and body: skipped, within the same bound.
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 5 BODYSTRUCTURE (\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 9 " +
                           deep + " NIL 1))\r\n"),
              ImapReader::Failure::TooDeep);
    // Multiparts inside multiparts.
    QByteArray parts;
    for (int i = 0; i < 10'000; ++i)
        parts += '(';
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 5 BODYSTRUCTURE " + parts + ")\r\n"),
              ImapReader::Failure::TooDeep);

    QList<quint32> uids;
    EXPECT_FALSE(parseSearch(*classifyResponse("* SEARCH 1 2 " + deep + "\r\n"), uids));
    EXPECT_FALSE(parseSearch(*classifyResponse("* ESEARCH " + deep + " UID ALL 1:3\r\n"), uids));
    EXPECT_FALSE(parseSearch(*classifyResponse("* ESEARCH (TAG \"a\") UID MODSEQ " + deep + "\r\n"), uids));
    EXPECT_FALSE(parseNamespace(*classifyResponse("* NAMESPACE ((\"\" \"/\" " + deep + ")) NIL NIL\r\n")));
}

TEST(ImapHostileInput, RealNestingStaysReadable) {
    // ImapReader reads a view: the bytes must outlive it.
    const QByteArray enough = nested(kMaxNesting) + " after\r\n";
    ImapReader deepEnough(enough);
    deepEnough.skipValue();
    EXPECT_TRUE(deepEnough.ok());
    EXPECT_EQ(deepEnough.atom(), QByteArrayView("after"));

    const QByteArray tooMuch = nested(kMaxNesting + 1) + "\r\n";
    ImapReader tooDeep(tooMuch);
    tooDeep.skipValue();
    EXPECT_EQ(tooDeep.failure(), ImapReader::Failure::TooDeep);

    ImapReader unclosed("((a b (c)\r\n");
    unclosed.skipValue();
    EXPECT_EQ(unclosed.failure(), ImapReader::Failure::Syntax);
}

TEST(ImapHostileInput, NumbersThatDoNotFitAreErrorsNotWrappedValues) {
    ImapReader twenty("18446744073709551616 4294967296 4294967295\r\n");
    (void)twenty.number();
    EXPECT_FALSE(twenty.ok()) << "20 digits would wrap around 64 bits";

    ImapReader uid("4294967296\r\n");
    (void)uid.number32();
    EXPECT_FALSE(uid.ok());

    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 4294967301 FLAGS ())\r\n"), ImapReader::Failure::Syntax);
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 7 RFC822.SIZE 99999999999999999999)\r\n"),
              ImapReader::Failure::Syntax);
    EXPECT_FALSE(classifyResponse("* 4294967297 EXISTS\r\n").has_value());

    // Sizes that fit but are absurd are unknown (-1), so no later arithmetic overflows.
    ImapFetchItem item;
    EXPECT_EQ(fetchFailure("* 1 FETCH (UID 7 RFC822.SIZE 9223372036854775807 BODYSTRUCTURE (\"application\" "
                           "\"pdf\" NIL NIL NIL \"base64\" 9223372036854775807 NIL (\"attachment\" NIL) NIL "
                           "NIL))\r\n",
                           &item),
              ImapReader::Failure::None);
    EXPECT_EQ(item.size, -1);
    ASSERT_EQ(item.parts.size(), 1);
    EXPECT_EQ(item.parts[0].size, -1);
}

TEST(ImapHostileInput, MalformedSearchResultsAreErrorsNotEmptyResults) {
    const QList<QByteArray> bad = {
        "* SEARCH 1 2 x3\r\n",
        "* SEARCH 1 -2\r\n",
        "* SEARCH 0\r\n",
        "* SEARCH 4294967296\r\n",
        "* SEARCH 123456789012345678901234\r\n",
        "* ESEARCH (TAG \"t\") UID ALL 1:3,x\r\n",
        "* ESEARCH (TAG \"t\") UID ALL 0:3\r\n",
        "* ESEARCH (TAG \"t\") UID ALL 1:4294967296\r\n",
        "* ESEARCH (TAG \"t\") UID ALL\r\n",
    };
    for (const QByteArray& raw : bad) {
        QList<quint32> uids;
        EXPECT_FALSE(parseSearch(*classifyResponse(raw), uids)) << raw.constData();
    }
}

TEST(ImapHostileInput, SequenceSetsHaveATotalCap) {
    QList<quint32> out;
    // Each range is small; together they would be a billion numbers.
    QByteArray many;
    for (int i = 0; i < 1000; ++i)
        many += (i ? "," : "") + QByteArray("1:1000000");
    EXPECT_FALSE(parseSequenceSet(many, out));
    EXPECT_TRUE(out.isEmpty()) << "refused before anything was expanded";
    EXPECT_FALSE(parseSequenceSet("1:4294967295", out));
    EXPECT_TRUE(parseSequenceSet("1:10", out, 10));
    EXPECT_FALSE(parseSequenceSet("11", out, 10)) << "the cap counts what is already there";
    QList<quint32> uids;
    EXPECT_FALSE(parseSearch(*classifyResponse("* ESEARCH (TAG \"t\") UID ALL 1:20\r\n"), uids, 19));
    EXPECT_TRUE(parseSearch(*classifyResponse("* ESEARCH (TAG \"t\") UID ALL 1:20\r\n"), uids, 20));
    uids.clear();
    EXPECT_FALSE(parseSearch(*classifyResponse("* SEARCH 1 2 3\r\n"), uids, 2));
}

TEST(ImapHostileInput, ALiteralLargerThanTheBudgetIsRefusedWhenAnnounced) {
    ImapResponseParser parser;
    parser.setBudget(ImapByteBudget::forLiterals(1024 * 1024));
    QByteArray stream = "* 1 OK fine\r\n* 2 FETCH (UID 9 BODY[] {1000000000000}\r\n";
    stream += QByteArray(64 * 1024, 'x');
    const QList<QByteArray> responses = frame(parser, stream);
    EXPECT_EQ(responses, QList<QByteArray>{"* 1 OK fine\r\n"});
    ASSERT_TRUE(parser.overflow());
    EXPECT_TRUE(parser.overflow()->literal);
    EXPECT_EQ(parser.overflow()->size, 1'000'000'000'000);
    EXPECT_EQ(parser.overflow()->limit, 1024 * 1024);
    EXPECT_LT(parser.pendingBytes(), 128 * 1024) << "nothing of the literal is waited for";
    parser.feed("* 3 OK more\r\n");
    EXPECT_FALSE(parser.next()) << "the stream cannot be followed past a refused literal";
    parser.reset();
    EXPECT_FALSE(parser.overflow());
}

TEST(ImapHostileInput, TwentyDigitLiteralSizesAreOversizedNotLines) {
    ImapResponseParser parser;
    frame(parser, "* 2 FETCH (UID 9 BODY[] {18446744073709551617}\r\nabc)\r\n");
    ASSERT_TRUE(parser.overflow());
    EXPECT_TRUE(parser.overflow()->literal);
    EXPECT_EQ(parser.overflow()->size, std::numeric_limits<qint64>::max());
}

TEST(ImapHostileInput, ALineWithoutEndIsCutAtTheResponseBudget) {
    ImapResponseParser parser;
    const QByteArray chunk(256 * 1024, 'A');
    qsizetype fed = 0;
    while (!parser.overflow() && fed < 64 * 1024 * 1024) {
        parser.feed(chunk);
        fed += chunk.size();
        EXPECT_FALSE(parser.next());
    }
    ASSERT_TRUE(parser.overflow());
    EXPECT_FALSE(parser.overflow()->literal);
    EXPECT_LE(fed, ImapByteBudget::kDefaultResponse + chunk.size());
}

TEST(ImapHostileInput, ManySmallLiteralsCannotAddUpPastTheResponseBudget) {
    ImapResponseParser parser;
    QByteArray stream = "* 1 FETCH (UID 1";
    const QByteArray piece(900 * 1024, 'p');
    for (int i = 0; i < 8; ++i)
        stream += " X-" + QByteArray::number(i) + " {" + QByteArray::number(piece.size()) + "}\r\n" + piece;
    stream += ")\r\n";
    EXPECT_TRUE(frame(parser, stream, 64 * 1024).isEmpty());
    ASSERT_TRUE(parser.overflow());
    EXPECT_EQ(parser.overflow()->limit, ImapByteBudget::kDefaultResponse);
}

TEST(ImapHostileInput, LiteralsWithinTheBudgetStillFrame) {
    ImapResponseParser parser;
    parser.setBudget(ImapByteBudget::forLiterals(3 * 1024 * 1024));
    const QByteArray body(3 * 1024 * 1024, 'b');
    const QByteArray response =
        "* 2 FETCH (UID 9 BODY[] {" + QByteArray::number(body.size()) + "}\r\n" + body + ")\r\n";
    const QList<QByteArray> responses = frame(parser, response, 256 * 1024);
    ASSERT_EQ(responses.size(), 1);
    EXPECT_EQ(responses.first(), response);
    EXPECT_FALSE(parser.overflow());

    const ImapByteBudget capped = ImapByteBudget::forLiterals(std::numeric_limits<qint64>::max() / 2);
    EXPECT_EQ(capped.maxLiteral, ImapByteBudget::kMaxLiteral);
    const ImapByteBudget floor = ImapByteBudget::forLiterals(10);
    EXPECT_EQ(floor.maxLiteral, ImapByteBudget::kDefaultLiteral);
}

TEST(ImapHostileInput, AbsurdZoneOffsetsAndYearsAreNotTrusted) {
    // Offsets of more than four digits would overflow the seconds: no zone (UTC), not garbage.
    EXPECT_EQ(parseInternalDate("01-Jan-2026 10:00:00 +999999999"),
              QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC));
    EXPECT_EQ(parseRfc5322Date("Thu, 01 Jan 2026 10:00:00 -2147483648"),
              QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC));
    EXPECT_EQ(parseRfc5322Date("Thu, 01 Jan 2026 10:00:00 +9959"),
              QDateTime(QDate(2025, 12, 28), QTime(6, 1), Qt::UTC));
    EXPECT_FALSE(parseRfc5322Date("Thu, 01 Jan 999999999 10:00:00 +0000").isValid());
    EXPECT_FALSE(parseInternalDate("01-Jan-99999 10:00:00 +0000").isValid());
}

namespace {

//! A message of `depth` multiparts inside each other, the innermost holding text.
QByteArray nestedMultiparts(int depth) {
    QByteArray raw = "From: a@example.test\r\nSubject: nested\r\nMIME-Version: 1.0\r\n";
    for (int i = 0; i < depth; ++i)
        raw += "Content-Type: multipart/mixed; boundary=\"b" + QByteArray::number(i) + "\"\r\n\r\n--b" +
               QByteArray::number(i) + "\r\n";
    raw += "Content-Type: text/plain\r\n\r\ninnermost text\r\n";
    for (int i = depth - 1; i >= 0; --i)
        raw += "--b" + QByteArray::number(i) + "--\r\n";
    return raw;
}

} // namespace

TEST(ImapHostileInput, MimeNestingIsMeasuredBeforeVmimeSeesTheMessage) {
    EXPECT_FALSE(mail::nestedDeeperThan(nestedMultiparts(mail::kMaxMimeDepth)));
    EXPECT_TRUE(mail::nestedDeeperThan(nestedMultiparts(mail::kMaxMimeDepth + 1)));
    const ParsedBody readable = parseMessageBody(nestedMultiparts(mail::kMaxMimeDepth));
    EXPECT_FALSE(readable.tooDeep);
    EXPECT_TRUE(readable.text.contains(QStringLiteral("innermost text")));

    // 100,000 levels: refused quickly, never parsed (vmime would recurse 100,000 times).
    const QByteArray deep = nestedMultiparts(100'000);
    const ParsedBody refused = parseMessageBody(deep);
    EXPECT_TRUE(refused.tooDeep);
    EXPECT_TRUE(refused.text.isEmpty());
    EXPECT_FALSE(extractPart(deep, QStringLiteral("1")).has_value());

    // Without boundary parameters vmime guesses them from the first "--" line: still nested.
    QByteArray guessed = "Subject: guessed\r\n";
    for (int i = 0; i < 200; ++i)
        guessed += "Content-Type: multipart/mixed\r\n\r\n--g" + QByteArray::number(i) + "\r\n";
    EXPECT_TRUE(mail::nestedDeeperThan(guessed));
}

TEST(ImapHostileInput, ManyMultipartsSideBySideAreNotDeep) {
    // A digest: 200 forwarded conversations, each multipart/alternative, none inside another.
    QByteArray digest =
        "Subject: digest\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n";
    for (int i = 0; i < 200; ++i) {
        const QByteArray b = "alt" + QByteArray::number(i);
        digest += "--outer\r\nContent-Type: multipart/alternative; boundary=" + b + "\r\n\r\n--" + b +
                  "\r\nContent-Type: text/plain\r\n\r\npart " + QByteArray::number(i) + "\r\n--" + b +
                  "--\r\n";
    }
    digest += "--outer--\r\n";
    EXPECT_FALSE(mail::nestedDeeperThan(digest));
    const ParsedBody body = parseMessageBody(digest);
    EXPECT_FALSE(body.tooDeep);
    EXPECT_TRUE(body.text.contains(QStringLiteral("part 0")));
}
