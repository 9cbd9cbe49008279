// Byte-level tests of the IMAP response parser: framing across arbitrary read
// boundaries, tokenizing, and the typed FETCH/LIST/STATUS/SEARCH/NAMESPACE parsers.

#include "imap/ImapDataParser.h"
#include "imap/ImapEnvelopes.h"
#include "imap/ImapFetchParser.h"
#include "imap/ImapResponseParser.h"

#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::imap;

namespace {

const QByteArray kReferencesLiteral = QByteArrayLiteral("References: <a@b>\r\n <c@d>\r\n\r\n");

QByteArray fetchFixture() {
    QByteArray f;
    f += "* 12 FETCH (UID 4827 FLAGS (\\Seen $Forwarded custom \\Flagged) "
         "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (";
    f += "\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" ";
    f += "\"=?UTF-8?B?w5xiZXIgZGllIEJyw7xja2U=?= =?ISO-8859-1?Q?_caf=E9?=\" ";
    f += "((\"=?windows-1252?Q?Andr=E9_=93Dre=94?=\" NIL \"andre\" \"example.com\")) ";
    f += "((\"Terry \\\"T\\\" Gray\" NIL \"gray\" \"cac.washington.edu\")) ";
    f += "NIL ";
    f += "((NIL NIL \"team\" NIL)(NIL NIL \"imap\" \"cac.washington.edu\")(NIL NIL NIL NIL)) ";
    f += "((\"Minutes\" NIL \"minutes\" \"CNRI.Reston.VA.US\")) ";
    f += "NIL \"<parent@x>\" \"<B27397-0100000@cac.washington.edu>\") ";
    f += "BODYSTRUCTURE (";
    f += "((\"text\" \"plain\" (\"charset\" \"utf-8\" \"format\" \"flowed\") NIL NIL \"quoted-printable\" "
         "120 4 NIL "
         "NIL NIL NIL)";
    f += "((\"text\" \"html\" (\"charset\" \"iso-8859-1\") NIL NIL \"7bit\" 300 10 NIL NIL NIL NIL)";
    f += "(\"image\" \"png\" (\"name\" \"logo.png\") \"<img1@x>\" NIL \"base64\" 2000 NIL (\"inline\" "
         "(\"filename\" "
         "\"logo.png\")) NIL NIL) \"related\" (\"boundary\" \"b3\" \"type\" \"text/html\") NIL NIL NIL)";
    f += " \"alternative\" (\"boundary\" \"b2\") NIL NIL NIL)";
    f += "(\"application\" \"pdf\" (\"name\" \"x.pdf\") NIL NIL \"base64\" 5000 NIL (\"attachment\" "
         "(\"filename*0*\" "
         "\"utf-8''%C3%9Cber\" \"filename*1*\" \"sicht.pdf\")) NIL NIL)";
    f += "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 300 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
         "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 1 NIL NIL NIL NIL) 12 NIL NIL "
         "NIL NIL)";
    f += " \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL) ";
    f += "MODSEQ (12345) BODY[HEADER.FIELDS (REFERENCES)] {" + QByteArray::number(kReferencesLiteral.size()) +
         "}\r\n" + kReferencesLiteral + ")\r\n";
    return f;
}

//! A realistic stretch of a session: untagged data, a literal holding CRLF, quotes,
//! braces and a fake "{5}" line end, a quoted string with escapes, and a tagged end.
QByteArray streamFixture() {
    const QByteArray body = QByteArrayLiteral("Subject: \"quoted\" {5}\r\nline two {3}\r\n\r\n");
    QByteArray s;
    s += "* 3 EXISTS\r\n";
    s += "* OK [UIDVALIDITY 1700000000] UIDs valid\r\n";
    s += "* 1 FETCH (UID 7 BODY[] {" + QByteArray::number(body.size()) + "}\r\n" + body +
         " FLAGS (\\Seen))\r\n";
    s += "* LIST (\\HasNoChildren) \"/\" \"Quote \\\"me\\\" {2}\"\r\n";
    s += "* 2 FETCH (UID 8 BODY[] {0}\r\n)\r\n";
    s += fetchFixture();
    s += "+ go ahead\r\n";
    s += "t12 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n";
    return s;
}

QList<QByteArray> drain(ImapResponseParser& p) {
    QList<QByteArray> out;
    while (auto r = p.next())
        out.append(r->toByteArray());
    return out;
}

QList<QByteArray> parseInChunks(const QByteArray& stream, const QList<qsizetype>& cuts) {
    ImapResponseParser p;
    QList<QByteArray> out;
    qsizetype pos = 0;
    for (qsizetype cut : cuts) {
        p.feed(QByteArrayView(stream).sliced(pos, cut - pos));
        out += drain(p);
        pos = cut;
    }
    p.feed(QByteArrayView(stream).sliced(pos));
    out += drain(p);
    EXPECT_EQ(p.pendingBytes(), 0);
    return out;
}

ImapFetchItem parseOneFetch(const QByteArray& raw, bool collect) {
    const auto r = classifyResponse(raw);
    EXPECT_TRUE(r.has_value());
    ImapFetchItem item;
    EXPECT_TRUE(parseFetch(*r, item, FetchOptions{collect}));
    return item;
}

} // namespace

TEST(ImapParser, FramesWholeResponses) {
    const QByteArray stream = streamFixture();
    const QList<QByteArray> responses = parseInChunks(stream, {});
    ASSERT_EQ(responses.size(), 8);
    EXPECT_EQ(responses[0], QByteArray("* 3 EXISTS\r\n"));
    EXPECT_TRUE(responses[2].startsWith("* 1 FETCH (UID 7 BODY[] {"));
    EXPECT_TRUE(responses[2].endsWith(" FLAGS (\\Seen))\r\n"));
    EXPECT_TRUE(responses[3].startsWith("* LIST"));
    EXPECT_EQ(responses[5], fetchFixture());
    EXPECT_EQ(responses.join(), stream);
}

TEST(ImapParser, SplitAtEveryBytePositionGivesTheSameResponses) {
    const QByteArray stream = streamFixture();
    const QList<QByteArray> expected = parseInChunks(stream, {});
    for (qsizetype cut = 1; cut < stream.size(); ++cut)
        ASSERT_EQ(parseInChunks(stream, {cut}), expected) << "split at byte " << cut;
}

TEST(ImapParser, ByteByByteGivesTheSameResponses) {
    const QByteArray stream = streamFixture();
    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < stream.size(); ++i)
        cuts.append(i);
    EXPECT_EQ(parseInChunks(stream, cuts), parseInChunks(stream, {}));
}

TEST(ImapParser, ClassifiesTaggedUntaggedAndContinuation) {
    auto ok = classifyResponse("t12 OK [READ-WRITE] Select completed.\r\n");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->type, ImapResponse::Type::Tagged);
    EXPECT_EQ(ok->tag, QByteArrayView("t12"));
    EXPECT_EQ(ok->status, ImapResponse::Status::Ok);
    EXPECT_EQ(ok->code, QByteArrayView("READ-WRITE"));
    EXPECT_EQ(ok->text, QByteArrayView("Select completed."));

    auto no = classifyResponse("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    ASSERT_TRUE(no);
    EXPECT_EQ(no->status, ImapResponse::Status::No);
    EXPECT_EQ(no->codeName(), QByteArrayView("AUTHENTICATIONFAILED"));

    auto uv = classifyResponse("* OK [UIDVALIDITY 1700000000] UIDs valid\r\n");
    ASSERT_TRUE(uv);
    EXPECT_EQ(uv->type, ImapResponse::Type::Untagged);
    EXPECT_EQ(uv->codeName(), QByteArrayView("UIDVALIDITY"));
    EXPECT_EQ(uv->codeArgument(), QByteArrayView("1700000000"));

    auto exists = classifyResponse("* 23 EXISTS\r\n");
    ASSERT_TRUE(exists);
    EXPECT_TRUE(exists->hasNumber);
    EXPECT_EQ(exists->number, 23u);
    EXPECT_TRUE(exists->isKeyword("exists"));

    auto cont = classifyResponse("+ OK\r\n");
    ASSERT_TRUE(cont);
    EXPECT_EQ(cont->type, ImapResponse::Type::Continuation);

    auto caps = classifyResponse("* CAPABILITY IMAP4rev1 MOVE LITERAL+\r\n");
    ASSERT_TRUE(caps);
    EXPECT_EQ(parseCapabilities(caps->payload), (QSet<QByteArray>{"IMAP4REV1", "MOVE", "LITERAL+"}));

    EXPECT_FALSE(classifyResponse("garbage\r\n").has_value());
}

TEST(ImapParser, ParsesAFullFetchResponse) {
    const ImapFetchItem item = parseOneFetch(fetchFixture(), true);
    EXPECT_EQ(item.seq, 12u);
    EXPECT_EQ(item.uid, 4827u);
    EXPECT_TRUE(item.hasFlags);
    EXPECT_EQ(item.flags, MessageFlags(MessageFlag::Read) | MessageFlag::Forwarded | MessageFlag::Flagged);
    EXPECT_EQ(item.internalDate, QDateTime(QDate(1996, 7, 17), QTime(9, 44, 25), Qt::UTC));
    EXPECT_EQ(item.size, 4286);
    EXPECT_EQ(item.modseq, 12345u);

    const ImapEnvelope& e = item.envelope;
    EXPECT_EQ(e.date, QDateTime(QDate(1996, 7, 17), QTime(9, 23, 25), Qt::UTC));
    EXPECT_EQ(e.subject, QStringLiteral("Über die Brücke café"));
    ASSERT_EQ(e.from.size(), 1);
    EXPECT_EQ(e.from[0].name, QStringLiteral("André “Dre”"));
    EXPECT_EQ(e.from[0].address, QStringLiteral("andre@example.com"));
    ASSERT_EQ(e.sender.size(), 1);
    EXPECT_EQ(e.sender[0].name, QStringLiteral("Terry \"T\" Gray"));
    EXPECT_TRUE(e.replyTo.isEmpty());
    ASSERT_EQ(e.to.size(), 1) << "group markers are not addresses";
    EXPECT_EQ(e.to[0].address, QStringLiteral("imap@cac.washington.edu"));
    ASSERT_EQ(e.cc.size(), 1);
    EXPECT_EQ(e.inReplyTo, QStringLiteral("parent@x"));
    EXPECT_EQ(e.messageId, QStringLiteral("B27397-0100000@cac.washington.edu"));
    EXPECT_EQ(item.references, (QStringList{QStringLiteral("a@b"), QStringLiteral("c@d")}));
    EXPECT_TRUE(item.sections.isEmpty());

    EXPECT_TRUE(item.hasBodyStructure);
    EXPECT_TRUE(item.hasAttachments);
    ASSERT_EQ(item.parts.size(), 5);
    EXPECT_EQ(item.parts[0].path, QByteArray("1.1"));
    EXPECT_EQ(item.parts[0].mimeType(), QByteArray("text/plain"));
    EXPECT_TRUE(item.parts[0].formatFlowed);
    EXPECT_TRUE(item.parts[0].inAlternative);
    EXPECT_FALSE(item.parts[0].attachment);
    EXPECT_EQ(item.parts[1].path, QByteArray("1.2.1"));
    EXPECT_EQ(item.parts[1].charset, QByteArray("iso-8859-1"));
    EXPECT_FALSE(item.parts[1].attachment);
    EXPECT_EQ(item.parts[2].path, QByteArray("1.2.2"));
    EXPECT_EQ(item.parts[2].contentId, QByteArray("img1@x"));
    EXPECT_TRUE(item.parts[2].inRelated);
    EXPECT_FALSE(item.parts[2].attachment) << "inline image of the HTML";
    EXPECT_EQ(item.parts[3].path, QByteArray("2"));
    EXPECT_EQ(item.parts[3].fileName, QStringLiteral("Übersicht.pdf"));
    EXPECT_EQ(item.parts[3].disposition, QByteArray("attachment"));
    EXPECT_EQ(item.parts[3].encoding, QByteArray("base64"));
    EXPECT_EQ(item.parts[3].size, 5000);
    EXPECT_TRUE(item.parts[3].attachment);
    EXPECT_EQ(item.parts[4].path, QByteArray("3"));
    EXPECT_EQ(item.parts[4].mimeType(), QByteArray("message/rfc822"));
    EXPECT_TRUE(item.parts[4].attachment);
}

TEST(ImapParser, ListingModeComputesAttachmentsWithoutCollectingParts) {
    const ImapFetchItem item = parseOneFetch(fetchFixture(), false);
    EXPECT_TRUE(item.hasAttachments);
    EXPECT_TRUE(item.parts.isEmpty());
}

TEST(ImapParser, SinglePartAndNilFields) {
    const QByteArray raw =
        "* 1 FETCH (UID 1 FLAGS (\\Recent) INTERNALDATE \"23-Nov-2026 09:18:12 +0000\" RFC822.SIZE 35 "
        "ENVELOPE (NIL \"hello\" ((NIL NIL \"x\" \"y\")) ((NIL NIL \"x\" \"y\")) ((NIL NIL \"x\" \"y\")) NIL "
        "NIL NIL "
        "NIL NIL) BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1 NIL NIL "
        "NIL NIL) "
        "BODY[HEADER.FIELDS (REFERENCES)] {2}\r\n\r\n)\r\n";
    const ImapFetchItem item = parseOneFetch(raw, true);
    EXPECT_EQ(item.flags, MessageFlags());
    EXPECT_FALSE(item.envelope.date.isValid());
    EXPECT_EQ(item.envelope.subject, QStringLiteral("hello"));
    EXPECT_EQ(item.envelope.from.value(0).address, QStringLiteral("x@y"));
    EXPECT_TRUE(item.envelope.messageId.isEmpty());
    EXPECT_TRUE(item.references.isEmpty());
    EXPECT_FALSE(item.hasAttachments);
    ASSERT_EQ(item.parts.size(), 1);
    EXPECT_EQ(item.parts[0].path, QByteArray("1"));
}

TEST(ImapParser, ServerPlaceholdersNeverBecomeAddresses) {
    // Dovecot's ENVELOPE for "From: foo", "From: <>", "From: @host", "foo bar <baz" and an
    // empty list element, as captured from the test server.
    const QByteArray raw =
        "* 1 FETCH (UID 1 ENVELOPE (NIL \"t\" ((NIL NIL \"foo\" \"MISSING_DOMAIN\")) "
        "((NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")) "
        "((NIL NIL \"MISSING_MAILBOX\" \"host\")) "
        "((\"foo bar\" NIL \"baz\" \"SYNTAX_ERROR\")(NIL NIL \"a\" \"b\")(NIL NIL \"MISSING_MAILBOX\" "
        "\"MISSING_DOMAIN\")(NIL NIL \"c\" \".MISSING-HOST-NAME.\")) "
        "((NIL NIL \"quoted local\" \"example.com\")) NIL NIL \"<m@x>\"))\r\n";
    const ImapFetchItem item = parseOneFetch(raw, false);
    ASSERT_TRUE(item.hasEnvelope);
    ASSERT_EQ(item.envelope.from.size(), 1);
    EXPECT_EQ(item.envelope.from[0].address, QStringLiteral("foo")) << "as written";
    EXPECT_TRUE(item.envelope.sender.isEmpty()) << "the null sender is no address at all";
    ASSERT_EQ(item.envelope.replyTo.size(), 1);
    EXPECT_EQ(item.envelope.replyTo[0].address, QStringLiteral("@host"));
    ASSERT_EQ(item.envelope.to.size(), 3) << "the empty element is left out";
    EXPECT_EQ(item.envelope.to[0].name, QStringLiteral("foo bar"));
    EXPECT_EQ(item.envelope.to[0].address, QStringLiteral("baz"));
    EXPECT_EQ(item.envelope.to[1].address, QStringLiteral("a@b"));
    EXPECT_EQ(item.envelope.to[2].address, QStringLiteral("c"));
    ASSERT_EQ(item.envelope.cc.size(), 1);
    EXPECT_EQ(item.envelope.cc[0].address, QStringLiteral("\"quoted local\"@example.com"));

    // The listing's row: no sender, shown as such.
    ImapFetchItem nullSender;
    nullSender.hasEnvelope = true;
    nullSender.envelope.sender = item.envelope.sender;
    const Message m = toMessage(nullSender, QStringLiteral("a"), QStringLiteral("c"),
                                MessageRef{QStringLiteral("INBOX"), 1, 1});
    EXPECT_TRUE(m.author.isEmpty());
    EXPECT_EQ(senderLabel(m.author), QStringLiteral("(no sender)"));
}

TEST(ImapParser, TheStringCacheTakesEmptyStrings) {
    // Found by the imap_fetch fuzzer: an empty envelope string reached memcmp with no data
    // pointer (undefined behaviour, seen in the UBSan trees).
    ImapStringCache cache;
    EXPECT_EQ(cache.utf8(QByteArrayView()), QString());
    EXPECT_EQ(cache.header(QByteArrayView("")), QString());
    EXPECT_EQ(cache.utf8("x"), QStringLiteral("x"));
    const QByteArray raw =
        QByteArray("* 1 FETCH (ENVELOPE (\"\" \"\" ((\"\" NIL \"a\" \"b\")) NIL NIL NIL NIL NIL NIL "
                   "\"\"))\r\n");
    const auto response = classifyResponse(raw);
    ASSERT_TRUE(response);
    ImapFetchItem item;
    ASSERT_TRUE(parseFetch(*response, item, FetchOptions{false, &cache}));
    EXPECT_EQ(item.envelope.from.value(0).address, QStringLiteral("a@b"));
}

TEST(ImapParser, BodySectionsKeepTheirBytes) {
    const QByteArray body("From: a@b\r\n\r\n\x00\xff binary", 21);
    QByteArray raw = "* 5 FETCH (UID 9 BODY[]<0> {" + QByteArray::number(body.size()) + "}\r\n" + body +
                     " BODY[1.MIME] NIL)\r\n";
    const ImapFetchItem item = parseOneFetch(raw, false);
    ASSERT_EQ(item.sections.size(), 2);
    EXPECT_EQ(item.sections[0].spec, QByteArray());
    EXPECT_EQ(item.sections[0].origin, 0);
    EXPECT_EQ(item.sections[0].data, body);
    EXPECT_EQ(item.sections[1].spec, QByteArray("1.MIME"));
    EXPECT_TRUE(item.sections[1].nil);
}

TEST(ImapParser, MalformedFetchIsRejectedNotCrashing) {
    const QList<QByteArray> bad = {
        "* 1 FETCH (UID\r\n",
        "* 1 FETCH (UID 1 ENVELOPE (\"x\"\r\n",
        "* 1 FETCH (UID 1 BODY[] {99}\r\nshort)\r\n",
        "* 1 FETCH (BODYSTRUCTURE (((((((\r\n",
        "* 1 FETCH UID 1\r\n",
    };
    for (const QByteArray& raw : bad) {
        const auto r = classifyResponse(raw);
        ASSERT_TRUE(r.has_value()) << raw.constData();
        ImapFetchItem item;
        EXPECT_FALSE(parseFetch(*r, item, FetchOptions{true})) << raw.constData();
    }
    // Every prefix of a good response must be handled gracefully too.
    const QByteArray good = fetchFixture();
    for (qsizetype n = 0; n < good.size(); ++n) {
        const QByteArray prefix = good.first(n); // the response views point into it
        const auto r = classifyResponse(prefix);
        if (!r)
            continue;
        ImapFetchItem item;
        (void)parseFetch(*r, item, FetchOptions{true});
    }
}

TEST(ImapParser, ParsesListStatusSearchAndNamespace) {
    auto list = parseList(*classifyResponse("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n"));
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->hasAttribute("\\sent"));
    EXPECT_EQ(list->delimiter, '/');
    EXPECT_EQ(list->name, QByteArray("Sent Items"));

    auto flat = parseList(*classifyResponse("* LIST (\\Noselect) NIL Public\r\n"));
    ASSERT_TRUE(flat);
    EXPECT_EQ(flat->delimiter, 0);
    EXPECT_EQ(flat->name, QByteArray("Public"));

    auto literalName = parseList(*classifyResponse("* LIST () \".\" {5}\r\nA\"b c)\r\n"));
    ASSERT_TRUE(literalName);
    EXPECT_EQ(literalName->name, QByteArray("A\"b c"));

    auto status =
        parseStatus(*classifyResponse("* STATUS \"Public/Team\" (MESSAGES 4 UNSEEN 1 UIDNEXT 9)\r\n"));
    ASSERT_TRUE(status);
    EXPECT_EQ(status->mailbox, QByteArray("Public/Team"));
    EXPECT_EQ(status->messages, 4);
    EXPECT_EQ(status->unseen, 1);
    EXPECT_EQ(status->uidNext, 9);

    QList<quint32> uids;
    ASSERT_TRUE(parseSearch(*classifyResponse("* SEARCH 3 1 20\r\n"), uids));
    EXPECT_EQ(uids, (QList<quint32>{3, 1, 20}));
    uids.clear();
    ASSERT_TRUE(parseSearch(*classifyResponse("* SEARCH\r\n"), uids));
    EXPECT_TRUE(uids.isEmpty());
    ASSERT_TRUE(parseSearch(*classifyResponse("* ESEARCH (TAG \"t4\") UID ALL 1:3,7,9:10\r\n"), uids));
    EXPECT_EQ(uids, (QList<quint32>{1, 2, 3, 7, 9, 10}));
    uids.clear();
    ASSERT_TRUE(parseSearch(*classifyResponse("* ESEARCH (TAG \"t5\") UID COUNT 0\r\n"), uids));
    EXPECT_TRUE(uids.isEmpty());

    auto ns = parseNamespace(*classifyResponse("* NAMESPACE ((\"\" \"/\")) NIL ((\"Public/\" \"/\"))\r\n"));
    ASSERT_TRUE(ns);
    ASSERT_EQ(ns->personal.size(), 1);
    EXPECT_EQ(ns->personal[0].prefix, QByteArray());
    EXPECT_TRUE(ns->otherUsers.isEmpty());
    ASSERT_EQ(ns->shared.size(), 1);
    EXPECT_EQ(ns->shared[0].prefix, QByteArray("Public/"));
    EXPECT_EQ(ns->shared[0].delimiter, '/');
}

TEST(ImapParser, SequenceSets) {
    EXPECT_EQ(formatSequenceSet({1, 2, 3, 5, 7, 8}), QByteArray("1:3,5,7:8"));
    EXPECT_EQ(formatSequenceSet({42}), QByteArray("42"));
    EXPECT_EQ(formatSequenceSet({}), QByteArray());
    QList<quint32> out;
    EXPECT_TRUE(parseSequenceSet("5:3,9", out));
    EXPECT_EQ(out, (QList<quint32>{3, 4, 5, 9}));
    EXPECT_FALSE(parseSequenceSet("1:*", out));
    EXPECT_FALSE(parseSequenceSet("1:4000000000", out));
}

TEST(ImapParser, ReaderTokens) {
    ImapReader r("atom \"q\\\\uo\\\"ted\" {3}\r\nlit NIL (a (b c)) 42 rest of line\r\n");
    QByteArray scratch;
    EXPECT_EQ(r.atom(), QByteArrayView("atom"));
    EXPECT_EQ(r.nstring(scratch).value(), QByteArrayView("q\\uo\"ted"));
    EXPECT_EQ(r.nstring(scratch).value(), QByteArrayView("lit"));
    EXPECT_FALSE(r.nstring(scratch).has_value());
    r.skipValue();
    EXPECT_EQ(r.number(), 42u);
    EXPECT_EQ(r.rest(), QByteArrayView("rest of line"));
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.atEnd());
}
