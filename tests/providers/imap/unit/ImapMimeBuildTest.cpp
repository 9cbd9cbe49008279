// Composing outgoing mail with vmime and reading it back with the provider's MIME
// parser, without a server; plus the fixture messages and garbage never crashing.

#include "imap/ImapSettings.h"
#include "mail/MimeBodyParser.h"
#include "mail/MimeText.h"
#include "mail/OutgoingMime.h"

#include <QFile>
#include <QRandomGenerator>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::imap;
using namespace tributary::mail;

namespace {

ImapSettings settings() {
    Account account;
    account.id = QStringLiteral("unit");
    account.settings = {{QStringLiteral("imapHost"), QStringLiteral("imap.example.com")},
                        {QStringLiteral("emailAddress"), QStringLiteral("me@example.com")},
                        {QStringLiteral("fullName"), QStringLiteral("Mé Myself")}};
    auto s = ImapSettings::fromAccount(account);
    EXPECT_TRUE(s.ok());
    return s.value();
}

//! The account's address and name, as the IMAP provider hands them to the mail library.
Participant sender() {
    const ImapSettings s = settings();
    return Participant{s.emailAddress, s.fullName, {}};
}

QByteArray headerBlock(const QByteArray& message) {
    const qsizetype end = message.indexOf("\r\n\r\n");
    return end < 0 ? message : message.left(end + 2);
}

QByteArray readFixture(const char* name) {
    QFile file(QString::fromUtf8(QT_TESTCASE_SOURCEDIR) + QStringLiteral("/fixtures/mime/") +
               QString::fromLatin1(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    QByteArray data = file.readAll();
    data.replace("\n", "\r\n");
    return data;
}

} // namespace

TEST(ImapMimeBuild, MessageIdsAreDeterministicPerClientId) {
    EXPECT_EQ(messageIdFor(QStringLiteral("abc-123"), QStringLiteral("me@example.com")),
              QStringLiteral("abc-123@example.com"));
    const QString hashed = messageIdFor(QStringLiteral("{6f1c 9}"), QStringLiteral("me@example.com"));
    EXPECT_TRUE(hashed.startsWith(QStringLiteral("t."))) << hashed.toStdString();
    EXPECT_TRUE(hashed.endsWith(QStringLiteral("@example.com")));
    EXPECT_EQ(hashed, messageIdFor(QStringLiteral("{6f1c 9}"), QStringLiteral("me@example.com")));
    EXPECT_NE(hashed, messageIdFor(QStringLiteral("{6f1c 8}"), QStringLiteral("me@example.com")));
    EXPECT_TRUE(messageIdFor(QStringLiteral("x"), QString()).endsWith(QStringLiteral("@tributary.invalid")));
}

TEST(ImapMimeBuild, RefusesAMessageWithoutClientId) {
    OutgoingMessage out;
    out.to = {Participant{QStringLiteral("a@example.com"), {}, {}}};
    auto r = buildOutgoing(out, sender());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
}

TEST(ImapMimeBuild, ADraftWithNobodyYetAndABccOnlyMessageBothBuild) {
    OutgoingMessage draft;
    draft.clientId = QStringLiteral("draft-1");
    draft.subject = QStringLiteral("Ideas");
    draft.text = QStringLiteral("Who to send this to? Later.");
    auto built = buildOutgoing(draft, sender());
    ASSERT_TRUE(built.ok()) << built.error().describe().toStdString();
    EXPECT_TRUE(built.value().recipients.isEmpty());
    const QByteArray head = headerBlock(built.value().copy);
    EXPECT_FALSE((QByteArray("\r\n") + head).contains("\r\nTo:"))
        << "no made-up recipient in a draft: " << head.toStdString();
    EXPECT_TRUE(head.contains("Subject: Ideas"));

    OutgoingMessage blind = draft;
    blind.bcc = {Participant{QStringLiteral("hidden@example.com"), {}, {}}};
    built = buildOutgoing(blind, sender());
    ASSERT_TRUE(built.ok()) << built.error().describe().toStdString();
    EXPECT_EQ(built.value().recipients, QStringList{QStringLiteral("hidden@example.com")});
    EXPECT_TRUE(headerBlock(built.value().transmit).contains("To: undisclosed-recipients:;"));
    EXPECT_FALSE(built.value().transmit.contains("hidden@example.com")) << "Bcc stays blind";
}

TEST(ImapMimeBuild, ComposesAndParsesBack) {
    OutgoingMessage out;
    out.kind = SendKind::Reply;
    out.clientId = QStringLiteral("client-1");
    out.to = {Participant{QStringLiteral("zoe@example.se"), QStringLiteral("Zoë Ångström"), {}}};
    out.cc = {Participant{QStringLiteral("cc@example.com"), {}, {}}};
    out.bcc = {Participant{QStringLiteral("hidden@example.com"), {}, {}}};
    out.subject = QStringLiteral("Re: Grüße – 👋");
    out.text = QStringLiteral("Hallo Zoë,\nviele Grüße\n");
    out.html = QStringLiteral("<p>Hallo <b>Zoë</b></p>");
    out.inReplyToHeader = QStringLiteral("<parent@example.se>");
    out.referencesHeader = {QStringLiteral("root@example.se")};
    QByteArray binary(5000, Qt::Uninitialized);
    for (qsizetype i = 0; i < binary.size(); ++i)
        binary[i] = static_cast<char>(i * 7);
    out.attachments = {OutgoingAttachment{QStringLiteral("Übersicht März.bin"),
                                          QStringLiteral("application/octet-stream"), binary}};

    auto built = buildOutgoing(out, sender());
    ASSERT_TRUE(built.ok()) << built.error().describe().toStdString();
    const OutgoingMime& mime = built.value();
    EXPECT_EQ(mime.messageId, QStringLiteral("client-1@example.com"));
    EXPECT_EQ(mime.sender, QStringLiteral("me@example.com"));
    EXPECT_EQ(mime.recipients,
              (QStringList{QStringLiteral("zoe@example.se"), QStringLiteral("cc@example.com"),
                           QStringLiteral("hidden@example.com")}));

    const QByteArray header = headerBlock(mime.transmit);
    EXPECT_EQ(mail::headerValue(header, "Bcc"), QByteArray()) << "Bcc never reaches recipients";
    EXPECT_EQ(mail::headerValue(headerBlock(mime.copy), "Bcc"), QByteArray("hidden@example.com"));
    EXPECT_EQ(mail::headerValue(header, "Message-ID"), QByteArray("<client-1@example.com>"));
    EXPECT_EQ(mail::headerValue(header, "In-Reply-To"), QByteArray("<parent@example.se>"));
    EXPECT_EQ(mail::parseMessageIds(mail::headerValue(header, "References")),
              (QStringList{QStringLiteral("root@example.se"), QStringLiteral("parent@example.se")}));
    EXPECT_EQ(mail::decodeHeader(mail::headerValue(header, "Subject")), out.subject);
    EXPECT_TRUE(mail::decodeHeader(mail::headerValue(header, "From")).contains(QStringLiteral("Mé Myself")));
    EXPECT_TRUE(mail::decodeHeader(mail::headerValue(header, "To")).contains(QStringLiteral("Zoë Ångström")));
    EXPECT_FALSE(mail::headerValue(header, "Date").isEmpty());
    for (const char c : mime.transmit)
        ASSERT_LT(static_cast<unsigned char>(c), 0x80) << "7-bit clean on the wire";

    const ParsedBody body = parseMessageBody(mime.transmit);
    EXPECT_FALSE(body.degraded);
    EXPECT_EQ(body.text, QStringLiteral("Hallo Zoë,\r\nviele Grüße\r\n"));
    EXPECT_EQ(body.html, QStringLiteral("<p>Hallo <b>Zoë</b></p>"));
    ASSERT_EQ(body.attachments.size(), 1);
    EXPECT_EQ(body.attachments.first().fileName, QStringLiteral("Übersicht März.bin"));
    EXPECT_EQ(body.attachments.first().size, binary.size());
    const auto bytes = extractPart(mime.transmit, body.attachments.first().id);
    ASSERT_TRUE(bytes.has_value());
    EXPECT_EQ(*bytes, binary);
    EXPECT_FALSE(extractPart(mime.transmit, QStringLiteral("7")).has_value());
}

TEST(ImapMimeBuild, ParsesFixturesWithoutAServer) {
    const ParsedBody flowed = parseMessageBody(readFixture("flowed.eml"));
    EXPECT_TRUE(flowed.text.contains(QStringLiteral("at seventy characters and must")));
    const ParsedBody latin1 = parseMessageBody(readFixture("latin1.eml"));
    EXPECT_TRUE(latin1.text.contains(QStringLiteral("Schöne Grüße")));
    const ParsedBody html = parseMessageBody(readFixture("html-alternative.eml"));
    EXPECT_TRUE(html.html.contains(QStringLiteral("café")));
    ASSERT_EQ(html.attachments.size(), 1);
    EXPECT_EQ(html.attachments.first().id, QStringLiteral("2.2"));
    const ParsedBody broken = parseMessageBody(readFixture("malformed.eml"));
    EXPECT_TRUE(broken.degraded);
    EXPECT_TRUE(broken.text.contains(QStringLiteral("Readable words survive here.")));
}

TEST(ImapMimeBuild, UnnamedAttachmentsGetANameAndNamedInlinePartsAreListed) {
    const ParsedBody body = parseMessageBody(readFixture("unnamed-and-inline-attachments.eml"));
    EXPECT_TRUE(body.text.contains(QStringLiteral("See attached.")));
    EXPECT_TRUE(body.text.contains(QStringLiteral("inline notes"))) << "a named inline text part is shown";
    ASSERT_EQ(body.attachments.size(), 3);
    const Attachment& pdf = body.attachments[0];
    EXPECT_TRUE(pdf.fileName.isEmpty()) << "the sender gave it no name";
    EXPECT_EQ(pdf.displayFileName(), QStringLiteral("attachment.pdf"));
    EXPECT_FALSE(pdf.isInline);
    EXPECT_EQ(body.attachments[1].fileName, QStringLiteral("photo.png"));
    EXPECT_TRUE(body.attachments[1].isInline);
    EXPECT_EQ(body.attachments[2].fileName, QStringLiteral("notes.txt")) << "and also listed";
    EXPECT_TRUE(body.attachments[2].isInline);
    EXPECT_EQ(extractPart(readFixture("unnamed-and-inline-attachments.eml"), body.attachments[2].id),
              QByteArray("inline notes"));
}

TEST(ImapMimeBuild, GarbageNeverCrashes) {
    QRandomGenerator generator(1234);
    const QByteArray seed = readFixture("rfc2231-attachments.eml");
    for (int round = 0; round < 200; ++round) {
        QByteArray mutated = seed;
        const int edits = 1 + static_cast<int>(generator.bounded(20));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = generator.bounded(static_cast<int>(mutated.size()));
            switch (generator.bounded(3)) {
            case 0:
                mutated[at] = static_cast<char>(generator.bounded(256));
                break;
            case 1:
                mutated.remove(at, generator.bounded(40));
                break;
            default:
                mutated.insert(at, "\r\n--outer\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n");
                break;
            }
        }
        const ParsedBody body = parseMessageBody(mutated);
        for (const Attachment& a : body.attachments)
            (void)extractPart(mutated, a.id);
    }
    (void)parseMessageBody(QByteArray());
    (void)parseMessageBody(QByteArray("\r\n\r\n"));
    (void)parseMessageBody(
        QByteArray("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n--x--"));
}
