// The IMAP/SMTP provider against the local Dovecot and Postfix: folders and the shared
// team mailbox, TLS trust, plaintext refusal, bodies and charsets from fixture files,
// attachments, replies, move/remove, search, drafts, errors and shutdown.

#include "ImapTestSupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>
#include <functional>

namespace tributary::test {

namespace {

QByteArray fixture(const QString& name, const QString& marker) {
    QFile file(QString::fromUtf8(QT_TESTCASE_SOURCEDIR) + QStringLiteral("/fixtures/mime/") + name);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name.toStdString();
    QByteArray data = file.readAll();
    data.replace("%MARKER%", marker.toUtf8());
    data.replace("\r\n", "\n");
    data.replace("\n", "\r\n");
    return data;
}

QByteArray pdfFixtureBytes() {
    QByteArray pdf = "%PDF-1.4\n";
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < 256; ++i)
            pdf += static_cast<char>(i);
    }
    pdf += "\n%%EOF\n";
    return pdf;
}

class ImapProviderTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_SERVERS(); }

    //! A provider for `user`, with settings adjusted by `tweak`; kept alive by the test.
    ImapProvider& provider(const QString& user, const std::function<void(QVariantMap&)>& tweak = {},
                           bool implicitTls = false) {
        Account account = TestEnv::get().imapAccount(user, implicitTls);
        if (tweak)
            tweak(account.settings);
        m_fixtures.push_back(makeImapProvider(account));
        return *m_fixtures.back().provider;
    }

    static QList<Channel> channels(Provider& p) {
        auto r = await(p.listChannels());
        EXPECT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
        return r && r->ok() ? r->value() : QList<Channel>();
    }

    static Channel inbox(Provider& p) { return channelWithRole(channels(p), ChannelRole::Inbox); }

    //! Delivers a fixture to `user`'s INBOX and returns the one listed message carrying the marker.
    Message deliverFixture(Provider& p, const QString& user, const QString& name,
                           QString* markerOut = nullptr) {
        const QString marker = uniqueMarker();
        if (markerOut)
            *markerOut = marker;
        EXPECT_TRUE(deliverRaw(user, fixture(name, marker)));
        const QList<Message> found = waitForMarker(p, inbox(p), marker);
        EXPECT_EQ(found.size(), 1) << name.toStdString();
        return found.value(0);
    }

    static Message body(Provider& p, const Message& m) {
        auto r = await(p.fetchBody(m.id));
        EXPECT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
        return r && r->ok() ? r->value() : Message();
    }

    std::vector<ImapFixture> m_fixtures;
};

} // namespace

TEST_F(ImapProviderTest, FoldersHaveRolesAndTheSharedTeamFolder) {
    const QList<Channel> list = channels(provider(QStringLiteral("alice")));
    for (ChannelRole role : {ChannelRole::Inbox, ChannelRole::Sent, ChannelRole::Drafts, ChannelRole::Trash,
                             ChannelRole::Junk, ChannelRole::Archive}) {
        const Channel c = channelWithRole(list, role);
        EXPECT_FALSE(c.id.isEmpty()) << "no folder with role " << static_cast<int>(role);
        EXPECT_TRUE(c.selectable);
        EXPECT_FALSE(c.shared);
        EXPECT_GE(c.totalCount, 0);
        EXPECT_GE(c.unreadCount, 0);
    }
    EXPECT_EQ(list.first().role, ChannelRole::Inbox) << "Inbox comes first";
    EXPECT_EQ(channelWithRole(list, ChannelRole::Inbox).name, QStringLiteral("Inbox"));

    const QString teamPath = TestEnv::get().sharedFolder;
    const Channel team = channelNamed(list, teamPath);
    ASSERT_FALSE(team.id.isEmpty()) << "missing " << teamPath.toStdString();
    EXPECT_TRUE(team.shared);
    EXPECT_TRUE(team.selectable);
    EXPECT_EQ(team.name, teamPath.section(QLatin1Char('/'), -1));
    // The namespace root may or may not be a mailbox itself, depending on the server.
    const Channel container = channelNamed(list, teamPath.section(QLatin1Char('/'), 0, 0));
    ASSERT_FALSE(container.id.isEmpty());
    EXPECT_TRUE(container.shared);
    EXPECT_EQ(team.parentId, container.id);
}

TEST_F(ImapProviderTest, NoselectContainersAreNotSelectable) {
    const QString parent = QStringLiteral("Box") + uniqueMarker();
    const QString child = parent + QStringLiteral("/Leaf");
    QProcess doveadm;
    doveadm.start(QStringLiteral("doveadm"),
                  {QStringLiteral("-c"), qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF"),
                   QStringLiteral("mailbox"), QStringLiteral("create"), QStringLiteral("-u"),
                   TestEnv::get().address(QStringLiteral("carol")), child});
    ASSERT_TRUE(doveadm.waitForFinished(30000));
    ASSERT_EQ(doveadm.exitCode(), 0) << doveadm.readAllStandardError().toStdString();

    const QList<Channel> list = channels(provider(QStringLiteral("carol")));
    const Channel leaf = channelNamed(list, child);
    const Channel container = channelNamed(list, parent);
    ASSERT_FALSE(leaf.id.isEmpty());
    ASSERT_FALSE(container.id.isEmpty()) << "a parent without its own mailbox is still listed";
    EXPECT_TRUE(leaf.selectable);
    EXPECT_FALSE(container.selectable);
    EXPECT_EQ(leaf.parentId, container.id);
    EXPECT_EQ(leaf.name, QStringLiteral("Leaf"));
    EXPECT_FALSE(leaf.shared);
}

TEST_F(ImapProviderTest, SharedFolderFlagsAreSeenByTeammates) {
    ImapProvider& alice = provider(QStringLiteral("alice"));
    ImapProvider& bob = provider(QStringLiteral("bob"));
    const QString teamPath = TestEnv::get().sharedFolder;
    const QString marker = uniqueMarker();
    ASSERT_TRUE(
        deliverRaw(QStringLiteral("alice"), simpleMessage(QStringLiteral("alice"), marker, 1), teamPath));

    const Channel aliceTeam = channelNamed(channels(alice), teamPath);
    const QList<Message> seenByAlice = waitForMarker(alice, aliceTeam, marker);
    ASSERT_EQ(seenByAlice.size(), 1);
    auto flagged =
        await(alice.setFlags({seenByAlice.first().id}, MessageFlag::Flagged | MessageFlag::Read, {}));
    ASSERT_TRUE(flagged && flagged->ok()) << flagged->error().describe().toStdString();

    const Channel bobTeam = channelNamed(channels(bob), teamPath);
    ASSERT_FALSE(bobTeam.id.isEmpty());
    const QList<Message> seenByBob = waitForMarker(bob, bobTeam, marker);
    ASSERT_EQ(seenByBob.size(), 1);
    EXPECT_TRUE(seenByBob.first().flags.testFlag(MessageFlag::Flagged)) << "\\Flagged is shared";
    EXPECT_FALSE(seenByBob.first().isRead()) << "\\Seen is private to each user";
}

TEST_F(ImapProviderTest, StartTlsAndImplicitTlsWorkWithTheCaCertificate) {
    for (bool implicitTls : {false, true}) {
        ImapProvider& p = provider(QStringLiteral("carol"), {}, implicitTls);
        auto r = await(p.connectAccount());
        ASSERT_TRUE(r.has_value());
        EXPECT_TRUE(r->ok()) << (implicitTls ? "tls: " : "starttls: ") << r->error().describe().toStdString();
        EXPECT_TRUE(waitUntil([&p] { return p.status().state == ConnectionState::Online; }));
    }
}

TEST_F(ImapProviderTest, UntrustedCertificateNamesItsFingerprintAndCanBeTrusted) {
    const QString expected = pemFingerprint(TestEnv::get().caCertPath);
    ASSERT_EQ(expected.size(), 64);
    for (bool implicitTls : {false, true}) {
        ImapProvider& untrusted = provider(
            QStringLiteral("carol"), [](QVariantMap& s) { s.remove(QStringLiteral("caCertificate")); },
            implicitTls);
        auto r = await(untrusted.connectAccount());
        ASSERT_TRUE(r.has_value());
        ASSERT_FALSE(r->ok());
        const ProviderError& e = r->error();
        EXPECT_EQ(e.kind, ErrorKind::Network) << e.describe().toStdString();
        EXPECT_EQ(e.code, QStringLiteral("tls_untrusted"));
        EXPECT_FALSE(e.retryable);
        const QString fingerprint = ImapProvider::fingerprintFromError(e);
        EXPECT_EQ(fingerprint, expected) << e.message.toStdString();
        EXPECT_TRUE(e.message.contains(QStringLiteral("Trust this certificate")));

        ImapProvider& pinned = provider(
            QStringLiteral("carol"),
            [&fingerprint](QVariantMap& s) {
                s.remove(QStringLiteral("caCertificate"));
                s.insert(QStringLiteral("trustedCertSha256"), fingerprint.toUpper());
            },
            implicitTls);
        auto ok = await(pinned.connectAccount());
        ASSERT_TRUE(ok.has_value());
        EXPECT_TRUE(ok->ok()) << ok->error().describe().toStdString();
    }
    EXPECT_TRUE(ImapProvider::fingerprintFromError(ProviderError::network(QStringLiteral("x"))).isEmpty());
}

TEST_F(ImapProviderTest, PinnedCertificateAlsoCoversSmtp) {
    const QString fingerprint = pemFingerprint(TestEnv::get().caCertPath);
    ImapProvider& p = provider(QStringLiteral("carol"), [&fingerprint](QVariantMap& s) {
        s.remove(QStringLiteral("caCertificate"));
        s.insert(QStringLiteral("trustedCertSha256"), fingerprint);
    });
    const QString marker = uniqueMarker();
    OutgoingMessage out;
    out.clientId = QStringLiteral("pin-") + marker;
    out.to = {Participant{TestEnv::get().address(QStringLiteral("carol")), {}, {}}};
    out.subject = QStringLiteral("Pinned ") + marker;
    out.text = QStringLiteral("via a pinned certificate");
    auto r = await(p.send(out), 60000);
    ASSERT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
    EXPECT_EQ(waitForMarker(p, inbox(p), marker).size(), 1);
}

TEST_F(ImapProviderTest, PlaintextIsRefusedUnlessAllowedOnLoopback) {
    ImapProvider& refused = provider(QStringLiteral("carol"), [](QVariantMap& s) {
        s.insert(QStringLiteral("imapSecurity"), QStringLiteral("none"));
    });
    auto r = await(refused.connectAccount());
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Invalid);
    EXPECT_EQ(r->error().code, QStringLiteral("plaintext_refused"));
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("clear"))) << r->error().message.toStdString();

    ImapProvider& remote = provider(QStringLiteral("carol"), [](QVariantMap& s) {
        s.insert(QStringLiteral("imapHost"), QStringLiteral("mail.example.com"));
        s.insert(QStringLiteral("imapSecurity"), QStringLiteral("none"));
        s.insert(QStringLiteral("allowPlaintext"), true);
    });
    auto remoteResult = await(remote.connectAccount());
    ASSERT_TRUE(remoteResult.has_value());
    ASSERT_FALSE(remoteResult->ok()) << "plaintext is only ever allowed to this computer";
    EXPECT_EQ(remoteResult->error().kind, ErrorKind::Invalid);

    ImapProvider& allowed = provider(QStringLiteral("carol"), [](QVariantMap& s) {
        s.insert(QStringLiteral("imapSecurity"), QStringLiteral("none"));
        s.insert(QStringLiteral("allowPlaintext"), QStringLiteral("true"));
    });
    auto ok = await(allowed.connectAccount());
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(ok->ok()) << ok->error().describe().toStdString();
}

TEST_F(ImapProviderTest, UnreachableServerIsARetryableNetworkErrorNamingHostAndPort) {
    ImapProvider& p =
        provider(QStringLiteral("carol"), [](QVariantMap& s) { s.insert(QStringLiteral("imapPort"), 1); });
    QList<ConnectionState> states;
    QObject::connect(&p, &Provider::statusChanged,
                     [&states](const ConnectionStatus& s) { states.append(s.state); });
    auto r = await(p.connectAccount());
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Network);
    EXPECT_TRUE(r->error().retryable);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("127.0.0.1:1")))
        << r->error().message.toStdString();
    ASSERT_TRUE(waitUntil([&] { return states.contains(ConnectionState::Offline); }));
    EXPECT_TRUE(states.contains(ConnectionState::Connecting));
}

TEST_F(ImapProviderTest, WrongPasswordAsksForSignIn) {
    qputenv("TRIBUTARY_TEST_WRONG_PASSWORD", "definitely-not-the-password");
    ImapProvider& p = provider(QStringLiteral("carol"), [](QVariantMap& s) {
        s.insert(QStringLiteral("passwordEnv"), QStringLiteral("TRIBUTARY_TEST_WRONG_PASSWORD"));
    });
    auto r = await(p.listChannels());
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, QStringLiteral("auth_failed"));
    EXPECT_FALSE(r->error().message.contains(QStringLiteral("definitely"))) << "never echo the secret";
    ASSERT_TRUE(waitUntil([&] { return p.status().state == ConnectionState::NeedsSignIn; }));
}

TEST_F(ImapProviderTest, FetchingABodyLeavesSeenUnchanged) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const QString marker = uniqueMarker();
    ASSERT_TRUE(deliverRaw(QStringLiteral("bob"), simpleMessage(QStringLiteral("bob"), marker, 1)));
    const Channel box = inbox(p);
    QList<Message> found = waitForMarker(p, box, marker);
    ASSERT_EQ(found.size(), 1);
    ASSERT_FALSE(found.first().isRead());
    const Message full = body(p, found.first());
    EXPECT_TRUE(full.bodyLoaded);
    EXPECT_TRUE(full.text.contains(marker));
    EXPECT_FALSE(full.isRead());
    auto attachment = await(p.fetchAttachment(found.first().id, QStringLiteral("1")));
    ASSERT_TRUE(attachment.has_value());
    found = messagesWithMarker(p, box, marker);
    ASSERT_EQ(found.size(), 1);
    EXPECT_FALSE(found.first().isRead()) << "reading must not set \\Seen";
}

TEST_F(ImapProviderTest, ListedRowsCarryASnippetBeforeAnyBodyIsRead) {
    // A window-sized page asks for PREVIEW (RFC 8970; Dovecot offers it), so the list shows
    // the first words of fresh mail without fetching bodies; \Seen stays untouched.
    ImapProvider& p = provider(QStringLiteral("bob"));
    QString marker;
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("latin1.eml"), &marker);
    EXPECT_TRUE(m.snippet.startsWith(QStringLiteral("Schöne Grüße aus Köln"))) << m.snippet.toStdString();
    EXPECT_FALSE(m.bodyLoaded);
    EXPECT_FALSE(m.isRead()) << "PREVIEW must not set \\Seen";
    EXPECT_LE(m.snippet.size(), Message::kSnippetLength);
}

TEST_F(ImapProviderTest, DecodesLatin1) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    QString marker;
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("latin1.eml"), &marker);
    EXPECT_EQ(m.subject, QStringLiteral("Grüße aus Köln ") + marker);
    EXPECT_EQ(m.author.displayName, QStringLiteral("Jörg Müller"));
    EXPECT_EQ(m.author.address, QStringLiteral("joerg@example.de"));
    EXPECT_EQ(m.sentAt, QDateTime(QDate(2025, 3, 3), QTime(9, 15), Qt::UTC));
    EXPECT_EQ(m.messageIdHeader, QStringLiteral("latin1-") + marker + QStringLiteral("@example.de"));
    const Message full = body(p, m);
    EXPECT_TRUE(full.text.contains(QStringLiteral("Schöne Grüße aus Köln, Jörg. Preis: 5 ¤ oder £.")))
        << full.text.toStdString();
    EXPECT_TRUE(full.snippet.startsWith(QStringLiteral("Schöne Grüße")));
}

TEST_F(ImapProviderTest, DecodesWindows1252) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    QString marker;
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("windows1252.eml"), &marker);
    EXPECT_EQ(m.subject, QStringLiteral("“Devis” – € 100 ") + marker);
    const Message full = body(p, m);
    EXPECT_TRUE(full.text.contains(QStringLiteral("Le devis coûte € 100 – “valable” un mois.")))
        << full.text.toStdString();
}

TEST_F(ImapProviderTest, DecodesUtf8EncodedWordsSplitMidCharacter) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    QString marker;
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("utf8-subject.eml"), &marker);
    EXPECT_EQ(m.subject, QStringLiteral("Привет, мир 👋 ") + marker);
    EXPECT_EQ(m.author.displayName, QStringLiteral("Zoë Ångström"));
    ASSERT_EQ(m.to.size(), 1);
    EXPECT_EQ(m.to.first().displayName, QStringLiteral("Björn"));
    const Message full = body(p, m);
    EXPECT_TRUE(full.text.contains(QStringLiteral("Hej! Ünïcödé body ✓ 日本語"))) << full.text.toStdString();
}

TEST_F(ImapProviderTest, DecodesRfc2231FileNamesAndRoundTripsAttachmentBytes) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("rfc2231-attachments.eml"));
    EXPECT_TRUE(m.hasAttachments) << "known from BODYSTRUCTURE at list time";
    const Message full = body(p, m);
    EXPECT_TRUE(full.text.contains(QStringLiteral("See the attached files.")));
    ASSERT_EQ(full.attachments.size(), 3);
    const Attachment& pdf = full.attachments[0];
    EXPECT_EQ(pdf.id, QStringLiteral("2"));
    EXPECT_EQ(pdf.fileName, QStringLiteral("Übersicht März.pdf"));
    EXPECT_EQ(pdf.mimeType, QStringLiteral("application/pdf"));
    EXPECT_EQ(pdf.size, pdfFixtureBytes().size());
    EXPECT_FALSE(pdf.isInline);
    EXPECT_EQ(full.attachments[1].fileName, QStringLiteral("Größe Liste.txt"));
    EXPECT_EQ(full.attachments[2].fileName, QStringLiteral("Süß.png"));

    auto bytes = await(p.fetchAttachment(m.id, pdf.id));
    ASSERT_TRUE(bytes && bytes->ok()) << (bytes ? bytes->error().describe().toStdString() : "timeout");
    EXPECT_EQ(bytes->value(), pdfFixtureBytes());
    auto text = await(p.fetchAttachment(m.id, QStringLiteral("3")));
    ASSERT_TRUE(text && text->ok());
    // The line break before the closing boundary belongs to the boundary (RFC 2046).
    EXPECT_EQ(text->value(), QByteArray("Zeile 1: \xdc"
                                        "bung\r\nZeile 2: Gr\xf6\xdf"
                                        "e"));
    auto missing = await(p.fetchAttachment(m.id, QStringLiteral("9")));
    ASSERT_TRUE(missing.has_value());
    EXPECT_FALSE(missing->ok());
    EXPECT_EQ(missing->error().kind, ErrorKind::NotFound);
}

TEST_F(ImapProviderTest, UnwrapsFormatFlowed) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const Message full = body(p, deliverFixture(p, QStringLiteral("bob"), QStringLiteral("flowed.eml")));
    EXPECT_TRUE(full.text.contains(QStringLiteral("This paragraph was wrapped by the sender's mail program "
                                                  "at seventy characters and must be joined back into "
                                                  "one line by the reader so it reflows.\n")))
        << full.text.toStdString();
    EXPECT_TRUE(full.text.contains(QStringLiteral("> A quoted line that also flows.\n")));
    EXPECT_TRUE(full.text.contains(QStringLiteral("-- \nFlow")));
}

TEST_F(ImapProviderTest, HtmlAlternativeWithInlineImage) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("html-alternative.eml"));
    EXPECT_FALSE(m.hasAttachments) << "an inline image of the HTML is not an attachment";
    const Message full = body(p, m);
    EXPECT_EQ(full.text.trimmed(), QStringLiteral("Plain version: café"));
    EXPECT_TRUE(full.html.contains(QStringLiteral("<b>café</b>")));
    ASSERT_EQ(full.attachments.size(), 1);
    EXPECT_EQ(full.attachments.first().contentId, QStringLiteral("logo@news"));
    EXPECT_TRUE(full.attachments.first().isInline);
    EXPECT_EQ(full.attachments.first().id, QStringLiteral("2.2"));
    auto gif = await(p.fetchAttachment(m.id, QStringLiteral("2.2")));
    ASSERT_TRUE(gif && gif->ok());
    EXPECT_TRUE(gif->value().startsWith("GIF89a"));
}

TEST_F(ImapProviderTest, MalformedMimeIsShownDegradedNotCrashing) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    QString marker;
    const Message m = deliverFixture(p, QStringLiteral("bob"), QStringLiteral("malformed.eml"), &marker);
    EXPECT_EQ(m.subject, QStringLiteral("Malformed ") + marker + QStringLiteral(" été"));
    EXPECT_FALSE(m.sentAt.isValid());
    EXPECT_TRUE(m.receivedAt.isValid());
    const Message full = body(p, m);
    EXPECT_TRUE(full.bodyLoaded);
    EXPECT_TRUE(full.text.contains(QStringLiteral("Readable words survive here.")))
        << full.text.toStdString();
}

TEST_F(ImapProviderTest, LargeMessagesFetchTextOnlyAndStreamAttachments) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const QString marker = uniqueMarker();
    QByteArray blob(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (char& c : blob)
        c = static_cast<char>(generator.bounded(256));
    QByteArray raw =
        "From: big@example.com\r\nTo: bob@" + TestEnv::get().domain.toUtf8() + "\r\nSubject: Big " +
        marker.toUtf8() +
        "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThe big one: ÄÖÜ\r\n--b\r\n"
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=big.bin\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n";
    const QByteArray encoded = blob.toBase64();
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        raw += encoded.mid(i, 76) + "\r\n";
    raw += "--b--\r\n";
    ASSERT_TRUE(deliverRaw(QStringLiteral("bob"), raw));
    const QList<Message> found = waitForMarker(p, inbox(p), marker);
    ASSERT_EQ(found.size(), 1);
    EXPECT_GT(found.first().size, 4 * 1024 * 1024);
    const Message full = body(p, found.first());
    EXPECT_TRUE(full.text.contains(QStringLiteral("The big one: ÄÖÜ")));
    ASSERT_EQ(full.attachments.size(), 1);
    EXPECT_EQ(full.attachments.first().fileName, QStringLiteral("big.bin"));
    auto bytes = await(p.fetchAttachment(found.first().id, full.attachments.first().id), 60000);
    ASSERT_TRUE(bytes && bytes->ok());
    EXPECT_EQ(bytes->value(), blob);
}

TEST_F(ImapProviderTest, SentAttachmentsRoundTrip) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    QByteArray binary(70000, Qt::Uninitialized);
    QRandomGenerator generator(7);
    for (char& c : binary)
        c = static_cast<char>(generator.bounded(256));
    OutgoingMessage out;
    out.clientId = QStringLiteral("att-") + marker;
    out.to = {Participant{TestEnv::get().address(QStringLiteral("carol")), QStringLiteral("Carol Ö"), {}}};
    out.subject = QStringLiteral("Anhänge ") + marker;
    out.text = QStringLiteral("Zwei Dateien, bitte: Grüße");
    out.html = QStringLiteral("<p>Zwei Dateien, <b>bitte</b>: Grüße</p>");
    out.attachments = {OutgoingAttachment{QStringLiteral("Übersicht – März.bin"),
                                          QStringLiteral("application/octet-stream"), binary},
                       OutgoingAttachment{QStringLiteral("notes.txt"), QStringLiteral("text/plain"),
                                          QByteArray("plain notes\r\n")}};
    auto receipt = await(p.send(out), 60000);
    ASSERT_TRUE(receipt && receipt->ok())
        << (receipt ? receipt->error().describe().toStdString() : "timeout");
    EXPECT_FALSE(receipt->value().alreadySent);

    const QList<Message> found = waitForMarker(p, inbox(p), marker);
    ASSERT_EQ(found.size(), 1);
    EXPECT_EQ(found.first().subject, QStringLiteral("Anhänge ") + marker);
    EXPECT_TRUE(found.first().hasAttachments);
    const Message full = body(p, found.first());
    EXPECT_TRUE(full.text.contains(QStringLiteral("Grüße")));
    EXPECT_TRUE(full.html.contains(QStringLiteral("<b>bitte</b>")));
    ASSERT_EQ(full.attachments.size(), 2);
    EXPECT_EQ(full.attachments[0].fileName, QStringLiteral("Übersicht – März.bin"));
    auto bytes = await(p.fetchAttachment(full.id, full.attachments[0].id));
    ASSERT_TRUE(bytes && bytes->ok());
    EXPECT_EQ(bytes->value(), binary);

    // The copy in Sent, marked read.
    const Channel sent = channelWithRole(channels(p), ChannelRole::Sent);
    const QList<Message> copies = waitForMarker(p, sent, marker);
    ASSERT_EQ(copies.size(), 1);
    EXPECT_TRUE(copies.first().isRead());
    EXPECT_EQ(copies.first().id, receipt->value().messageId);
    EXPECT_EQ(copies.first().messageIdHeader, receipt->value().nativeId);
}

TEST_F(ImapProviderTest, RetryFromAFreshSessionFindsTheSentCopy) {
    // A crash after SMTP accepted the message: the next run retries with the same client id.
    const QString marker = uniqueMarker();
    OutgoingMessage out;
    out.clientId = QStringLiteral("retry-") + marker;
    out.to = {Participant{TestEnv::get().address(QStringLiteral("carol")), {}, {}}};
    out.subject = QStringLiteral("Retry ") + marker;
    out.text = QStringLiteral("only once");
    auto first = await(provider(QStringLiteral("carol")).send(out), 60000);
    ASSERT_TRUE(first && first->ok()) << (first ? first->error().describe().toStdString() : "timeout");
    EXPECT_FALSE(first->value().alreadySent);

    ImapProvider& fresh = provider(QStringLiteral("carol"));
    auto second = await(fresh.send(out), 60000);
    ASSERT_TRUE(second && second->ok()) << (second ? second->error().describe().toStdString() : "timeout");
    EXPECT_TRUE(second->value().alreadySent);
    EXPECT_EQ(second->value().nativeId, first->value().nativeId);
    EXPECT_EQ(second->value().messageId, first->value().messageId);
    EXPECT_EQ(waitForMarker(fresh, inbox(fresh), marker).size(), 1);
    ASSERT_TRUE(TestEnv::get().waitForMailQueueEmpty()) << "a duplicate would have arrived by now";
    EXPECT_EQ(messagesWithMarker(fresh, inbox(fresh), marker).size(), 1);
}

TEST_F(ImapProviderTest, ReplySetsThreadingHeadersAndMarksTheOriginalAnswered) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    QByteArray original = simpleMessage(QStringLiteral("carol"), marker, 1);
    original.replace("Subject: ", "References: <root-" + marker.toUtf8() + "@seed.test>\r\nSubject: ");
    ASSERT_TRUE(deliverRaw(QStringLiteral("carol"), original));
    const Channel box = inbox(p);
    const QList<Message> originals = waitForMarker(p, box, marker);
    ASSERT_EQ(originals.size(), 1);
    const Message& parent = originals.first();
    EXPECT_EQ(parent.references,
              QStringList{QStringLiteral("root-") + marker + QStringLiteral("@seed.test")});

    OutgoingMessage reply;
    reply.kind = SendKind::Reply;
    reply.clientId = QStringLiteral("reply-") + marker;
    reply.inReplyToId = parent.id; // threading headers left for the provider to fill
    reply.to = {Participant{TestEnv::get().address(QStringLiteral("carol")), {}, {}}};
    reply.subject = QStringLiteral("Re: ") + parent.subject;
    reply.text = QStringLiteral("A reply.");
    auto receipt = await(p.send(reply), 60000);
    ASSERT_TRUE(receipt && receipt->ok())
        << (receipt ? receipt->error().describe().toStdString() : "timeout");

    const QList<Message> all = waitForMarker(p, box, marker, 2);
    ASSERT_EQ(all.size(), 2);
    const Message& answer = all.first().subject.startsWith(QStringLiteral("Re: ")) ? all[0] : all[1];
    const Message& orig = all.first().subject.startsWith(QStringLiteral("Re: ")) ? all[1] : all[0];
    EXPECT_EQ(answer.subject, QStringLiteral("Re: ") + parent.subject) << "no double prefix";
    EXPECT_EQ(answer.inReplyTo, parent.messageIdHeader);
    EXPECT_EQ(answer.references, (QStringList{QStringLiteral("root-") + marker + QStringLiteral("@seed.test"),
                                              parent.messageIdHeader}));
    EXPECT_EQ(answer.messageIdHeader, receipt->value().nativeId);
    EXPECT_TRUE(orig.flags.testFlag(MessageFlag::Answered));
}

TEST_F(ImapProviderTest, MoveAndRemoveGoThroughTrash) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    for (int i = 0; i < 2; ++i)
        ASSERT_TRUE(deliverRaw(QStringLiteral("carol"), simpleMessage(QStringLiteral("carol"), marker, i)));
    const QList<Channel> list = channels(p);
    const Channel box = channelWithRole(list, ChannelRole::Inbox);
    const Channel archive = channelWithRole(list, ChannelRole::Archive);
    const Channel trash = channelWithRole(list, ChannelRole::Trash);
    QList<Message> found = waitForMarker(p, box, marker, 2);
    ASSERT_EQ(found.size(), 2);

    auto moved = await(p.move({found[0].id}, archive.id));
    ASSERT_TRUE(moved && moved->ok()) << moved->error().describe().toStdString();
    EXPECT_EQ(messagesWithMarker(p, box, marker).size(), 1);
    const QList<Message> archived = messagesWithMarker(p, archive, marker);
    ASSERT_EQ(archived.size(), 1);
    EXPECT_EQ(archived.first().subject, found[0].subject);
    EXPECT_EQ(archived.first().channelId, archive.id);

    auto removed = await(p.remove({found[1].id, archived.first().id}));
    ASSERT_TRUE(removed && removed->ok()) << removed->error().describe().toStdString();
    EXPECT_TRUE(messagesWithMarker(p, box, marker).isEmpty());
    EXPECT_TRUE(messagesWithMarker(p, archive, marker).isEmpty());
    const QList<Message> trashed = messagesWithMarker(p, trash, marker);
    ASSERT_EQ(trashed.size(), 2);

    auto purged = await(p.remove({trashed[0].id, trashed[1].id}));
    ASSERT_TRUE(purged && purged->ok());
    EXPECT_TRUE(messagesWithMarker(p, trash, marker).isEmpty()) << "removing from Trash deletes for good";

    auto stale = await(p.fetchBody(found[0].id));
    ASSERT_TRUE(stale.has_value());
    ASSERT_FALSE(stale->ok());
    EXPECT_EQ(stale->error().kind, ErrorKind::NotFound);
}

TEST_F(ImapProviderTest, MovedMailIsFoundAgainByMessageIdAndMovesBack) {
    // How undo finds an archived message: the server gave the copy a new UID.
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    ASSERT_TRUE(deliverRaw(QStringLiteral("carol"), simpleMessage(QStringLiteral("carol"), marker, 0)));
    const QList<Channel> list = channels(p);
    const Channel box = channelWithRole(list, ChannelRole::Inbox);
    const Channel archive = channelWithRole(list, ChannelRole::Archive);
    const QList<Message> found = waitForMarker(p, box, marker, 1);
    ASSERT_EQ(found.size(), 1);
    ASSERT_FALSE(found[0].messageIdHeader.isEmpty());

    auto moved = await(p.move({found[0].id}, archive.id));
    ASSERT_TRUE(moved && moved->ok());
    auto located =
        await(p.findMessages(archive.id, {found[0].messageIdHeader, QStringLiteral("none@nowhere")}));
    ASSERT_TRUE(located && located->ok()) << located->error().describe().toStdString();
    ASSERT_EQ(located->value().size(), 2);
    EXPECT_TRUE(located->value()[1].isEmpty()) << "an unknown Message-ID finds nothing";
    const QString inArchive = located->value()[0];
    ASSERT_FALSE(inArchive.isEmpty());
    EXPECT_NE(inArchive, found[0].id) << "a new UID in the Archive";
    const QList<Message> archived = messagesWithMarker(p, archive, marker);
    ASSERT_EQ(archived.size(), 1);
    EXPECT_EQ(archived.first().id, inArchive);

    auto back = await(p.move({inArchive}, box.id));
    ASSERT_TRUE(back && back->ok());
    EXPECT_EQ(messagesWithMarker(p, box, marker).size(), 1);
    EXPECT_TRUE(messagesWithMarker(p, archive, marker).isEmpty());
}

TEST_F(ImapProviderTest, SearchesSubjectSenderAndBodyIncludingNonAscii) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const QString marker = uniqueMarker();
    const QString word = QStringLiteral("zebra") + marker.right(6);
    QByteArray inBody = simpleMessage(QStringLiteral("bob"), marker, 1);
    inBody.replace("Body of ", "Body with " + word.toUtf8() + " of ");
    ASSERT_TRUE(deliverRaw(QStringLiteral("bob"), inBody));
    QByteArray unicode = simpleMessage(QStringLiteral("bob"), marker, 2);
    unicode.replace("Subject: ", "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= ");
    ASSERT_TRUE(deliverRaw(QStringLiteral("bob"), unicode));

    auto byBody = await(p.search(SearchQuery{word, {}, 10}));
    ASSERT_TRUE(byBody && byBody->ok()) << byBody->error().describe().toStdString();
    ASSERT_EQ(byBody->value().size(), 1);
    EXPECT_TRUE(byBody->value().first().subject.endsWith(QStringLiteral("seed 1")));

    auto nonAscii = await(p.search(SearchQuery{QStringLiteral("Grüße ") + marker, {}, 10}));
    ASSERT_TRUE(nonAscii && nonAscii->ok()) << nonAscii->error().describe().toStdString();
    ASSERT_EQ(nonAscii->value().size(), 1);
    EXPECT_TRUE(nonAscii->value().first().subject.startsWith(QStringLiteral("Grüße")));

    auto both = await(p.search(SearchQuery{marker, {inbox(p).id}, 10}));
    ASSERT_TRUE(both && both->ok());
    ASSERT_EQ(both->value().size(), 2);
    EXPECT_GE(both->value()[0].activityAt(), both->value()[1].activityAt());

    auto limited = await(p.search(SearchQuery{marker, {}, 1}));
    ASSERT_TRUE(limited && limited->ok());
    EXPECT_EQ(limited->value().size(), 1);
}

TEST_F(ImapProviderTest, SavingADraftReplacesTheEarlierVersion) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    OutgoingMessage draft;
    draft.clientId = QStringLiteral("draft-") + marker;
    draft.to = {Participant{QStringLiteral("someone@example.com"), {}, {}}};
    draft.subject = QStringLiteral("Draft v1 ") + marker;
    draft.text = QStringLiteral("first");
    auto first = await(p.saveDraft(draft));
    ASSERT_TRUE(first && first->ok()) << first->error().describe().toStdString();
    draft.subject = QStringLiteral("Draft v2 ") + marker;
    draft.text = QStringLiteral("second");
    auto second = await(p.saveDraft(draft));
    ASSERT_TRUE(second && second->ok()) << second->error().describe().toStdString();

    const Channel drafts = channelWithRole(channels(p), ChannelRole::Drafts);
    const QList<Message> found = messagesWithMarker(p, drafts, marker);
    ASSERT_EQ(found.size(), 1) << "autosave must not pile up drafts";
    EXPECT_TRUE(found.first().subject.startsWith(QStringLiteral("Draft v2")));
    EXPECT_TRUE(found.first().flags.testFlag(MessageFlag::Draft));
    EXPECT_TRUE(body(p, found.first()).text.contains(QStringLiteral("second")));
}

TEST_F(ImapProviderTest, ReconnectsWhenTheServerDropsTheConnection) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const Channel box = inbox(p);
    ASSERT_FALSE(box.id.isEmpty());
    // Disconnect every session of the user on the server side, like an idle timeout.
    QProcess kick;
    kick.start(QStringLiteral("doveadm"),
               {QStringLiteral("-c"), qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF"),
                QStringLiteral("kick"), TestEnv::get().address(QStringLiteral("carol"))});
    ASSERT_TRUE(kick.waitForFinished(30000)); // the server has closed them when it returns
    auto r = await(p.listMessages(box.id, PageRequest{5, {}}));
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->ok()) << r->error().describe().toStdString();
    EXPECT_TRUE(waitUntil([&p] { return p.status().state == ConnectionState::Online; }));
}

TEST_F(ImapProviderTest, PagingCursorsAndSyncState) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const Channel box = inbox(p);
    auto first = await(p.listMessages(box.id, PageRequest{2, {}}));
    ASSERT_TRUE(first && first->ok());
    const QVariantMap state = first->value().syncState;
    EXPECT_GT(state.value(QStringLiteral("uidValidity")).toULongLong(), 0u);
    EXPECT_GT(state.value(QStringLiteral("uidNext")).toULongLong(), 0u);
    EXPECT_GT(state.value(QStringLiteral("highestModSeq")).toULongLong(), 0u);
    auto bad = await(p.listMessages(box.id, PageRequest{2, QStringLiteral("garbage")}));
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(bad->error().kind, ErrorKind::Invalid);
    auto stale = await(p.listMessages(box.id, PageRequest{2, QStringLiteral("v1:1:5")}));
    ASSERT_TRUE(stale.has_value());
    ASSERT_FALSE(stale->ok());
    EXPECT_EQ(stale->error().code, QStringLiteral("cursor_stale"));
    auto unknown = await(p.listMessages(QStringLiteral("v1:c:test-bob:NoSuchFolder"), PageRequest{2, {}}));
    ASSERT_TRUE(unknown.has_value());
    ASSERT_FALSE(unknown->ok());
    EXPECT_EQ(unknown->error().kind, ErrorKind::NotFound);
}

TEST_F(ImapProviderTest, DestroyingTheProviderWhileBusyStopsCleanly) {
    for (int i = 0; i < 3; ++i) {
        ImapFixture f = makeImapProvider(TestEnv::get().imapAccount(QStringLiteral("alice")));
        QList<QFuture<Result<QList<Channel>>>> pending;
        for (int k = 0; k < 5; ++k)
            pending.append(f.provider->listChannels());
        if (i > 0)
            QTest::qWait(20 * i); // let some requests reach the server
        f.provider.reset();
        for (auto& future : pending) {
            // Every future finishes: with a result, cancelled, or without a value.
            EXPECT_TRUE(waitUntil([&future] { return future.isFinished(); }, 5000));
        }
    }
}

} // namespace tributary::test
