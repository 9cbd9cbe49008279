// The data policy, proven end to end: sync and send through a real IMAP/SMTP account
// with the same components the desktop app wires together (ViewStateCache, InboxStore,
// SyncController, the IMAP provider), open the bodies, then scan every byte written
// under the app's data, config and cache directories for the message bodies, the
// attachment bytes and the password. None may be there.

#include "Await.h"
#include "ImapTestSupport.h"
#include "TestEnv.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::test;

namespace {

//! Names every file under `root` that contains `needle` as UTF-8 or UTF-16LE.
QStringList filesContaining(const QString& root, const QString& needle) {
    const QByteArray utf8 = needle.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char*>(needle.utf16()), needle.size() * 2);
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        if (bytes.contains(utf8) || bytes.contains(utf16))
            hits.append(f.fileName());
    }
    return hits;
}

//! Points every XDG directory (and HOME) into `root` for the life of the object.
class ScopedProfile {
public:
    explicit ScopedProfile(const QString& root) {
        for (const char* name :
             {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
            m_saved.append({name, qgetenv(name)});
            qputenv(name, (root + QLatin1Char('/') + QString::fromLatin1(name).toLower()).toLocal8Bit());
        }
    }
    ~ScopedProfile() {
        for (const auto& [name, value] : m_saved)
            qputenv(name, value);
    }

private:
    QList<std::pair<const char*, QByteArray>> m_saved;
};

//! Plain words longer than a snippet (Message::kSnippetLength), to open a body with.
QString snippetFiller() {
    QString words;
    while (words.size() < 2 * Message::kSnippetLength)
        words += QStringLiteral("These opening words are what the list may show. ");
    return words;
}

} // namespace

TEST(DataPolicyScan, NoBodyAttachmentOrPasswordReachesTheDisk) {
    TRIBUTARY_REQUIRE_SERVERS();
    const TestEnv& env = TestEnv::get();
    const QString user = QStringLiteral("carol");
    const QString subjectMarker = uniqueMarker();
    const QString inboundBody = QStringLiteral("inbound-body-") + uniqueMarker();
    const QString outboundBody = QStringLiteral("outbound-body-") + uniqueMarker();
    const QString attachmentBytes = QStringLiteral("attachment-bytes-") + uniqueMarker();
    ASSERT_FALSE(env.password.isEmpty());

    QTemporaryDir root;
    ASSERT_TRUE(root.isValid());
    ScopedProfile profile(root.path());

    // A message arrives, and the user sends one with an attachment, through the real servers.
    QByteArray raw;
    raw += "From: Dana <dana@" + env.domain.toUtf8() + ">\r\nTo: " + env.address(user).toUtf8() + "\r\n";
    raw += "Subject: Policy " + subjectMarker.toUtf8() + " inbound\r\n";
    raw += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n";
    raw += "Message-ID: <" + subjectMarker.toUtf8() + ".in@policy.test>\r\n";
    raw += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    // The policy allows a snippet of at most 200 characters on disk (the list row, from the
    // server's PREVIEW); the markers sit well past it, so only the body itself could carry them.
    raw += "Hello, " + snippetFiller().toUtf8() + "\r\n" + inboundBody.toUtf8() + "\r\n";
    ASSERT_TRUE(deliverRaw(user, raw));

    auto fixture = makeImapProvider(env.imapAccount(user));
    OutgoingMessage out;
    out.clientId = uniqueMarker();
    out.from = {env.address(user), QStringLiteral("Carol"), {}};
    out.to = {{env.address(user), QStringLiteral("Carol"), {}}};
    out.subject = QStringLiteral("Policy ") + subjectMarker + QStringLiteral(" outbound");
    out.text = QStringLiteral("Sent text ") + snippetFiller() + QLatin1Char('\n') + outboundBody;
    out.attachments = {{QStringLiteral("notes.txt"), QStringLiteral("text/plain"), attachmentBytes.toUtf8()}};
    auto sent = await(fixture.provider->send(out), 60000);
    ASSERT_TRUE(sent && sent->ok()) << (sent ? sent->error().describe().toStdString() : "timeout");

    {
        ViewStateCache cache(root.path() + QStringLiteral("/xdg_data_home/Tributary/viewstate.sqlite3"));
        auto opened = await(cache.open());
        ASSERT_TRUE(opened && opened->ok());
        ASSERT_TRUE(cache.saveAccounts({fixture.provider->account()}));
        InboxStore store;
        SyncController sync(&store, &cache);
        sync.addProvider(fixture.provider.get());
        sync.start();

        auto markedMessages = [&] {
            QList<Message> found;
            for (const Thread& t : store.threads()) {
                if (!t.subject.contains(subjectMarker))
                    continue;
                for (const Message& m : store.messagesInThread(t.id))
                    found.append(m);
            }
            return found;
        };
        ASSERT_TRUE(waitUntil([&] { return markedMessages().size() >= 2; }, 60000))
            << "the inbound and the sent message never reached the inbox model";

        // Open every marked message, as a reader would: the bodies come into memory.
        QString seenText;
        for (const Message& m : markedMessages()) {
            auto body = await(sync.fetchBody(m.id), 30000);
            ASSERT_TRUE(body && body->ok()) << (body ? body->error().describe().toStdString() : "timeout");
            seenText += body->value().text;
            if (!body->value().attachments.isEmpty()) {
                auto bytes =
                    await(fixture.provider->fetchAttachment(m.id, body->value().attachments.first().id));
                ASSERT_TRUE(bytes && bytes->ok());
                seenText += QString::fromUtf8(bytes->value());
            }
        }
        EXPECT_TRUE(seenText.contains(inboundBody));
        EXPECT_TRUE(seenText.contains(outboundBody));
        EXPECT_TRUE(seenText.contains(attachmentBytes));

        auto flushed = await(cache.flush());
        ASSERT_TRUE(flushed && flushed->ok());
        sync.removeProvider(fixture.provider->account().id);
        auto closed = await(cache.close());
        ASSERT_TRUE(closed && closed->ok());
    }

    // Positive control: the scan does read the cache (the subject is view state).
    EXPECT_FALSE(filesContaining(root.path(), subjectMarker).isEmpty())
        << "the scan found no cache file at all";
    for (const QString& secret : {inboundBody, outboundBody, attachmentBytes, env.password}) {
        EXPECT_EQ(filesContaining(root.path(), secret), QStringList())
            << "found on disk: "
            << (secret == env.password ? std::string("the password") : secret.toStdString());
    }
}
