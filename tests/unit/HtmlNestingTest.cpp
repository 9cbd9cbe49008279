#include "html/HtmlNesting.h"

#include <gtest/gtest.h>

using tributary::html::boundNesting;

TEST(HtmlNesting, DropsTagsBeyondTheDepthAndTheirEndTagsKeepingTheText) {
    // Quoted '>' inside a tag, comments and raw text (end tag in any case) are not tags.
    const QByteArray in = "<p><div><Div a='>'><div>x</div></div></div><!--<div><div><div>-->"
                          "<style><div><div></STYLE>y<averyveryverylongtagname>z";
    EXPECT_EQ(boundNesting(in, 2), QByteArray("<p><div><Div a='>'>x</div></div><!--<div><div><div>-->"
                                              "<style><div><div></STYLE>y<averyveryverylongtagname>z"));
    EXPECT_EQ(boundNesting("<b><i>x", 8), QByteArray("<b><i>x")) << "shallow input comes back as it is";
}

TEST(HtmlNesting, FlattensAMegabyteOfNestedDivsInOnePass) {
    const QByteArray hostile =
        QByteArray("<div>").repeated(200'000) + "core" + QByteArray("</div>").repeated(200'000);
    EXPECT_EQ(boundNesting(hostile, 256),
              QByteArray("<div>").repeated(256) + "core" + QByteArray("</div>").repeated(256));
    // A raw-text element left open is text to the end, read once.
    const QByteArray openStyle =
        QByteArray("<div>").repeated(200) + "<style>" + QByteArray("</div>").repeated(200'000);
    EXPECT_EQ(boundNesting(openStyle, 256), openStyle);
}

TEST(HtmlNesting, CutsBeforeTheFirstNodeOverTheBudgetAndSaysSo) {
    using tributary::html::boundMarkup;
    // Start tags and comments count; end tags, text and tags left out for depth do not.
    const auto cut = boundMarkup("<p>a</p><!--c--><br>b<i>x</i><b>y", 64, 3);
    EXPECT_TRUE(cut.clipped);
    EXPECT_EQ(cut.html, QByteArray("<p>a</p><!--c--><br>b")) << "the rest goes whole, not as run-on text";
    const auto fits = boundMarkup("<p>a</p><!--c--><br>b", 64, 3);
    EXPECT_FALSE(fits.clipped);
    EXPECT_EQ(fits.html, QByteArray("<p>a</p><!--c--><br>b"));
    const auto deep = boundMarkup("<div><div><div>x</div></div></div><p>y", 2, 3);
    EXPECT_FALSE(deep.clipped) << "the third <div> is dropped for depth, so <p> is the third node";
    EXPECT_EQ(deep.html, QByteArray("<div><div>x</div></div><p>y"));
    EXPECT_FALSE(boundMarkup(QByteArray("<p>x").repeated(1000), 64, 0).clipped) << "0: no budget";
}

TEST(HtmlNesting, AMegabyteOfBareTagsIsCutAtTheBudget) {
    using tributary::html::boundMarkup;
    const QByteArray hostile = QByteArray("<p>x").repeated(262'144);
    const auto bounded = boundMarkup(hostile, 1024, 25'000);
    EXPECT_TRUE(bounded.clipped);
    EXPECT_EQ(bounded.html, QByteArray("<p>x").repeated(25'000));
}
