// A line break in a header or an envelope address is refused before anything is composed
// or sent: it would add header lines ("Bcc:") or SMTP commands ("RCPT TO:").

#include "compose/HeaderSafety.h"
#include "compose/ReplyBuilder.h"
#include "imap/ImapSettings.h"
#include "imap/SmtpSender.h"
#include "mail/OutgoingMime.h"

#include <QTcpServer>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::imap;
using namespace tributary::mail;

namespace {

ImapSettings settings(int smtpPort = 0) {
    Account account;
    account.id = QStringLiteral("unit");
    account.settings = {{QStringLiteral("imapHost"), QStringLiteral("imap.example.com")},
                        {QStringLiteral("emailAddress"), QStringLiteral("me@example.com")},
                        {QStringLiteral("fullName"), QStringLiteral("Me")}};
    if (smtpPort > 0) {
        account.settings.insert(QStringLiteral("smtpHost"), QStringLiteral("127.0.0.1"));
        account.settings.insert(QStringLiteral("smtpPort"), smtpPort);
    }
    auto s = ImapSettings::fromAccount(account);
    EXPECT_TRUE(s.ok());
    return s.value();
}

//! The account's address and name, as the IMAP provider hands them to the mail library.
Participant sender() {
    const ImapSettings s = settings();
    return Participant{s.emailAddress, s.fullName, {}};
}

OutgoingMessage message() {
    OutgoingMessage out;
    out.clientId = QStringLiteral("c1");
    out.to = {Participant{QStringLiteral("ann@example.com"), QStringLiteral("Ann"), {}}};
    out.subject = QStringLiteral("Hello");
    out.text = QStringLiteral("Body\nwith lines\r\nof every kind\rfine in a body");
    return out;
}

QByteArray headerBlock(const QByteArray& mime) {
    const qsizetype end = mime.indexOf("\r\n\r\n");
    return end < 0 ? mime : mime.left(end + 2);
}

void expectRefused(const OutgoingMessage& out, const char* what) {
    const auto built = buildOutgoing(out, sender());
    ASSERT_FALSE(built.ok()) << what << ":\n" << built.value().transmit.toStdString();
    EXPECT_EQ(built.error().code, QStringLiteral("header_line_break")) << what;
    EXPECT_EQ(built.error().kind, ErrorKind::Invalid) << what;
    EXPECT_TRUE(built.error().message.contains(QStringLiteral("Nothing was sent"))) << what;
}

} // namespace

TEST(HeaderInjection, RefusesLineBreaksInWhatTheUserWrote) {
    for (const char* breakIn : {"\r\n", "\n", "\r", "\0", "\x0b"}) {
        const QString bad = QStringLiteral("x") + QString::fromLatin1(breakIn, breakIn[0] ? -1 : 1) +
                            QStringLiteral("Bcc: victim@example.net");
        OutgoingMessage out = message();
        out.subject = bad;
        expectRefused(out, "subject");

        out = message();
        out.to.first().displayName = bad;
        expectRefused(out, "To display name");

        out = message();
        out.cc = {Participant{QStringLiteral("b@example.com"), bad, {}}};
        expectRefused(out, "Cc display name");

        out = message();
        out.from = Participant{QStringLiteral("me@example.com"), bad, {}};
        expectRefused(out, "From display name");

        out = message();
        out.bcc = {Participant{QStringLiteral("b@example.com") + bad, {}, {}}};
        expectRefused(out, "Bcc address");

        out = message();
        out.attachments = {
            OutgoingAttachment{QStringLiteral("a.txt"), QStringLiteral("text/plain") + bad, "x"}};
        expectRefused(out, "attachment type");
    }
    OutgoingMessage out = message();
    out.to.first().address = QStringLiteral("ann@example.com>\r\nRCPT TO:<evil@example.net");
    expectRefused(out, "To address (SMTP command)");
    out = message();
    out.to.first().address = QStringLiteral("ann@example.com evil@example.net");
    expectRefused(out, "space in an address");

    // Tabs and Unicode are fine in a subject; vmime encodes what needs encoding.
    out = message();
    out.subject = QStringLiteral("Plan\tfor Q3 — «draft» \u2028 ✓");
    EXPECT_TRUE(buildOutgoing(out, sender()).ok());
}

TEST(HeaderInjection, TheCheckCoversEveryField) {
    OutgoingMessage out = message();
    EXPECT_FALSE(headerInjectionProblem(out));
    out.inReplyToHeader = QStringLiteral("<a@b>\r\nBcc: x@y");
    EXPECT_TRUE(headerInjectionProblem(out));
    out = message();
    out.referencesHeader = {QStringLiteral("<a@b>"), QStringLiteral("<c@d>\nX-Evil: 1")};
    EXPECT_TRUE(headerInjectionProblem(out));
    EXPECT_TRUE(envelopeAddressProblem(QStringLiteral("a@b\r\nDATA")));
    EXPECT_FALSE(envelopeAddressProblem(QStringLiteral("ann.o'neil+tag@example.com")));
}

TEST(HeaderInjection, ThreadingIdsCopiedFromAHostileMailAreDroppedNotSent) {
    // The user cannot edit these: a reply to a mail with a broken Message-ID goes out unthreaded.
    OutgoingMessage out = message();
    out.inReplyToHeader = QStringLiteral("<a@b>\r\nBcc: victim@example.net");
    out.referencesHeader = {QStringLiteral("<ok@example.com>"), QStringLiteral("<c@d>\nX-Evil: 1")};
    out.attachments = {
        OutgoingAttachment{QStringLiteral("a\r\nX-Evil: 1.txt"), QStringLiteral("text/plain"), "x"}};
    const auto built = buildOutgoing(out, sender());
    ASSERT_TRUE(built.ok()) << built.error().message.toStdString();
    const QByteArray headers = headerBlock(built.value().transmit);
    EXPECT_FALSE(built.value().transmit.contains("Bcc:")) << built.value().transmit.toStdString();
    EXPECT_FALSE(built.value().transmit.contains("\nX-Evil")) << built.value().transmit.toStdString();
    EXPECT_TRUE(built.value().transmit.contains("filename=\"a  X-Evil: 1.txt\""))
        << "the name keeps its text, on one line";
    EXPECT_FALSE(headers.contains("In-Reply-To")) << headers.toStdString();
    EXPECT_TRUE(headers.contains("References: <ok@example.com>")) << headers.toStdString();
}

TEST(HeaderInjection, TheSmtpSenderRefusesBeforeConnecting) {
    // A listening server that must never see a connection.
    QTcpServer server;
    ASSERT_TRUE(server.listen(QHostAddress::LocalHost, 0));
    OutgoingMime mime;
    mime.sender = QStringLiteral("me@example.com");
    mime.recipients = {QStringLiteral("ann@example.com"),
                       QStringLiteral("x@example.com>\r\nRCPT TO:<evil@example.net")};
    mime.transmit = "Subject: x\r\n\r\nbody\r\n";
    AbortFlag abort;
    const Result<void> sent = sendOverSmtp(settings(server.serverPort()), "secret", abort, mime);
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, QStringLiteral("header_line_break"));
    EXPECT_FALSE(server.hasPendingConnections());
    EXPECT_FALSE(server.waitForNewConnection(0)) << "nothing connected";
}

TEST(HeaderInjection, AReplyToAHostileMailIsBuiltOnOneLine) {
    // A subject or a name decoded from a received mail may hold a line break
    // (=?utf-8?q?x=0D=0ABcc:_victim?=); a reply copies them, and must still go out.
    Message original;
    original.id = QStringLiteral("v1:m:acct:INBOX;UIDVALIDITY=1;UID=9");
    original.messageIdHeader = QStringLiteral("orig@example.org");
    original.author =
        Participant{QStringLiteral("eve@example.net"), QStringLiteral("Eve\r\nBcc: victim@example.net"), {}};
    original.subject = QStringLiteral("Invoice\r\nBcc: victim@example.net");
    for (SendKind kind : {SendKind::Reply, SendKind::Forward}) {
        ReplyDraft draft = startReply(original, kind, {QStringLiteral("me@example.com")});
        OutgoingMessage out = draft.message;
        out.clientId = QStringLiteral("c2");
        if (out.to.isEmpty())
            out.to = {original.author};
        EXPECT_FALSE(breaksHeaderLine(out.subject)) << out.subject.toStdString();
        if (kind == SendKind::Reply) {
            ASSERT_EQ(out.to.size(), 1);
            EXPECT_EQ(out.to.first().displayName, QStringLiteral("Eve  Bcc: victim@example.net"));
            const auto built = buildOutgoing(out, sender());
            ASSERT_TRUE(built.ok()) << built.error().message.toStdString();
            const QByteArray headers = headerBlock(built.value().transmit);
            EXPECT_FALSE(headers.contains("\nBcc:")) << headers.toStdString();
            EXPECT_TRUE(headers.contains("Subject: Re: Invoice  Bcc: victim@example.net\r\n"))
                << headers.toStdString();
            EXPECT_EQ(built.value().recipients, QStringList{QStringLiteral("eve@example.net")});
        }
    }
    EXPECT_EQ(replySubject(original.subject), QStringLiteral("Re: Invoice  Bcc: victim@example.net"));
    EXPECT_EQ(forwardSubject(original.subject), QStringLiteral("Fwd: Invoice  Bcc: victim@example.net"));
}
