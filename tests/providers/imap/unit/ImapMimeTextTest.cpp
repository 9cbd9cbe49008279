// Header and text decoding used by the IMAP provider: charsets, RFC 2047/2231,
// format=flowed, dates, modified UTF-7 mailbox names.

#include "imap/ImapDates.h"
#include "imap/ImapUtf7.h"
#include "mail/MimeText.h"

#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::imap;
using namespace tributary::mail;

TEST(ImapMimeText, DecodesCharsets) {
    EXPECT_EQ(mail::decodeCharset("caf\xc3\xa9", "UTF-8"), QStringLiteral("café"));
    EXPECT_EQ(mail::decodeCharset("caf\xe9", "iso-8859-1"), QStringLiteral("café"));
    EXPECT_EQ(mail::decodeCharset("\x80 \x93x\x94", "ISO-8859-1"), QStringLiteral("€ “x”"))
        << "Latin-1 labels are read as Windows-1252";
    EXPECT_EQ(mail::decodeCharset("\x80", "windows-1252"), QStringLiteral("€"));
    EXPECT_EQ(mail::decodeCharset("\xa4", "iso-8859-15"), QStringLiteral("€"));
    EXPECT_EQ(mail::decodeCharset("\xb1", "iso-8859-2"), QStringLiteral("ą"));
    EXPECT_EQ(mail::decodeCharset("\xf0\xd2\xc9\xd7\xc5\xd4", "koi8-r"), QStringLiteral("Привет"));
    EXPECT_EQ(mail::decodeCharset("\xc3\x9c", "us-ascii"), QStringLiteral("Ü")) << "8-bit UTF-8 mislabeled";
    EXPECT_EQ(mail::decodeCharset("\xdc", "x-no-such-charset"), QStringLiteral("Ü"));
    EXPECT_EQ(mail::decodeCharset("\xdc", ""), QStringLiteral("Ü"));
}

TEST(ImapMimeText, DecodesEncodedWords) {
    EXPECT_EQ(mail::decodeHeader("=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?="), QStringLiteral("Grüße aus Köln"));
    EXPECT_EQ(mail::decodeHeader("=?iso-8859-1?q?J=F6rg_M=FCller?= <j@x>"),
              QStringLiteral("Jörg Müller <j@x>"));
    EXPECT_EQ(mail::decodeHeader("=?utf-8?q?a?= =?utf-8?q?b?="), QStringLiteral("ab"))
        << "whitespace between encoded words is dropped";
    EXPECT_EQ(mail::decodeHeader("Re: =?utf-8?q?a?= plain"), QStringLiteral("Re: a plain"));
    // A UTF-8 character split across two words (some mailers do this).
    EXPECT_EQ(mail::decodeHeader("=?UTF-8?B?w5w=?= =?UTF-8?B?w5xi?="), QStringLiteral("ÜÜb"));
    EXPECT_EQ(mail::decodeHeader("=?windows-1252?Q?=80_5?="), QStringLiteral("€ 5"));
    EXPECT_EQ(mail::decodeHeader("=?UTF-8*en?Q?hi?="), QStringLiteral("hi"));
    EXPECT_EQ(mail::decodeHeader("not =?encoded"), QStringLiteral("not =?encoded"));
    EXPECT_EQ(mail::decodeHeader("Raw \xc3\x9c"), QStringLiteral("Raw Ü"));
    EXPECT_EQ(mail::decodeHeader("folded\r\n line"), QStringLiteral("folded line"));
}

TEST(ImapMimeText, DecodesRfc2231) {
    EXPECT_EQ(mail::decodeRfc2231("utf-8''%C3%9Cbersicht.pdf"), QStringLiteral("Übersicht.pdf"));
    EXPECT_EQ(mail::decodeRfc2231("iso-8859-1'de'Gr%FC%DFe.txt"), QStringLiteral("Grüße.txt"));
    EXPECT_EQ(mail::decodeRfc2231("plain.txt"), QStringLiteral("plain.txt"));
}

TEST(ImapMimeText, UnwrapsFormatFlowed) {
    const QString flowed = QStringLiteral("This is a long \r\nparagraph that \r\nflows.\r\n"
                                          "> quoted \r\n> text\r\n-- \r\nsig\r\n");
    EXPECT_EQ(mail::unwrapFlowed(flowed, false),
              QStringLiteral("This is a long paragraph that flows.\n> quoted text\n-- \nsig\n"));
    EXPECT_EQ(mail::unwrapFlowed(QStringLiteral("Del \r\nSp\r\n"), true), QStringLiteral("DelSp\n"));
    EXPECT_EQ(mail::unwrapFlowed(QStringLiteral(" From stuffed\r\n"), false),
              QStringLiteral("From stuffed\n"));
}

// Runs on 1 MB of input built to make a scan quadratic (seconds before the scan became
// linear, milliseconds after): a regression shows as a very slow test.
TEST(ImapMimeText, DecodeHeaderKeepsUnclosedEncodedWordsAsText) {
    // "=?" without a "?=" after it, then one real word at the very end.
    const QByteArray unclosed = QByteArray("=?utf-8?q?x ").repeated(90'000);
    EXPECT_EQ(mail::decodeHeader(unclosed + "=?utf-8?q?end?="),
              QString::fromLatin1(unclosed) + QStringLiteral("end"));
    // Candidates whose text has no space but whose charset is empty: all plain text.
    const QByteArray noCharset = QByteArray("=??q?a").repeated(180'000) + "?=";
    EXPECT_EQ(mail::decodeHeader(noCharset), QString::fromLatin1(noCharset));
    // Words still decode next to junk, and adjacent words still join.
    EXPECT_EQ(mail::decodeHeader("=?x =?utf-8?q?a?= =?utf-8?b?Yg==?= =?utf-8?q?c d?="),
              QStringLiteral("=?x ab =?utf-8?q?c d?="));
}

TEST(ImapMimeText, MessageIdsAndHeaderValues) {
    EXPECT_EQ(mail::parseMessageIds("<a@b> <c@d>\r\n\t<e@f>"),
              (QStringList{QStringLiteral("a@b"), QStringLiteral("c@d"), QStringLiteral("e@f")}));
    EXPECT_EQ(mail::parseMessageIds("bare@id"), QStringList{QStringLiteral("bare@id")});
    const QByteArray header = "Subject: x\r\nReferences: <a@b>\r\n <c@d>\r\nFrom: y\r\n\r\nbody";
    EXPECT_EQ(mail::headerValue(header, "references"), QByteArray("<a@b> <c@d>"));
    EXPECT_EQ(mail::headerValue(header, "To"), QByteArray());
}

TEST(ImapMimeText, AttachmentRule) {
    EXPECT_TRUE(mail::isAttachmentPart("application", "pdf", "", false, false, false));
    EXPECT_FALSE(mail::isAttachmentPart("image", "png", "inline", true, false, true));
    EXPECT_TRUE(mail::isAttachmentPart("image", "png", "attachment", true, false, true));
    EXPECT_FALSE(mail::isAttachmentPart("text", "plain", "", false, true, false));
    EXPECT_TRUE(mail::isAttachmentPart("text", "plain", "", true, false, false));
    EXPECT_FALSE(mail::isAttachmentPart("text", "calendar", "", false, true, false));
}

TEST(ImapMimeText, NamedInlineTextIsShownAndListed) {
    // Thunderbird's rule: a text part with a file name that the sender marked inline is part
    // of the text and also one of the files.
    EXPECT_TRUE(mail::isAttachmentPart("text", "plain", "inline", true, false, false));
    EXPECT_TRUE(mail::isShownAsText("text", "plain", "inline", true));
    EXPECT_TRUE(mail::isShownAsText("text", "html", "inline", true));
    EXPECT_FALSE(mail::isShownAsText("text", "plain", "attachment", true));
    EXPECT_FALSE(mail::isShownAsText("text", "plain", "", true)) << "named, no disposition: a file";
    EXPECT_TRUE(mail::isShownAsText("text", "plain", "", false));
    EXPECT_FALSE(mail::isShownAsText("image", "png", "inline", true));
}

TEST(ImapDates, ParsesInternalDates) {
    EXPECT_EQ(parseInternalDate("17-Jul-1996 02:44:25 -0700"),
              QDateTime(QDate(1996, 7, 17), QTime(9, 44, 25), Qt::UTC));
    EXPECT_EQ(parseInternalDate(" 3-Jan-2026 00:00:00 +0100"),
              QDateTime(QDate(2026, 1, 2), QTime(23, 0, 0), Qt::UTC));
    EXPECT_FALSE(parseInternalDate("garbage").isValid());
    // Found by the dates fuzzer: an absurd zone overflowed an int. A zone of more than four
    // digits is unknown, so the time counts as UTC (RFC 5322 4.3), as for an unknown name.
    EXPECT_EQ(parseInternalDate("17-Jul-1996 02:44:25 -888888888"),
              QDateTime(QDate(1996, 7, 17), QTime(2, 44, 25), Qt::UTC));
    EXPECT_EQ(parseRfc5322Date("Wed, 17 Jul 1996 02:44:25 +02"),
              QDateTime(QDate(1996, 7, 17), QTime(0, 44, 25), Qt::UTC));
}

TEST(ImapDates, ParsesRfc5322DatesLeniently) {
    const QDateTime expected(QDate(2026, 11, 23), QTime(8, 18, 12), Qt::UTC);
    EXPECT_EQ(parseRfc5322Date("Mon, 23 Nov 2026 09:18:12 +0100"), expected);
    EXPECT_EQ(parseRfc5322Date("23 Nov 2026 09:18:12 +0100"), expected);
    EXPECT_EQ(parseRfc5322Date("Mon, 23 Nov 2026 08:18:12 GMT"), expected);
    EXPECT_EQ(parseRfc5322Date("Mon, 23 Nov 2026 03:18:12 EST"), expected);
    EXPECT_EQ(parseRfc5322Date("Mon, 23 Nov 26 08:18:12 +0000 (UTC)"), expected);
    EXPECT_EQ(parseRfc5322Date("Mon Nov 23 08:18:12 2026"), expected);
    EXPECT_EQ(parseRfc5322Date("Mon, 23 Nov 2026 08:18 +0000"),
              QDateTime(QDate(2026, 11, 23), QTime(8, 18), Qt::UTC));
    EXPECT_FALSE(parseRfc5322Date("").isValid());
    EXPECT_FALSE(parseRfc5322Date("not a date").isValid());
    EXPECT_FALSE(parseRfc5322Date("Mon, 31 Feb 2026 08:18:12 +0000").isValid());
}

TEST(ImapUtf7, RoundTripsMailboxNames) {
    EXPECT_EQ(decodeMailboxName("Entw&APw-rfe"), QStringLiteral("Entwürfe"));
    EXPECT_EQ(encodeMailboxName(QStringLiteral("Entwürfe")), QByteArray("Entw&APw-rfe"));
    EXPECT_EQ(decodeMailboxName("Tom &- Jerry"), QStringLiteral("Tom & Jerry"));
    EXPECT_EQ(encodeMailboxName(QStringLiteral("Tom & Jerry")), QByteArray("Tom &- Jerry"));
    EXPECT_EQ(decodeMailboxName("&U,BTFw-"), QStringLiteral("台北"));
    EXPECT_EQ(encodeMailboxName(QStringLiteral("台北")), QByteArray("&U,BTFw-"));
    const QString emoji = QStringLiteral("Inbox/😀 fun");
    EXPECT_EQ(decodeMailboxName(encodeMailboxName(emoji)), emoji);
    // Two runs with a printable character between them (Dovecot's spelling).
    EXPECT_EQ(decodeMailboxName("&A5UDuwO7A7cDvQO5A7oDrA- &2D3eAA-"), QStringLiteral("Ελληνικά 😀"));
    EXPECT_EQ(encodeMailboxName(QStringLiteral("Ελληνικά 😀")),
              QByteArray("&A5UDuwO7A7cDvQO5A7oDrA- &2D3eAA-"));
    // Servers that speak UTF-8 (RFC 6855) send names as they are.
    EXPECT_EQ(decodeMailboxName("Entwürfe"), QStringLiteral("Entwürfe"));
}

TEST(ImapUtf7, RejectsMalformedNamesInsteadOfMangling) {
    // Each of these would decode to a name that encodes differently: opening it would ask
    // the server for another folder.
    for (const char* wire : {
             "Entw&APw",          // a run that never ends
             "&APw*-",            // not base64
             "&APw=-",            // padding is not part of modified base64
             "&APx-",             // leftover bits that are not zero
             "&AP-",              // a run cut inside a character
             "&AGE-",             // "a" in base64: printable ASCII stands for itself
             "&2D0-",             // an unpaired surrogate
             "&AOQ-&AOQ-",        // two adjacent runs: one run was meant
             "Tab\there",         // a control character
             "Entw\xfcrfe",       // Latin-1, not UTF-8 and not modified UTF-7
             "Caf\xc3\xa9 &AOQ-", // UTF-8 and modified UTF-7 mixed
         }) {
        EXPECT_FALSE(decodeMailboxName(wire).has_value()) << wire;
    }
    EXPECT_EQ(decodeMailboxName("&AOQ-&-"), QStringLiteral("ä&")) << "a run, then a literal ampersand";
    EXPECT_EQ(decodeMailboxName(""), QString());
}
