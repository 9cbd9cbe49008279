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
