// The one HTML-to-text converter (html/HtmlToText.h): the reader's text and the providers'
// snippets. (The reader's cases that need the widgets app live in tests/ui/UiHelpersTest.)
#include "html/HtmlToText.h"

#include <QThread>
#include <gtest/gtest.h>
#include <memory>

using namespace tributary;

TEST(HtmlToText, KeepsTheVisibleWordsOnly) {
    EXPECT_EQ(htmlToText(QStringLiteral(
                  "<html><head><title>T</title><style>p{}</style></head><body><p>Hi&nbsp;&amp; "
                  "bye</p><script>x()</script>&#8364;</body></html>")),
              QStringLiteral("Hi & bye\n€"));
}

TEST(HtmlToText, CollapsesWhitespaceAsHtmlDoesAndBreaksLinesPerBlock) {
    EXPECT_EQ(htmlToText(QStringLiteral("  <div>one\n   two</div>\n\n<p>three <b>four</b></p>five")),
              QStringLiteral("one two\nthree four\nfive"));
    EXPECT_EQ(htmlToText(QStringLiteral("a<br>b<br><br>c<br><br><br><br>d")),
              QStringLiteral("a\nb\n\nc\n\nd"));
    EXPECT_EQ(htmlToText(QStringLiteral(
                  "<ul><li>x</li><li>y</li></ul><table><tr><td>1</td><td>2</td></tr></table>")),
              QStringLiteral("x\ny\n1\n2"));
    EXPECT_EQ(htmlToText(QStringLiteral("<pre>keep  this\n  indent</pre>")),
              QStringLiteral("keep  this\n  indent"));
}

TEST(HtmlToText, ReadsEveryNamedCharacterReference) {
    EXPECT_EQ(htmlToText(QStringLiteral("caf&eacute; &ndash; &hearts; &lt;b&gt;")),
              QStringLiteral("café – ♥ <b>"));
    EXPECT_EQ(htmlToText(QStringLiteral("&#x20AC;&")), QStringLiteral("€&"));
    EXPECT_EQ(htmlToText(QStringLiteral("&nosuchthing; &#x110000;")), QStringLiteral("&nosuchthing; \uFFFD"));
}

// Runs on 1 MB of input built to make a scan quadratic (seconds for the converter that
// looked for each '&'s ';' to the end, milliseconds now): a regression shows as a slow test.
TEST(HtmlToText, AmpersandsWithoutSemicolonReadAsBrowsersReadThem) {
    const QString hostile = QStringLiteral("&amp x ").repeated(150'000);
    EXPECT_EQ(htmlToText(hostile + QStringLiteral("&amp;end")),
              QStringLiteral("& x ").repeated(150'000) + QStringLiteral("&end"));
    EXPECT_EQ(htmlToText(QStringLiteral("AT&T &copy2024")), QStringLiteral("AT&T ©2024"));
}

TEST(HtmlToText, DeepNestingIsItsText) {
    const QString hostile = QStringLiteral("<div>").repeated(200'000) + QStringLiteral("core &amp; more") +
                            QStringLiteral("</div>").repeated(200'000) + QStringLiteral("<p>after</p>");
    EXPECT_EQ(htmlToText(hostile), QStringLiteral("core & more\nafter"));
    EXPECT_EQ(htmlToText(QStringLiteral("<div>").repeated(200'000)), QString());
    EXPECT_EQ(htmlToText(QString()), QString());
}

TEST(HtmlToText, RunsOnAWorkerThreadWithoutAGuiApplication) {
    // Providers make snippets on their worker threads, in the command line too.
    QString text;
    std::unique_ptr<QThread> worker(
        QThread::create([&text] { text = htmlToText(QStringLiteral("<p>from a worker</p>")); }));
    worker->start();
    worker->wait();
    EXPECT_EQ(text, QStringLiteral("from a worker"));
}

TEST(HtmlToText, AMailOverTheElementBudgetEndsWhereItWasCutAndSaysSo) {
    QString html;
    for (int i = 0; i < 30'000; ++i)
        html += QStringLiteral("<p id=i%1>row %1").arg(i);
    const QString text = htmlToText(html);
    EXPECT_TRUE(text.contains(QStringLiteral("row 24999\n\n[…]"))) << text.right(40).toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("row 25000")));
    EXPECT_FALSE(htmlToText(QStringLiteral("<p>short")).contains(QStringLiteral("[…]")));
}
