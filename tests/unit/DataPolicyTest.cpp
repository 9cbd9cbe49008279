#include "ViewStateCacheTestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

using namespace tributary;
using namespace tributary::test;

// The data policy (ARCHITECTURE.md) checked on the bytes: whatever the cache is
// handed, bodies, attachments, extras and secrets never reach any file in its folder,
// and in privacy mode neither do subjects, snippets and names.

namespace {

QString marker(const char* what) {
    // Distinctive enough never to occur by chance in a SQLite file.
    return QStringLiteral("zq7%1q7z").arg(QLatin1String(what));
}

//! Markers found anywhere in any file under `dir`, raw UTF-8 or UTF-16 (LE and BE).
QStringList markersOnDisk(const QString& dir, const QStringList& markers) {
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
        all += '\n';
    }
    QStringList found;
    for (const QString& m : markers) {
        QByteArray le;
        QByteArray be;
        for (QChar c : m) {
            le += static_cast<char>(c.unicode() & 0xff);
            le += static_cast<char>(c.unicode() >> 8);
            be += static_cast<char>(c.unicode() >> 8);
            be += static_cast<char>(c.unicode() & 0xff);
        }
        if (all.contains(m.toUtf8()) || all.contains(le) || all.contains(be))
            found.append(m);
    }
    return found;
}

Message messageWithSecrets(int n) {
    Message m = makeCacheMessage(n);
    m.bodyLoaded = true;
    m.text = marker("BODYTEXT") + QStringLiteral(" the body of the message");
    m.html = QStringLiteral("<p>") + marker("BODYHTML") + QStringLiteral("</p>");
    m.attachments = {Attachment{QStringLiteral("2"), marker("ATTACHNAME") + QStringLiteral(".pdf"),
                                QStringLiteral("application/pdf"), 10, marker("CONTENTID"), false}};
    m.reactions = {Reaction{marker("REACTION"), {QStringLiteral("U1")}}};
    m.extras = {{QStringLiteral("accessToken"), marker("EXTRATOKEN")},
                {QStringLiteral("note"), marker("EXTRANOTE")},
                {marker("EXTRAKEY"), 1}};
    return m;
}

struct DataPolicyTest : ::testing::Test {
    QTemporaryDir dir;
    QString path() const { return dir.filePath(QStringLiteral("viewstate.sqlite3")); }
};

} // namespace

TEST_F(DataPolicyTest, BodiesAttachmentsExtrasAndSecretsNeverReachDisk) {
    const QStringList forbidden = {marker("BODYTEXT"),  marker("BODYHTML"),     marker("ATTACHNAME"),
                                   marker("CONTENTID"), marker("REACTION"),     marker("EXTRATOKEN"),
                                   marker("EXTRANOTE"), marker("EXTRAKEY"),     marker("PASSWORD"),
                                   marker("TOKEN"),     marker("NESTEDSECRET"), marker("APIKEYSETTING")};
    const QStringList allowed = {marker("SUBJECT"), marker("SETTINGHOST")};
    {
        ViewStateCache cache(path());
        ASSERT_NO_FATAL_FAILURE(openCache(cache));
        const Account account{cacheTestAccount(),
                              QStringLiteral("imap"),
                              QStringLiteral("Work"),
                              QColor(),
                              {{QStringLiteral("host"), marker("SETTINGHOST")},
                               {QStringLiteral("password"), marker("PASSWORD")},
                               {QStringLiteral("oauthToken"), marker("TOKEN")},
                               {QStringLiteral("server"),
                                QVariantMap{{QStringLiteral("client_secret"), marker("NESTEDSECRET")}}}}};
        ASSERT_TRUE(cache.saveAccounts({account}).ok());
        cache.setSetting(QStringLiteral("api_key"), marker("APIKEYSETTING"));
        QList<Message> messages;
        for (int i = 0; i < 20; ++i) {
            Message m = messageWithSecrets(i);
            m.subject = marker("SUBJECT") + QString::number(i);
            messages.append(m);
        }
        cache.upsertMessages(messages);
        const auto refused = await(cache.flush());
        ASSERT_TRUE(refused.has_value());
        ASSERT_FALSE(refused->ok()) << "flush reports the refused secret setting";
        EXPECT_EQ(refused->error().code, QStringLiteral("secret_refused"));
        ASSERT_NO_FATAL_FAILURE(flushCache(cache));
        EXPECT_EQ(markersOnDisk(dir.path(), forbidden), QStringList()) << "while open (db, -wal, -shm)";
        EXPECT_EQ(markersOnDisk(dir.path(), allowed), allowed)
            << "positive control: the scan sees stored text";
    }
    EXPECT_EQ(markersOnDisk(dir.path(), forbidden), QStringList()) << "after close";
}

TEST_F(DataPolicyTest, PrivacyModeKeepsSubjectsSnippetsAndNamesOffDisk) {
    const QStringList earlier = {marker("SUBJECTA"), marker("SNIPPETA"), marker("AUTHORNAMEA"),
                                 marker("TONAMEA"),  marker("CCNAMEA"),  marker("DMNAMEA")};
    const QStringList later = {marker("SUBJECTB"), marker("SNIPPETB"), marker("AUTHORNAMEB"),
                               marker("TONAMEB"),  marker("CCNAMEB"),  marker("DMNAMEB")};
    const QStringList kept = {marker("AUTHORADDR"), marker("TOADDR"), marker("FOLDERNAME")};
    const QString acc = cacheTestAccount();
    auto channels = [&](const char* suffix) {
        Channel folder;
        folder.id = channelIdFor(acc, QStringLiteral("F"));
        folder.nativeId = QStringLiteral("F");
        folder.name = marker("FOLDERNAME");
        Channel dm;
        dm.id = channelIdFor(acc, QStringLiteral("D"));
        dm.nativeId = QStringLiteral("D");
        dm.name = marker((QByteArray("DMNAME") + suffix).constData());
        dm.kind = ChannelKind::DirectMessage;
        return QList<Channel>{folder, dm};
    };
    auto rows = [&](int from, const char* suffix) {
        QList<Message> out;
        const QByteArray s(suffix);
        for (int i = from; i < from + 30; ++i) {
            Message m = makeCacheMessage(i);
            m.subject = marker(("SUBJECT" + s).constData());
            m.snippet = marker(("SNIPPET" + s).constData()) + QStringLiteral(" some preview text");
            m.author = {
                marker("AUTHORADDR") + QStringLiteral("@x"), marker(("AUTHORNAME" + s).constData()), {}};
            m.to = {{marker("TOADDR") + QStringLiteral("@x"), marker(("TONAME" + s).constData()), {}}};
            m.cc = {{QStringLiteral("cc@x"), marker(("CCNAME" + s).constData()), {}}};
            out.append(m);
        }
        return out;
    };
    {
        ViewStateCache cache(path());
        ASSERT_NO_FATAL_FAILURE(openCache(cache));
        EXPECT_FALSE(cache.privacyMode());
        cache.upsertChannels(acc, channels("A"));
        cache.upsertMessages(rows(0, "A"));
        ASSERT_NO_FATAL_FAILURE(flushCache(cache));
        ASSERT_EQ(markersOnDisk(dir.path(), earlier), earlier) << "positive control before privacy mode";

        cache.setPrivacyMode(true);
        EXPECT_TRUE(cache.privacyMode());
        cache.upsertChannels(acc, channels("B"));
        cache.upsertMessages(rows(100, "B"));
        ASSERT_NO_FATAL_FAILURE(flushCache(cache));
        EXPECT_EQ(markersOnDisk(dir.path(), earlier), QStringList()) << "rows from before were scrubbed";
        EXPECT_EQ(markersOnDisk(dir.path(), later), QStringList()) << "new rows are stored without them";
        EXPECT_EQ(markersOnDisk(dir.path(), kept), kept) << "addresses and folder names stay";
    }
    EXPECT_EQ(markersOnDisk(dir.path(), earlier + later), QStringList()) << "after close";

    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    EXPECT_TRUE(cache.privacyMode()) << "the choice is persisted";
    const auto loaded = await(cache.loadMessages());
    ASSERT_TRUE(loaded.has_value());
    ASSERT_EQ(loaded->size(), 60);
    for (const Message& m : *loaded) {
        EXPECT_TRUE(m.subject.isEmpty());
        EXPECT_TRUE(m.snippet.isEmpty());
        EXPECT_TRUE(m.author.displayName.isEmpty());
        EXPECT_EQ(m.author.address, marker("AUTHORADDR") + QStringLiteral("@x"));
        ASSERT_EQ(m.to.size(), 1);
        EXPECT_EQ(m.to.at(0).address, marker("TOADDR") + QStringLiteral("@x"));
        EXPECT_TRUE(m.to.at(0).displayName.isEmpty());
    }

    // Turning it off again stores names for new rows only; old ones stay scrubbed.
    cache.setPrivacyMode(false);
    cache.upsertMessages(rows(200, "C"));
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(markersOnDisk(dir.path(), {marker("SUBJECTC")}), QStringList{marker("SUBJECTC")});
}

TEST_F(DataPolicyTest, RemovedAccountLeavesNoBytes) {
    ViewStateCache cache(path());
    ASSERT_NO_FATAL_FAILURE(openCache(cache));
    QList<Message> messages;
    for (int i = 0; i < 40; ++i) {
        Message m = makeCacheMessage(i, QStringLiteral("gone"));
        m.subject = marker("GONESUBJECT");
        messages.append(m);
    }
    cache.upsertMessages(messages);
    cache.upsertMessages({makeCacheMessage(1000, QStringLiteral("stays"))});
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    ASSERT_EQ(markersOnDisk(dir.path(), {marker("GONESUBJECT")}).size(), 1);
    cache.removeAccountData(QStringLiteral("gone"));
    ASSERT_NO_FATAL_FAILURE(flushCache(cache));
    EXPECT_EQ(markersOnDisk(dir.path(), {marker("GONESUBJECT")}), QStringList());
    EXPECT_EQ(await(cache.loadMessages()).value_or(QList<Message>()).size(), 1);
}
