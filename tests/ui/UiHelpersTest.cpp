#include "ConversationHtml.h"
#include "SafeTextBrowser.h"
#include "StatusText.h"
#include "ThreadDelegate.h"
#include "TimeFormat.h"
#include "html/HtmlToText.h"
#include "inbox/ThreadListModel.h"

#include <QApplication>
#include <QLocale>
#include <QStandardItemModel>
#include <QTextDocument>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;

namespace {
AccountStatus status(AccountState state, QString reason = {}) {
    AccountStatus s;
    s.state = state;
    s.reason = std::move(reason);
    return s;
}
} // namespace

TEST(StatusText, SaysWhatTheAccountIsDoing) {
    const QDateTime now = QDateTime(QDate(2026, 12, 7), QTime(14, 30), Qt::LocalTime).toUTC();
    EXPECT_EQ(statusText(status(AccountState::Connecting), now), QStringLiteral("Connecting\u2026"));
    AccountStatus syncing = status(AccountState::Syncing);
    syncing.progressDone = 200;
    syncing.progressTotal = 5000;
    EXPECT_EQ(statusText(syncing, now), QStringLiteral("Syncing 200 / 5,000"));
    syncing.progressDone = 1200;
    syncing.progressTotal = 0;
    EXPECT_EQ(statusText(syncing, now), QStringLiteral("Syncing 1,200"));
    EXPECT_EQ(statusText(status(AccountState::Live), now), QStringLiteral("Live"));

    AccountStatus reconnecting = status(AccountState::Reconnecting, QStringLiteral("Connection refused."));
    reconnecting.nextAttempt = now.addMSecs(7400);
    EXPECT_EQ(statusText(reconnecting, now), QStringLiteral("Reconnecting (next try in 8 s)"));
    EXPECT_EQ(statusText(reconnecting, now.addSecs(7)), QStringLiteral("Reconnecting (next try in 1 s)"));
    EXPECT_EQ(statusText(reconnecting, now.addSecs(8)), QStringLiteral("Reconnecting\u2026")) << "trying now";
    EXPECT_EQ(statusDetail(reconnecting, now),
              QStringLiteral("Reconnecting (next try in 8 s)\nConnection refused."));

    AccountStatus offline = status(AccountState::Offline, QStringLiteral("No route to host."));
    offline.lastSynced = QDateTime(QDate(2026, 12, 7), QTime(14, 5), Qt::LocalTime).toUTC();
    EXPECT_EQ(statusText(offline, now), QStringLiteral("Offline \u2014 last synced 14:05"));
    offline.lastSynced = QDateTime(QDate(2026, 12, 3), QTime(9, 41), Qt::LocalTime).toUTC();
    EXPECT_EQ(statusText(offline, now), QStringLiteral("Offline \u2014 last synced 3 Dec 09:41"));
    offline.lastSynced = QDateTime();
    EXPECT_EQ(statusText(offline, now), QStringLiteral("Offline"));

    EXPECT_EQ(statusText(status(AccountState::SignInRequired, QStringLiteral("bad password")), now),
              QStringLiteral("Sign in again"));
    EXPECT_EQ(statusText(status(AccountState::Error, QStringLiteral("x")), now), QStringLiteral("Error: x"));
}

TEST(TimeFormat, IsCompactForRecentAndFullForOld) {
    const QDateTime now(QDate(2024, 5, 15), QTime(16, 0));
    EXPECT_EQ(listTime(QDateTime(QDate(2024, 5, 14), QTime(9, 0)), now), QStringLiteral("Yesterday"));
    EXPECT_FALSE(listTime(QDateTime(QDate(2024, 5, 15), QTime(9, 5)), now).contains(QStringLiteral("2024")));
    EXPECT_FALSE(listTime(QDateTime(QDate(2024, 5, 11), QTime(9, 0)), now).isEmpty());
    EXPECT_FALSE(listTime(QDateTime(QDate(2024, 1, 11), QTime(9, 0)), now).contains(QStringLiteral("2024")));
    EXPECT_TRUE(listTime(QDateTime(QDate(2021, 1, 11), QTime(9, 0)), now).contains(QStringLiteral("21")));
    EXPECT_TRUE(listTime(QDateTime(), now).isEmpty());
}

TEST(TimeFormat, GroupsRowsByDayThenByMonth) {
    const QDateTime now(QDate(2024, 5, 15), QTime(16, 0)); // a Wednesday
    const QLocale locale;
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 5, 15), QTime(0, 5)), now), QStringLiteral("Today"));
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 5, 16), QTime(9, 0)), now), QStringLiteral("Today"))
        << "a date in the future (a wrong clock) is today";
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 5, 14), QTime(23, 59)), now), QStringLiteral("Yesterday"));
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 5, 10), QTime(9, 0)), now), locale.dayName(5)); // Friday
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 5, 2), QTime(9, 0)), now),
              QStringLiteral("Earlier in %1").arg(locale.monthName(5)));
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 4, 30), QTime(9, 0)), now),
              locale.toString(QDate(2024, 4, 1), QStringLiteral("MMMM yyyy")));
    EXPECT_EQ(listGroup(QDateTime(QDate(2024, 4, 2), QTime(9, 0)), now),
              listGroup(QDateTime(QDate(2024, 4, 29), QTime(9, 0)), now))
        << "one group per older month";
    EXPECT_TRUE(listGroup(QDateTime(), now).isEmpty());
}

// A chat row is a whole channel (issue 13 §4): titled by the channel, then its newest message
// with its author, then who talks there.
TEST(ThreadDelegate, ChatRowsNameTheirChannelInsteadOfRepeatingTheMessage) {
    QStandardItemModel model;
    auto row = [&model](ConversationKind kind, const QString& subject, const QString& snippet,
                        const QString& author) {
        auto* item = new QStandardItem;
        item->setData(subject, ThreadListModel::SubjectRole);
        item->setData(snippet, ThreadListModel::SnippetRole);
        item->setData(author, ThreadListModel::LatestAuthorRole);
        item->setData(QStringLiteral("Ann, Bob"), ThreadListModel::SendersRole);
        item->setData(int(kind), ThreadListModel::KindRole);
        item->setData(QStringList{QStringLiteral("v1:c:slack:C1")}, ThreadListModel::ChannelIdsRole);
        item->setData(3, ThreadListModel::MessageCountRole);
        model.appendRow(item);
        return model.index(model.rowCount() - 1, 0);
    };
    ThreadDelegate delegate;
    delegate.setChannelLabel([](const QString& id) {
        return id == QLatin1String("v1:c:slack:C1") ? QStringLiteral("#support") : QString();
    });
    const QModelIndex chat =
        row(ConversationKind::Chat, QString(), QStringLiteral("Deploy done"), QStringLiteral("Bob"));
    EXPECT_EQ(delegate.firstLine(chat), QStringLiteral("#support"));
    EXPECT_EQ(delegate.secondLine(chat), QStringLiteral("Bob: Deploy done"));
    EXPECT_EQ(delegate.thirdLine(chat), QStringLiteral("Ann, Bob"));
    EXPECT_EQ(delegate.secondLine(row(ConversationKind::Chat, QString(), QStringLiteral("hi"), QString())),
              QStringLiteral("hi"));
    const QModelIndex mail =
        row(ConversationKind::Email, QStringLiteral("Invoice"), QStringLiteral("Due"), {});
    EXPECT_EQ(delegate.firstLine(mail), QStringLiteral("Ann, Bob"));
    EXPECT_EQ(delegate.secondLine(mail), QStringLiteral("Invoice"));
    EXPECT_EQ(delegate.thirdLine(mail), QStringLiteral("Due"));
    EXPECT_EQ(delegate.secondLine(row(ConversationKind::Email, QString(), QString(), {})),
              QStringLiteral("(no subject)"));
}

TEST(HtmlToText, KeepsTheWordsAndLoadsNothing) {
    const QString text = htmlToText(
        QStringLiteral("<html><head><style>p{color:red}</style></head><body><p>Hello&nbsp;<b>Ann</b></p>"
                       "<img src=\"https://tracker.example/pixel.gif\"><img src=\"file:///etc/passwd\">"
                       "<p>Second</p><script>alert(1)</script></body></html>"));
    EXPECT_TRUE(text.startsWith(QStringLiteral("Hello Ann"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Second")));
    EXPECT_FALSE(text.contains(QStringLiteral("alert")));
    EXPECT_FALSE(text.contains(QStringLiteral("color")));
}

TEST(HtmlToText, OutOfRangeCharacterReferencesAreNoText) {
    // Found by the html_to_text fuzzer: QTextDocument returns &#x110000; as unpaired surrogates,
    // on which QRegularExpression matched nothing, so blank lines were not collapsed.
    const QString text = htmlToText(QStringLiteral("&#x110000;<ul/><br><ul>i"));
    EXPECT_FALSE(text.contains(QStringLiteral("\n\n\n"))) << text.toStdString();
    for (const QChar c : text)
        EXPECT_FALSE(c.isSurrogate());
}

TEST(HtmlToText, AMegabyteOfNestedDivsIsItsText) {
    // Took QTextDocument minutes (quadratic in the nesting); checked for output, not time.
    const QString hostile = QStringLiteral("<div>").repeated(200'000) + QStringLiteral("core &amp; more") +
                            QStringLiteral("</div>").repeated(200'000) + QStringLiteral("<p>after</p>");
    EXPECT_EQ(htmlToText(hostile), QStringLiteral("core & more\nafter"));
    EXPECT_EQ(htmlToText(QStringLiteral("<div>").repeated(200'000)), QString());
}

TEST(SafeTextBrowser, RefusesEveryResourceButItsOwnIcons) {
    SafeTextBrowser browser;
    EXPECT_FALSE(
        browser.loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("https://t.example/p.gif")))
            .isValid());
    EXPECT_FALSE(
        browser.loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("file:///etc/passwd")))
            .isValid());
    EXPECT_FALSE(
        browser
            .loadResource(QTextDocument::StyleSheetResource, QUrl(QStringLiteral("https://t.example/a.css")))
            .isValid());
    EXPECT_TRUE(
        browser.loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("tributary-icon:attachment")))
            .isValid());
    EXPECT_FALSE(browser.openLinks());
}

TEST(ConversationHtml, EscapesMessageContentAndLinksUrls) {
    const QString html =
        textToHtml(QStringLiteral("<script>x</script> see https://example.org/a?b=1&c=2.\n> quoted"),
                   QColor(0x80, 0x80, 0x80));
    EXPECT_FALSE(html.contains(QStringLiteral("<script>")));
    EXPECT_TRUE(html.contains(QStringLiteral("&lt;script&gt;")));
    EXPECT_TRUE(html.contains(QStringLiteral("<a href=\"https://example.org/a?b=1&amp;c=2\">")))
        << html.toStdString();
    EXPECT_TRUE(html.contains(QStringLiteral("color:#808080\">&gt; quoted"))) << html.toStdString();

    ConversationEntry loaded;
    loaded.message.author =
        Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann <b>Lee</b>"), {}};
    loaded.message.html = QStringLiteral("<p>Only <i>HTML</i> here</p>");
    loaded.message.attachments = {Attachment{
        QStringLiteral("2"), QStringLiteral("plan.pdf"), QStringLiteral("application/pdf"), 2048, {}, false}};
    loaded.body = ConversationEntry::Body::Loaded;
    ConversationEntry failed;
    failed.body = ConversationEntry::Body::Failed;
    failed.error = QStringLiteral("gone");
    QTextDocument doc;
    doc.setHtml(conversationHtml({loaded, failed}, QApplication::palette()));
    const QString text = doc.toPlainText();
    EXPECT_TRUE(text.contains(QStringLiteral("Ann <b>Lee</b>"))) << "names are shown literally";
    EXPECT_TRUE(text.contains(QStringLiteral("Only HTML here"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("plan.pdf")));
    EXPECT_TRUE(text.contains(QStringLiteral("2.0 KB")));
    EXPECT_TRUE(text.contains(QStringLiteral("could not be loaded: gone")));
}
