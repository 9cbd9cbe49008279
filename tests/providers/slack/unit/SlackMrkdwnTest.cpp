// Slack mrkdwn -> safe HTML and plain text (providers/slack/SlackMrkdwn).

#include "slack/SlackMrkdwn.h"

#include <gtest/gtest.h>

namespace tributary::slack {
namespace {

SlackNames testNames() {
    SlackNames n;
    n.user = [](const QString& id) {
        return id == QLatin1String("U0BOB00002") ? QStringLiteral("Bob Ellison") : QString();
    };
    n.channel = [](const QString& id) {
        return id == QLatin1String("C0GENERAL1") ? QStringLiteral("general") : QString();
    };
    return n;
}

SlackRendered render(const char* text) {
    return renderMrkdwn(QString::fromUtf8(text), testNames());
}

TEST(SlackMrkdwn, PlainTextIsAParagraph) {
    const SlackRendered r = render("hello world");
    EXPECT_EQ(r.html, QStringLiteral("<p>hello world</p>"));
    EXPECT_EQ(r.text, QStringLiteral("hello world"));
}

TEST(SlackMrkdwn, LinksWithAndWithoutLabels) {
    const SlackRendered r =
        render("see <https://git.example.com/pull/88|infra#88> and <https://status.example.com>");
    EXPECT_EQ(r.html,
              QStringLiteral("<p>see <a href=\"https://git.example.com/pull/88\">infra#88</a> and "
                             "<a href=\"https://status.example.com\">https://status.example.com</a></p>"));
    EXPECT_EQ(r.text, QStringLiteral(
                          "see infra#88 (https://git.example.com/pull/88) and https://status.example.com"));
}

TEST(SlackMrkdwn, MailtoLinkShowsTheAddress) {
    const SlackRendered r = render("<mailto:bob@example.com>");
    EXPECT_EQ(r.text, QStringLiteral("bob@example.com"));
    EXPECT_TRUE(r.html.contains(QStringLiteral("href=\"mailto:bob@example.com\"")));
}

TEST(SlackMrkdwn, DangerousSchemesAreNotLinked) {
    const SlackRendered r = render("<javascript:alert(1)|click>");
    EXPECT_FALSE(r.html.contains(QStringLiteral("<a")));
    EXPECT_FALSE(r.html.contains(QStringLiteral("href")));
}

TEST(SlackMrkdwn, UserAndChannelMentions) {
    const SlackRendered r =
        render("<@U0BOB00002> see <#C0GENERAL1> and <#C0SUPPORT1|support>, cc <@U0NOBODY1>");
    EXPECT_EQ(r.text, QStringLiteral("@Bob Ellison see #general and #support, cc @U0NOBODY1"));
    EXPECT_TRUE(r.html.contains(QStringLiteral("<span class=\"mention\">@Bob Ellison</span>")));
    EXPECT_TRUE(r.html.contains(QStringLiteral("<span class=\"channel\">#support</span>")));
}

TEST(SlackMrkdwn, SpecialMentions) {
    EXPECT_EQ(render("<!here> <!channel> <!subteam^S123|@oncall>").text,
              QStringLiteral("@here @channel @oncall"));
}

TEST(SlackMrkdwn, EntitiesAreDecodedOnceAndEscapedForHtml) {
    const SlackRendered r = render("a &lt;b&gt; &amp; <script>x</script>");
    EXPECT_EQ(r.text.left(9), QStringLiteral("a <b> & <"));
    EXPECT_FALSE(r.html.contains(QStringLiteral("<script>")));
    EXPECT_TRUE(r.html.contains(QStringLiteral("a &lt;b&gt; &amp;")));
}

TEST(SlackMrkdwn, BoldItalicStrike) {
    const SlackRendered r = render("*Thursday 14:00 UTC* (not ~Wednesday~) _before noon_");
    EXPECT_EQ(r.html,
              QStringLiteral("<p><b>Thursday 14:00 UTC</b> (not <s>Wednesday</s>) <i>before noon</i></p>"));
    EXPECT_EQ(r.text, QStringLiteral("Thursday 14:00 UTC (not Wednesday) before noon"));
}

TEST(SlackMrkdwn, StylesOnlyAtWordBoundaries) {
    EXPECT_EQ(render("snake_case_name and 2*3*4").text, QStringLiteral("snake_case_name and 2*3*4"));
    EXPECT_EQ(render("* not bold *").html, QStringLiteral("<p>* not bold *</p>"));
}

TEST(SlackMrkdwn, InlineCodeIsNotStyled) {
    const SlackRendered r = render("run `make *all*` now");
    EXPECT_EQ(r.html, QStringLiteral("<p>run <code>make *all*</code> now</p>"));
    EXPECT_EQ(r.text, QStringLiteral("run make *all* now"));
}

TEST(SlackMrkdwn, CodeBlocks) {
    const SlackRendered r =
        render("Logs say:\n```\nauth: redirect_uri mismatch (got http://, want https://)\n```");
    EXPECT_EQ(r.html,
              QStringLiteral("<p>Logs say:</p><pre><code>auth: redirect_uri mismatch (got http://, want "
                             "https://)</code></pre>"));
    EXPECT_EQ(r.text, QStringLiteral("Logs say:\nauth: redirect_uri mismatch (got http://, want https://)"));
}

TEST(SlackMrkdwn, CodeBlockKeepsMarkupCharactersLiterally) {
    const SlackRendered r = render("```- proxy_set_header *X* &lt;b&gt;```");
    EXPECT_EQ(r.html, QStringLiteral("<pre><code>- proxy_set_header *X* &lt;b&gt;</code></pre>"));
}

TEST(SlackMrkdwn, UnclosedFenceStaysText) {
    EXPECT_EQ(render("a ``` b").text, QStringLiteral("a ``` b"));
}

TEST(SlackMrkdwn, Quotes) {
    const SlackRendered r = render("&gt; Ship early, ship often\n&gt; second\nWords to live by");
    EXPECT_EQ(
        r.html,
        QStringLiteral("<blockquote>Ship early, ship often<br>second</blockquote><p>Words to live by</p>"));
    EXPECT_EQ(r.text, QStringLiteral("> Ship early, ship often\n> second\nWords to live by"));
}

TEST(SlackMrkdwn, Emoji) {
    EXPECT_EQ(render("Merged :shipit: :tada: :thumbsup::skin-tone-3: :no_such_emoji:").text,
              QString::fromUtf8("Merged 🐿️ 🎉 👍 :no_such_emoji:"));
}

TEST(SlackMrkdwn, EmojiInsideLinksIsLeftAlone) {
    const SlackRendered r = render("<https://example.com/:tada:/x|go>");
    EXPECT_TRUE(r.html.contains(QStringLiteral("href=\"https://example.com/:tada:/x\"")));
}

TEST(SlackMrkdwn, LineBreaks) {
    EXPECT_EQ(render("one\ntwo").html, QStringLiteral("<p>one<br>two</p>"));
}

TEST(SlackMrkdwn, UnicodeSurvives) {
    const SlackRendered r = render("Grüße aus München — 東京からこんにちは 🍣");
    EXPECT_EQ(r.text, QString::fromUtf8("Grüße aus München — 東京からこんにちは 🍣"));
}

} // namespace
} // namespace tributary::slack
