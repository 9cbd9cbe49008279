// Slack's server search (search.messages) on the Slack emulator through `prism proxy` with
// Slack's description: the token in the Authorization header (the description now takes it
// there), matches over what the workspace holds at the time of asking (messages posted during
// the test included), pages as the description documents them, and not one contract
// violation (SlackTestBed checks every call). Also the other methods whose description used
// to want the token in the query (users.info, team.info, chat.getPermalink): the provider does
// not call them, but they answer with the bearer header through the proxy too.

#include "SlackTestBed.h"

#include <QJsonArray>
#include <QSet>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace tributary::test {

namespace {

using namespace slackbed;

const QString kBob = QStringLiteral("U0BOB00002");

class SlackSearchTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!SlackTestBed::available())
            TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    }

    static QString postedTs(const QString& channel, const QString& text, const QString& threadTs = {}) {
        QList<QPair<QString, QString>> params{{QStringLiteral("user"), kBob},
                                              {QStringLiteral("channel"), channel},
                                              {QStringLiteral("text"), text}};
        if (!threadTs.isEmpty())
            params.append({QStringLiteral("thread_ts"), threadTs});
        return control(QStringLiteral("post-as"), params).value(QStringLiteral("ts")).toString();
    }

    //! A Web API GET through the validating proxy with the user token in the header, watched
    //! by a probe of its own.
    QJsonObject proxiedGet(const QString& method, const QList<QPair<QString, QString>>& query) {
        const SlackTestEnv env = SlackTestEnv::get();
        QUrl url = env.api;
        url.setPath(url.path() + QLatin1Char('/') + method);
        QUrlQuery q;
        for (const auto& [k, v] : query)
            q.addQueryItem(k, v);
        url.setQuery(q);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + env.userToken);
        QNetworkReply* reply = m_nam.get(request);
        EXPECT_TRUE(waitUntil([reply] { return reply->isFinished(); }, 20000));
        const QJsonObject out = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return out;
    }

    SlackTestBed m_bed;
    QNetworkAccessManager m_nam;
};

TEST_F(SlackSearchTest, FindsAMessagePostedDuringTheTest) {
    auto provider = m_bed.make();
    ASSERT_TRUE(provider->capabilities().testFlag(Capability::ServerSearch));
    const QString mark = marker();
    ASSERT_FALSE(postedTs(kSupport, QStringLiteral("Printer on floor 3 is out of toner ") + mark).isEmpty());

    auto r = await(provider->search(SearchQuery{mark, {}, 20}), 60000);
    ASSERT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
    ASSERT_EQ(r->value().size(), 1);
    const Message& m = r->value().first();
    EXPECT_TRUE(m.snippet.contains(mark));
    EXPECT_EQ(m.channelId, channelId(kSupport));
    EXPECT_EQ(m.author.address, kBob);
    EXPECT_FALSE(m.author.displayName.isEmpty());
    EXPECT_EQ(m.kind, ConversationKind::Chat);
    EXPECT_GE(m_bed.calls(QStringLiteral("/search.messages")), 1);

    // Every word must occur: another word makes it match nothing.
    auto none = await(provider->search(SearchQuery{mark + QStringLiteral(" zebra"), {}, 20}), 60000);
    ASSERT_TRUE(none && none->ok());
    EXPECT_TRUE(none->value().isEmpty());
    // Opening a match fetches the whole message.
    auto body = await(provider->fetchBody(m.id), 60000);
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().text.contains(mark));
}

TEST_F(SlackSearchTest, PagesNewestFirstUpToTheLimit) {
    auto provider = m_bed.make();
    const QString mark = marker();
    constexpr int kPosted = 105; // more than search.messages' largest page (count=100)
    for (int i = 0; i < kPosted; ++i)
        ASSERT_FALSE(postedTs(kSupport, QStringLiteral("%1 number %2").arg(mark).arg(i)).isEmpty());

    auto all = await(provider->search(SearchQuery{mark, {}, 500}), 60000);
    ASSERT_TRUE(all && all->ok()) << (all ? all->error().describe().toStdString() : "timeout");
    ASSERT_EQ(all->value().size(), kPosted);
    EXPECT_EQ(m_bed.calls(QStringLiteral("/search.messages")), 2) << "two pages of 100";
    EXPECT_TRUE(all->value().first().snippet.endsWith(QStringLiteral("number %1").arg(kPosted - 1)));
    for (int i = 1; i < all->value().size(); ++i)
        EXPECT_GE(all->value()[i - 1].sentAt, all->value()[i].sentAt) << "newest first";
    QSet<QString> ids;
    for (const Message& m : all->value())
        ids.insert(m.id);
    EXPECT_EQ(ids.size(), kPosted) << "no duplicates across pages";

    auto few = await(provider->search(SearchQuery{mark, {}, 5}), 60000);
    ASSERT_TRUE(few && few->ok());
    ASSERT_EQ(few->value().size(), 5);
    EXPECT_EQ(few->value().first().id, all->value().first().id);
}

TEST_F(SlackSearchTest, NarrowsToTheChannelsAskedFor) {
    auto provider = m_bed.make();
    const QString mark = marker();
    ASSERT_FALSE(postedTs(kSupport, QStringLiteral("in support ") + mark).isEmpty());
    ASSERT_FALSE(postedTs(kGeneral, QStringLiteral("in general ") + mark).isEmpty());

    auto both = await(provider->search(SearchQuery{mark, {}, 20}), 60000);
    ASSERT_TRUE(both && both->ok());
    EXPECT_EQ(both->value().size(), 2);
    auto one = await(provider->search(SearchQuery{mark, {channelId(kGeneral)}, 20}), 60000);
    ASSERT_TRUE(one && one->ok()) << one->error().describe().toStdString();
    ASSERT_EQ(one->value().size(), 1);
    EXPECT_EQ(one->value().first().channelId, channelId(kGeneral));
}

TEST_F(SlackSearchTest, AReplyKeepsItsThread) {
    auto provider = m_bed.make();
    const QString mark = marker();
    const QString parent = postedTs(kSupport, QStringLiteral("A question"));
    ASSERT_FALSE(parent.isEmpty());
    const QString reply = postedTs(kSupport, QStringLiteral("The answer ") + mark, parent);
    ASSERT_FALSE(reply.isEmpty());
    auto r = await(provider->search(SearchQuery{mark, {}, 20}), 60000);
    ASSERT_TRUE(r && r->ok());
    ASSERT_EQ(r->value().size(), 1);
    EXPECT_EQ(r->value().first().nativeThreadKey, kSupport + QLatin1Char('/') + parent);
    EXPECT_EQ(r->value().first().nativeId, kSupport + QLatin1Char('/') + reply);
}

TEST_F(SlackSearchTest, AnEmptyQueryAsksNothing) {
    auto provider = m_bed.make();
    auto r = await(provider->search(SearchQuery{QStringLiteral("   "), {}, 20}));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->error().kind, ErrorKind::Invalid);
    EXPECT_EQ(m_bed.calls(QStringLiteral("/search.messages")), 0);
}

TEST_F(SlackSearchTest, TheEmulatorPagesAsTheDescriptionDocuments) {
    ContractProbe probe(&m_nam, {SlackTestEnv::get().api});
    const QString mark = marker();
    for (int i = 0; i < 5; ++i)
        ASSERT_FALSE(postedTs(kSupport, QStringLiteral("%1 page test %2").arg(mark).arg(i)).isEmpty());
    const QJsonObject page2 =
        proxiedGet(QStringLiteral("search.messages"), {{QStringLiteral("query"), mark},
                                                       {QStringLiteral("count"), QStringLiteral("2")},
                                                       {QStringLiteral("page"), QStringLiteral("2")}});
    ASSERT_TRUE(page2.value(QStringLiteral("ok")).toBool());
    const QJsonObject messages = page2.value(QStringLiteral("messages")).toObject();
    EXPECT_EQ(messages.value(QStringLiteral("total")).toInt(), 5);
    const QJsonObject pagination = messages.value(QStringLiteral("pagination")).toObject();
    EXPECT_EQ(pagination.value(QStringLiteral("page")).toInt(), 2);
    EXPECT_EQ(pagination.value(QStringLiteral("page_count")).toInt(), 3);
    EXPECT_EQ(pagination.value(QStringLiteral("per_page")).toInt(), 2);
    EXPECT_EQ(pagination.value(QStringLiteral("first")).toInt(), 3);
    EXPECT_EQ(pagination.value(QStringLiteral("last")).toInt(), 4);
    const QJsonObject paging = messages.value(QStringLiteral("paging")).toObject();
    EXPECT_EQ(paging.value(QStringLiteral("pages")).toInt(), 3);
    const QJsonArray matches = messages.value(QStringLiteral("matches")).toArray();
    ASSERT_EQ(matches.size(), 2);
    EXPECT_TRUE(
        matches[0].toObject().value(QStringLiteral("text")).toString().endsWith(QStringLiteral("test 2")));
    EXPECT_EQ(matches[0]
                  .toObject()
                  .value(QStringLiteral("channel"))
                  .toObject()
                  .value(QStringLiteral("id"))
                  .toString(),
              kSupport);
    probe.expectNoViolations();
}

TEST_F(SlackSearchTest, TheOtherQueryTokenMethodsTakeTheBearerHeaderThroughTheProxy) {
    ContractProbe probe(&m_nam, {SlackTestEnv::get().api});
    const QJsonObject bob = proxiedGet(QStringLiteral("users.info"), {{QStringLiteral("user"), kBob}});
    EXPECT_TRUE(bob.value(QStringLiteral("ok")).toBool());
    const QJsonObject team = proxiedGet(QStringLiteral("team.info"), {});
    EXPECT_EQ(team.value(QStringLiteral("team")).toObject().value(QStringLiteral("domain")).toString(),
              QStringLiteral("tributary-test"));
    const QString ts = postedTs(kSupport, QStringLiteral("link me"));
    const QJsonObject link =
        proxiedGet(QStringLiteral("chat.getPermalink"),
                   {{QStringLiteral("channel"), kSupport}, {QStringLiteral("message_ts"), ts}});
    EXPECT_TRUE(
        link.value(QStringLiteral("permalink")).toString().contains(QString(ts).remove(QLatin1Char('.'))));
    probe.expectNoViolations();
}

} // namespace

} // namespace tributary::test
