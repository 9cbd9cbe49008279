// Real-world mail, malformed included (tests/fixtures/realworld: RFC examples and the test
// corpora of mature parsers, see SOURCES.md there), delivered into Dovecot and read through
// the provider as the app reads it: the listing's subject and sender (ENVELOPE), the
// reader's attachments (BODYSTRUCTURE and vmime). Each is compared with what Python's stdlib
// email package (policy=default) makes of the same file (tests/mime_reference.py). Where we
// differ on purpose, differences.json says how and why; any other difference fails, and so
// does a listed difference that no longer occurs.

#include "ImapTestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <algorithm>

namespace tributary::test {

namespace {

QString corpusDir() {
    return QString::fromUtf8(QT_TESTCASE_SOURCEDIR) + QStringLiteral("/fixtures/realworld");
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return file.readAll();
}

//! Python's view of every corpus file, by file name.
QHash<QString, QJsonObject> pythonView(const QStringList& files) {
    QProcess python;
    QStringList args{QString::fromUtf8(QT_TESTCASE_SOURCEDIR) + QStringLiteral("/mime_reference.py")};
    for (const QString& f : files)
        args << corpusDir() + QLatin1Char('/') + f;
    python.start(QStringLiteral("python3"), args);
    const bool finished = python.waitForFinished(60000);
    EXPECT_TRUE(finished && python.exitCode() == 0) << python.readAllStandardError().toStdString();
    QHash<QString, QJsonObject> out;
    for (const QByteArray& line : python.readAllStandardOutput().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.isEmpty())
            out.insert(o.value(QStringLiteral("file")).toString(), o);
    }
    return out;
}

//! One field of one message as text, so ours and Python's compare (and print) alike.
struct Observed {
    QString subject;
    QString from;        //!< "name <address>" of the first sender, or empty
    QString attachments; //!< the file names the sender gave, joined by " | "
};

Observed fromPython(const QJsonObject& o) {
    Observed v;
    v.subject = o.value(QStringLiteral("subject")).isString() ? o.value(QStringLiteral("subject")).toString()
                                                              : QString();
    const QJsonObject first = o.value(QStringLiteral("from")).toArray().first().toObject();
    const bool someone = !first.value(QStringLiteral("name")).toString().isEmpty() ||
                         !first.value(QStringLiteral("address")).toString().isEmpty();
    if (someone) { // "From: <>" is no sender, as on our side
        v.from = first.value(QStringLiteral("name")).toString() + QStringLiteral(" <") +
                 first.value(QStringLiteral("address")).toString() + QLatin1Char('>');
    }
    QStringList names;
    for (const QJsonValue& n : o.value(QStringLiteral("attachments")).toArray())
        names << n.toString();
    v.attachments = names.join(QStringLiteral(" | "));
    return v;
}

Observed fromUs(const Message& envelope, const Message& full) {
    Observed v;
    v.subject = envelope.subject;
    if (!envelope.author.isEmpty())
        v.from =
            envelope.author.displayName + QStringLiteral(" <") + envelope.author.address + QLatin1Char('>');
    QStringList names;
    for (const Attachment& a : full.attachments) {
        if (!a.fileName.isEmpty())
            names << a.fileName;
    }
    v.attachments = names.join(QStringLiteral(" | "));
    return v;
}

struct Difference {
    QString file;
    QString field;
    QString ours;
    QString python;
    QString reason;
};

QList<Difference> listedDifferences() {
    QList<Difference> out;
    const QJsonArray list =
        QJsonDocument::fromJson(readFile(corpusDir() + QStringLiteral("/differences.json"))).array();
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("file")).toString(), o.value(QStringLiteral("field")).toString(),
                    o.value(QStringLiteral("ours")).toString(), o.value(QStringLiteral("python")).toString(),
                    o.value(QStringLiteral("reason")).toString()});
        EXPECT_FALSE(out.last().reason.isEmpty()) << "a listed difference needs its reason";
    }
    return out;
}

class RealWorldMailTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_SERVERS(); }
    std::vector<ImapFixture> m_fixtures;
};

} // namespace

TEST_F(RealWorldMailTest, SubjectSenderAndAttachmentNamesAgreeWithPythonsEmailPackage) {
    QStringList files = QDir(corpusDir()).entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name);
    ASSERT_GE(files.size(), 30);
    const QHash<QString, QJsonObject> python = pythonView(files);
    ASSERT_EQ(python.size(), files.size()) << "python3 did not read every file";

    // One fresh folder; delivered in file order, so UIDs give the file of each message.
    const QString user = QStringLiteral("carol");
    const QString folder = QStringLiteral("RealWorld") + uniqueMarker();
    ASSERT_TRUE(doveadm(forUser(QStringLiteral("mailbox create"), user) + QStringList{folder}));
    for (const QString& f : files) {
        QByteArray raw = readFile(corpusDir() + QLatin1Char('/') + f);
        raw.replace("\r\n", "\n");
        raw.replace("\n", "\r\n");
        ASSERT_TRUE(deliverRaw(user, raw, folder)) << f.toStdString();
    }
    m_fixtures.push_back(makeImapProvider(TestEnv::get().imapAccount(user)));
    Provider& provider = *m_fixtures.back().provider;
    auto channels = await(provider.listChannels());
    ASSERT_TRUE(channels && channels->ok());
    const Channel channel = channelNamed(channels->value(), folder);
    ASSERT_FALSE(channel.id.isEmpty());
    auto page = await(provider.listMessages(channel.id, PageRequest{500, {}}));
    ASSERT_TRUE(page && page->ok()) << (page ? page->error().describe().toStdString() : "timeout");
    QList<Message> messages = page->value().messages;
    ASSERT_EQ(messages.size(), files.size());
    std::sort(messages.begin(), messages.end(), [](const Message& a, const Message& b) {
        return a.nativeId.section(QStringLiteral("UID="), 1).toUInt() <
               b.nativeId.section(QStringLiteral("UID="), 1).toUInt();
    });

    QList<Difference> listed = listedDifferences();
    QList<bool> seen(listed.size(), false);
    int compared = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString& file = files[i];
        auto body = await(provider.fetchBody(messages[i].id));
        ASSERT_TRUE(body && body->ok())
            << file.toStdString() << ": " << (body ? body->error().describe().toStdString() : "timeout");
        const Observed ours = fromUs(messages[i], body->value());
        const Observed theirs = fromPython(python.value(file));
        // Whatever a parser makes of a message, no placeholder may reach a person.
        EXPECT_FALSE(ours.from.contains(QLatin1String("MISSING_")) ||
                     ours.from.contains(QLatin1String("SYNTAX_")))
            << file.toStdString() << ": " << ours.from.toStdString();
        for (const Attachment& a : body->value().attachments)
            EXPECT_FALSE(a.displayFileName().trimmed().isEmpty()) << file.toStdString();
        const std::pair<const char*, std::pair<QString, QString>> fields[] = {
            {"subject", {ours.subject, theirs.subject}},
            {"from", {ours.from, theirs.from}},
            {"attachments", {ours.attachments, theirs.attachments}},
        };
        for (const auto& [field, values] : fields) {
            ++compared;
            if (values.first == values.second)
                continue;
            const auto it = std::find_if(listed.cbegin(), listed.cend(), [&](const Difference& d) {
                return d.file == file && d.field == QLatin1String(field) && d.ours == values.first &&
                       d.python == values.second;
            });
            if (it != listed.cend()) {
                seen[it - listed.cbegin()] = true;
                continue;
            }
            ADD_FAILURE() << file.toStdString() << " " << field << ": we show \""
                          << values.first.toStdString() << "\", Python's email package \""
                          << values.second.toStdString()
                          << "\". Fix it, or list it with its reason in differences.json.";
        }
    }
    for (qsizetype i = 0; i < listed.size(); ++i) {
        EXPECT_TRUE(seen[i]) << "differences.json lists " << listed[i].file.toStdString() << " "
                             << listed[i].field.toStdString() << ", which no longer differs: remove it";
    }
    std::cout << "[ realworld ] " << files.size() << " messages, " << compared << " fields compared, "
              << listed.size() << " known differences\n";
}

} // namespace tributary::test
