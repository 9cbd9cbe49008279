#include "cli/CliArgs.h"

#include "cli/AccountFile.h"
#include "cli/CliFormat.h"
#include "cli/CliRunner.h"
#include "cli/ExitCode.h"
#include "cli/TextTable.h"
#include "model/Ids.h"

#include <QTextStream>
#include <gtest/gtest.h>
#include <vector>

using namespace tributary;
using namespace tributary::cli;

namespace {

CliParse parse(const std::vector<const char*>& args) {
    QStringList list{QStringLiteral("tributary-cli")};
    for (const char* a : args)
        list.append(QString::fromUtf8(a));
    return parseArguments(list);
}

} // namespace

TEST(CliArgs, ParsesGlobalOptionsAroundTheCommand) {
    const CliParse p = parse({"--accounts", "a.json", "list", "--folder", "Archive/2023", "--limit", "20",
                              "--page", "c42", "--json", "--account", "work", "--timeout", "9"});
    ASSERT_EQ(p.action, CliParse::Action::Run) << p.error.toStdString();
    EXPECT_EQ(p.options.command, Command::List);
    EXPECT_EQ(p.options.accountsFile, QStringLiteral("a.json"));
    EXPECT_EQ(p.options.accountId, QStringLiteral("work"));
    EXPECT_TRUE(p.options.json);
    EXPECT_EQ(p.options.folder, QStringLiteral("Archive/2023"));
    EXPECT_EQ(p.options.limit, 20);
    EXPECT_EQ(p.options.pageCursor, QStringLiteral("c42"));
    EXPECT_EQ(p.options.timeoutSeconds, 9);
}

TEST(CliArgs, ShowAndSearchTakePositionalArguments) {
    CliParse p = parse({"--accounts", "a.json", "show", "v1:m:a:INBOX%2F1"});
    ASSERT_EQ(p.action, CliParse::Action::Run);
    EXPECT_EQ(p.options.command, Command::Show);
    EXPECT_EQ(p.options.messageId, QStringLiteral("v1:m:a:INBOX%2F1"));

    p = parse({"--accounts", "a.json", "search", "quarterly", "report", "--limit", "5"});
    ASSERT_EQ(p.action, CliParse::Action::Run);
    EXPECT_EQ(p.options.searchText, QStringLiteral("quarterly report"));
    EXPECT_EQ(p.options.limit, 5);
}

TEST(CliArgs, ParsesSend) {
    const CliParse p =
        parse({"--accounts", "a.json", "send", "--to", "Ann Lee <ann@example.org>, bob@example.org", "--to",
               "carol@example.org", "--cc", "\"Lee, Dan\" <dan@example.org>", "--subject", "Hi", "--text",
               "Hello", "--attach", "a.pdf", "--attach", "b.png", "--html-file", "b.html"});
    ASSERT_EQ(p.action, CliParse::Action::Run) << p.error.toStdString();
    const CliOptions& o = p.options;
    ASSERT_EQ(o.to.size(), 3);
    EXPECT_EQ(o.to[0].displayName, QStringLiteral("Ann Lee"));
    EXPECT_EQ(o.to[0].address, QStringLiteral("ann@example.org"));
    EXPECT_EQ(o.to[1].address, QStringLiteral("bob@example.org"));
    EXPECT_TRUE(o.to[1].displayName.isEmpty());
    ASSERT_EQ(o.cc.size(), 1);
    EXPECT_EQ(o.cc[0].displayName, QStringLiteral("Lee, Dan"));
    EXPECT_EQ(o.subject, QStringLiteral("Hi"));
    EXPECT_EQ(o.text, QStringLiteral("Hello"));
    EXPECT_EQ(o.attachments, (QStringList{QStringLiteral("a.pdf"), QStringLiteral("b.png")}));
    EXPECT_EQ(o.htmlFile, QStringLiteral("b.html"));
}

TEST(CliArgs, ReplyMayOmitTheSubject) {
    const CliParse p = parse({"--accounts", "a.json", "send", "--to", "a@b.c", "--text-file", "t.txt",
                              "--reply-to-id", "v1:m:a:x"});
    ASSERT_EQ(p.action, CliParse::Action::Run) << p.error.toStdString();
    EXPECT_EQ(p.options.replyToId, QStringLiteral("v1:m:a:x"));
    EXPECT_EQ(p.options.textFile, QStringLiteral("t.txt"));
}

TEST(CliArgs, RejectsUsageErrors) {
    const std::vector<std::vector<const char*>> bad{
        {"folders"},                                                       // no --accounts
        {"--accounts", "a.json"},                                          // no command
        {"--accounts", "a.json", "frobnicate"},                            // unknown command
        {"--accounts", "a.json", "folders", "--folder", "INBOX"},          // option of another command
        {"--accounts", "a.json", "folders", "extra"},                      // stray argument
        {"--accounts", "a.json", "list", "--limit", "0"},                  // not positive
        {"--accounts", "a.json", "list", "--limit", "many"},               // not a number
        {"--accounts", "a.json", "list", "--timeout", "-3"},               // not positive
        {"--accounts", "a.json", "show"},                                  // no id
        {"--accounts", "a.json", "show", "a", "b"},                        // two ids
        {"--accounts", "a.json", "search"},                                // no text
        {"--accounts", "a.json", "send", "--subject", "s", "--text", "t"}, // no --to
        {"--accounts", "a.json", "send", "--to", "not-an-address", "--subject", "s", "--text", "t"},
        {"--accounts", "a.json", "send", "--to", "a@b.c", "--text", "t"},    // no subject
        {"--accounts", "a.json", "send", "--to", "a@b.c", "--subject", "s"}, // no body
        {"--accounts", "a.json", "send", "--to", "a@b.c", "--subject", "s", "--text", "t", "--text-file",
         "f"},
        {"--accounts", "a.json", "list", "--no-such-option"},
    };
    for (const auto& args : bad) {
        const CliParse p = parse(args);
        std::string line;
        for (const char* a : args)
            line += std::string(a) + ' ';
        EXPECT_EQ(p.action, CliParse::Action::Error) << line;
        EXPECT_FALSE(p.error.isEmpty());
    }
}

TEST(CliArgs, HelpAndVersion) {
    EXPECT_EQ(parse({"--help"}).action, CliParse::Action::Help);
    EXPECT_EQ(parse({"--version"}).action, CliParse::Action::Version);
    EXPECT_TRUE(usageText().contains(QStringLiteral("Exit codes")));
}

TEST(CliArgs, AddressLists) {
    QString error;
    EXPECT_EQ(parseAddressList(QStringLiteral("a@b.c"), &error).size(), 1);
    EXPECT_TRUE(parseAddressList(QStringLiteral("Ann <>"), &error).isEmpty());
    EXPECT_FALSE(error.isEmpty());
    EXPECT_TRUE(parseAddressList(QStringLiteral("@b.c"), &error).isEmpty());
    EXPECT_TRUE(parseAddressList(QStringLiteral(" , "), &error).isEmpty());
}

TEST(CliAccountFile, LoadsAccountsWithEnvironmentSecretNames) {
    const QByteArray json = R"({"accounts":[
        {"id":"work","provider":"imap","displayName":"Work","colour":"#3366cc",
         "settings":{"imapHost":"127.0.0.1","imapPort":143,"passwordEnv":"WORK_PASSWORD"}},
        {"id":"home","provider":"imap","settings":{"imapHost":"h"}}]})";
    const AccountFileResult r = parseAccountFile(json);
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    ASSERT_EQ(r.accounts.size(), 2);
    EXPECT_EQ(r.accounts[0].id, QStringLiteral("work"));
    EXPECT_EQ(r.accounts[0].colour, QColor(QStringLiteral("#3366cc")));
    EXPECT_EQ(r.accounts[0].settings.value(QStringLiteral("passwordEnv")).toString(),
              QStringLiteral("WORK_PASSWORD"));

    QString error;
    EXPECT_FALSE(selectAccount(r.accounts, {}, &error)) << "two accounts need --account";
    EXPECT_TRUE(error.contains(QStringLiteral("--account")));
    EXPECT_EQ(selectAccount(r.accounts, QStringLiteral("home"), &error)->id, QStringLiteral("home"));
    EXPECT_FALSE(selectAccount(r.accounts, QStringLiteral("nope"), &error));
    EXPECT_EQ(selectAccount(r.accounts.mid(0, 1), {}, &error)->id, QStringLiteral("work"));
}

TEST(CliAccountFile, RefusesSecretsAndMalformedFiles) {
    const QList<QByteArray> bad{
        R"({"accounts":[{"id":"a","provider":"imap","settings":{"password":"hunter2"}}]})",
        R"({"accounts":[{"id":"a","provider":"imap","settings":{"accessToken":"x"}}]})",
        R"({"accounts":[{"id":"a","provider":"imap","settings":{"client_secret":"x"}}]})",
        R"({"accounts":[{"id":"a:b","provider":"imap"}]})",
        R"({"accounts":[{"id":"a"}]})",
        R"({"accounts":[{"id":"a","provider":"imap"},{"id":"a","provider":"imap"}]})",
        R"({"accounts":[]})",
        R"({"accounts":{}})",
        R"([1,2])",
        R"({"accounts":[)",
        R"({"accounts":[42]})",
    };
    for (const QByteArray& json : bad) {
        const AccountFileResult r = parseAccountFile(json);
        EXPECT_FALSE(r.ok()) << json.constData();
    }
    const AccountFileResult secret = parseAccountFile(bad.first());
    EXPECT_TRUE(secret.error.contains(QStringLiteral("passwordEnv"))) << secret.error.toStdString();
    EXPECT_FALSE(secret.error.contains(QStringLiteral("hunter2"))) << "never echo a secret";
    EXPECT_FALSE(loadAccountFile(QStringLiteral("/nonexistent/accounts.json")).ok());
}

TEST(CliOutput, ExitCodesAreDistinctPerErrorKind) {
    EXPECT_EQ(exitCodeFor(ProviderError::auth(QStringLiteral("x"))), ExitAuth);
    EXPECT_EQ(exitCodeFor(ProviderError::network(QStringLiteral("x"))), ExitNetwork);
    EXPECT_EQ(exitCodeFor(ProviderError::rateLimited({}, QStringLiteral("x"))), ExitNetwork);
    EXPECT_EQ(exitCodeFor(ProviderError::notFound(QStringLiteral("x"))), ExitNotFound);
    EXPECT_EQ(exitCodeFor(ProviderError::protocol(QStringLiteral("x"))), ExitOther);
    EXPECT_EQ(int(ExitUsage), 2);
}

TEST(CliOutput, TablesAlignColumns) {
    TextTable t({QStringLiteral("A"), QStringLiteral("COUNT"), QStringLiteral("C")});
    t.alignRight(1);
    t.addRow({QStringLiteral("long cell"), QStringLiteral("7"), QString()});
    t.addRow({QStringLiteral("x"), QStringLiteral("1234567"), QStringLiteral("end")});
    QString text;
    QTextStream out(&text);
    t.print(out);
    out.flush();
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3);
    EXPECT_EQ(lines[0], QStringLiteral("A            COUNT  C"));
    EXPECT_EQ(lines[1], QStringLiteral("long cell        7"));
    EXPECT_EQ(lines[2], QStringLiteral("x          1234567  end"));
    EXPECT_EQ(TextTable::elide(QStringLiteral("abcdef"), 4), QStringLiteral("abc") + QChar(0x2026));
}

TEST(CliOutput, FindsFoldersByPathNameOrRole) {
    auto folder = [](const char* path, ChannelRole role = ChannelRole::None) {
        Channel c;
        c.accountId = QStringLiteral("a");
        c.nativeId = QString::fromUtf8(path);
        c.id = makeId(IdKind::Channel, c.accountId, c.nativeId);
        c.name = c.nativeId.section(QLatin1Char('/'), -1);
        c.role = role;
        return c;
    };
    const QList<Channel> list{folder("INBOX", ChannelRole::Inbox), folder("Archive/2023"),
                              folder("Public/Team")};
    EXPECT_EQ(CliRunner::findChannel(list, QStringLiteral("Archive/2023"))->nativeId,
              QStringLiteral("Archive/2023"));
    EXPECT_EQ(CliRunner::findChannel(list, QStringLiteral("Team"))->nativeId, QStringLiteral("Public/Team"));
    EXPECT_EQ(CliRunner::findChannel(list, QStringLiteral("inbox"))->nativeId, QStringLiteral("INBOX"));
    EXPECT_EQ(CliRunner::findChannel(list, list[2].id)->nativeId, QStringLiteral("Public/Team"));
    EXPECT_FALSE(CliRunner::findChannel(list, QStringLiteral("Nowhere")));
}

TEST(CliOutput, MessageDetailReportsHtmlSizeAndAttachments) {
    Message m;
    m.subject = QStringLiteral("Report");
    m.author = Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}};
    m.text = QStringLiteral("See attached.");
    m.html = QStringLiteral("<p>Ü</p>");
    m.attachments.append(Attachment{
        QStringLiteral("2"), QStringLiteral("q3.pdf"), QStringLiteral("application/pdf"), 2048, {}, false});
    QString text;
    QTextStream out(&text);
    printMessage(out, m);
    out.flush();
    EXPECT_TRUE(text.contains(QStringLiteral("Ann <ann@example.org>")));
    EXPECT_TRUE(text.contains(QStringLiteral("9 bytes"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("q3.pdf")));
    EXPECT_TRUE(text.contains(QStringLiteral("2048")));
    EXPECT_TRUE(text.contains(QStringLiteral("See attached.")));
    EXPECT_EQ(messageDetailJson(m).value(QStringLiteral("htmlSize")).toInt(), 9);
}
