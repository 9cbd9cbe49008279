// The reader's layout (issue 11, "Looks and layout"): wide newsletters fit the pane, the
// card header's buttons never clip, plain-text mail reads like HTML mail (quotes, font size,
// line spacing). Set TRIBUTARY_SCREENSHOT_DIR to also save what the views look like.

#include "Await.h"
#include "ConversationView.h"
#include "html/RemoteContentPolicy.h"
#include "reader/MessageCard.h"
#include "reader/MessageReader.h"
#include "reader/PlainTextView.h"
#include "reader/RemoteContentBar.h"
#include "util/ReadyFuture.h"

#include <QAbstractTextDocumentLayout>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineView>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::waitUntil;

namespace {

void shoot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QVariant evaluate(QWebEngineView* view, const QString& script) {
    QVariant result;
    bool done = false;
    view->page()->runJavaScript(script, QWebEngineScript::ApplicationWorld, [&](const QVariant& v) {
        result = v;
        done = true;
    });
    waitUntil([&] { return done; }, 10000);
    return result;
}

//! Content width against viewport width, in CSS pixels, and whether a scroll bar shows.
struct Overflow {
    double contentWidth = 0;
    double viewportWidth = 0;
    int scrollBarHeight = -1;
    bool fits() const { return contentWidth <= viewportWidth + 1 && scrollBarHeight == 0; }
};

Overflow overflowOf(QWebEngineView* view) {
    const QVariantList v = evaluate(view, QStringLiteral("(function(){var d=document.documentElement;"
                                                         "return [d.scrollWidth,d.clientWidth,"
                                                         "window.innerHeight-d.clientHeight];})()"))
                               .toList();
    if (v.size() < 3)
        return {};
    return {v[0].toDouble(), v[1].toDouble(), v[2].toInt()};
}

//! A marketing mail as they come: a 1200-pixel table with a fixed-size hero image and text.
QString wideNewsletter(int width) {
    return QStringLiteral(
               "<table width=\"%1\" cellpadding=\"0\" cellspacing=\"0\" bgcolor=\"#f4f4f4\"><tr>"
               "<td width=\"%2\"><img src=\"https://cdn.shop.example/hero.jpg\" width=\"%2\" height=\"200\" "
               "alt=\"Spring\"></td><td width=\"%2\" id=\"right\"><h2>Spring collection</h2><p>Everything "
               "20% "
               "off until Sunday. <a href=\"https://shop.example/sale\">Shop now</a></p></td></tr></table>"
               "<p id=\"footer\">You receive this because you subscribed.</p>")
        .arg(width)
        .arg(width / 2);
}

//! `width`: 1200 pixels is an extreme case; most newsletters are 600 to 700 wide.
Message newsletterMessage(int width = 1200) {
    Message m;
    m.id = QStringLiteral("v1:message:acc:INBOX/1");
    m.accountId = QStringLiteral("acc");
    m.threadId = QStringLiteral("v1:thread:acc:t1");
    m.author = Participant{QStringLiteral("newsletter-no-reply@mailing.a-rather-long-shop-domain.example"),
                           QStringLiteral("Spring Collection Newsletter of the Shop"),
                           {}};
    m.to = {Participant{QStringLiteral("me@example.org"), QStringLiteral("Me"), {}}};
    m.subject = QStringLiteral("Spring offers");
    m.sentAt = QDateTime(QDate(2024, 5, 14), QTime(9, 0));
    m.receivedAt = m.sentAt;
    m.bodyLoaded = true;
    m.html = wideNewsletter(width);
    m.text = QStringLiteral("Spring collection: everything 20% off until Sunday.");
    m.attachments = {
        Attachment{QStringLiteral("2"),
                   QStringLiteral("spring-collection-catalogue-with-every-price-and-size-2024.pdf"),
                   QStringLiteral("application/pdf"),
                   1200000,
                   {},
                   false}};
    return m;
}

Thread threadOf(const QList<Message>& messages) {
    Thread t;
    t.id = QStringLiteral("v1:thread:acc:t1");
    t.subject = messages.first().subject;
    for (const Message& m : messages) {
        t.messageIds.append(m.id);
        t.participants.append(m.author);
    }
    t.messageCount = int(messages.size());
    return t;
}

bool allReady(ConversationView& view) {
    for (MessageCard* card : view.messageCards()) {
        if (card->isExpanded() && (!card->reader() || !card->reader()->isContentReady()))
            return false;
    }
    return true;
}

//! Whether `w` shows whole inside `container` and has at least the room it asks for.
::testing::AssertionResult whole(QWidget* w, QWidget* container) {
    if (!w->isVisibleTo(container))
        return ::testing::AssertionFailure() << w->objectName().toStdString() << " is hidden";
    const QRect r(w->mapTo(container, QPoint(0, 0)), w->size());
    if (!container->rect().contains(r))
        return ::testing::AssertionFailure()
               << "outside: " << r.x() << "," << r.y() << " " << r.width() << "x" << r.height() << " in "
               << container->width() << "x" << container->height();
    if (w->width() < w->minimumSizeHint().width())
        return ::testing::AssertionFailure()
               << "squeezed to " << w->width() << " < " << w->minimumSizeHint().width();
    return ::testing::AssertionSuccess();
}

} // namespace

// A 1200-pixel newsletter in a 460-pixel pane (the window at 900 pixels): scaled to fit,
// no sideways scroll bar in the card, nothing of the page cut off at the pane's edge.
TEST(ReaderLayout, WideNewsletterFitsThePaneWithoutAScrollBar) {
    const Message m = newsletterMessage();
    ConversationView view([m](const QString&) { return readyResult<Message>(m); });
    RemoteContentPolicy policy(nullptr);
    view.setRemoteContentPolicy(&policy);
    view.resize(460, 700);
    view.show();
    view.showThread(threadOf({m}), {m});
    ASSERT_TRUE(waitUntil([&] { return allReady(view); }, 30000));
    MessageCard* card = view.messageCards().first();
    QWebEngineView* web = card->reader()->webView();
    ASSERT_TRUE(web);
    ASSERT_TRUE(waitUntil([&] { return overflowOf(web).fits(); }, 15000))
        << "content " << overflowOf(web).contentWidth << " px in a viewport of "
        << overflowOf(web).viewportWidth << " px, scroll bar " << overflowOf(web).scrollBarHeight;
    EXPECT_LT(web->page()->zoomFactor(), 0.5) << "scaled down, as Apple Mail does";
    EXPECT_GE(web->page()->zoomFactor(), 0.25);
    // The whole table shows: its right column and the footer are inside the view.
    const double right = evaluate(web, QStringLiteral("document.getElementById('right')"
                                                      ".getBoundingClientRect().right"))
                             .toDouble();
    EXPECT_LE(right * web->page()->zoomFactor(), web->width() + 1);
    // Tall enough for everything: the footer is not cut at the bottom.
    ASSERT_TRUE(waitUntil(
        [&] {
            const double bottom =
                evaluate(web,
                         QStringLiteral("document.getElementById('footer').getBoundingClientRect().bottom"))
                    .toDouble();
            return bottom * web->page()->zoomFactor() <= web->height() + 1;
        },
        10000));

    // The conversation itself never scrolls sideways or cuts the card.
    auto* scroll = view.findChild<QScrollArea*>();
    ASSERT_TRUE(scroll);
    EXPECT_LE(scroll->widget()->width(), scroll->viewport()->width());
    EXPECT_LE(card->geometry().right(), scroll->viewport()->width());
    QTest::qWait(300); // the web view's next frame, for the picture
    shoot(view, QStringLiteral("reader-fit-narrow"));

    // Given room again, it is shown at full size.
    view.resize(1400, 700);
    ASSERT_TRUE(waitUntil([&] { return web->page()->zoomFactor() > 0.99 && overflowOf(web).fits(); }, 15000))
        << web->page()->zoomFactor();
}

//! The sandbox's list newsletter (tools/gen-mailbox.py): text in a div, then a 600-pixel
//! remote banner (blocked, so it keeps its box) and an unsubscribe line.
Message sandboxNewsletter() {
    Message m = newsletterMessage();
    QString text;
    for (int i = 0; i < 6; ++i)
        text += QStringLiteral("<p>Hello all, the release is out. Would you have time on Thursday "
                               "afternoon? Could we go through the open points together.</p>");
    m.html = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>"
                            "<div style=\"font-family: Arial, sans-serif; font-size: 14px\">%1"
                            "<p>Best regards</p></div><p><img src=\"https://news.example.org/banner-7.png\" "
                            "alt=\"banner\" width=\"600\"></p><p style=\"font-size:11px;color:#888\">"
                            "<a id=\"footer\" href=\"https://news.example.org/unsubscribe\">Unsubscribe</a>"
                            "</p></body></html>\n")
                 .arg(text);
    return m;
}

//! Whether the reader shows all of its page: nothing wider than the view (zoom included),
//! no sideways scroll bar, and the last line inside the view's height.
::testing::AssertionResult showsWhole(QWebEngineView* web) {
    const QVariantList v =
        evaluate(web, QStringLiteral("(function(){var d=document.documentElement;"
                                     "var f=document.getElementById('footer');"
                                     "return [d.scrollWidth,window.innerHeight-d.clientHeight,"
                                     "f?f.getBoundingClientRect().bottom:-1,window.devicePixelRatio];})()"))
            .toList();
    if (v.size() < 4 || v[2].toDouble() < 0)
        return ::testing::AssertionFailure() << "not the message's document yet";
    // The zoom the page is laid out with (Qt's stored factor may be ahead of it).
    const double zoom = v[3].toDouble() / web->devicePixelRatioF();
    const double width = v[0].toDouble() * zoom;
    const double bottom = v[2].toDouble() * zoom;
    if (width > web->width() + 1 || v[1].toInt() != 0 || bottom > web->height() + 1)
        return ::testing::AssertionFailure() << "content " << width << " px wide, bottom at " << bottom
                                             << " px, in a view of " << web->width() << "x" << web->height()
                                             << ", scroll bar " << v[1].toInt() << ", zoom " << zoom;
    return ::testing::AssertionSuccess();
}

// The window starts wide and the splitter then gives the pane less room (and the reverse):
// the newsletter is scaled again to the new width, whole, with no sideways scroll bar.
TEST(ReaderLayout, NewsletterFitsAgainAfterThePaneIsResized) {
    const Message m = sandboxNewsletter();
    ConversationView view([m](const QString&) { return readyResult<Message>(m); });
    RemoteContentPolicy policy(nullptr);
    view.setRemoteContentPolicy(&policy);
    view.resize(1400, 600);
    view.show();
    view.showThread(threadOf({m}), {m});
    ASSERT_TRUE(waitUntil([&] { return allReady(view); }, 30000));
    QWebEngineView* web = view.messageCards().first()->reader()->webView();
    ASSERT_TRUE(web);
    for (const int width : {460, 1400, 420, 520, 380}) {
        view.resize(width, 600);
        ::testing::AssertionResult whole = showsWhole(web);
        waitUntil(
            [&] {
                QTest::qWait(100); // let a pending zoom or height settle before judging
                whole = showsWhole(web);
                return bool(whole);
            },
            15000);
        EXPECT_TRUE(whole) << "at " << width << " px";
        // And it stays so once the page has nothing left to do.
        QTest::qWait(700);
        EXPECT_TRUE(showsWhole(web)) << "at " << width << " px, settled";
    }
    shoot(view, QStringLiteral("reader-fit-resized"));
}

// The header's "Plain text" button, the remote-content bar's "Load once" and "Always for …"
// and the attachment chip stay whole, however narrow the pane and however long the names.
TEST(ReaderLayout, HeaderButtonsNeverClip) {
    const Message m = newsletterMessage(700);
    ConversationView view([m](const QString&) { return readyResult<Message>(m); });
    RemoteContentPolicy policy(nullptr);
    view.setRemoteContentPolicy(&policy);
    view.show();
    for (const int width : {1000, 640, 460, 340}) {
        view.resize(width, 700);
        view.showThread(threadOf({m}), {m});
        ASSERT_TRUE(waitUntil([&] { return allReady(view); }, 30000));
        QTest::qWait(50);
        MessageCard* card = view.messageCards().first();
        SCOPED_TRACE(width);
        auto* scroll = view.findChild<QScrollArea*>();
        EXPECT_LE(scroll->widget()->width(), scroll->viewport()->width()) << "the page is cut at the right";
        if (width >= 1000) {
            // With room, the sender's name is whole (not shortened by a rounding error).
            bool nameWhole = false;
            for (QLabel* label : card->findChildren<QLabel*>())
                nameWhole = nameWhole || (label->isVisible() && label->text() == m.author.displayName);
            EXPECT_TRUE(nameWhole);
        }
        QToolButton* plain = nullptr;
        for (QToolButton* b : card->findChildren<QToolButton*>()) {
            if (b->text() == QStringLiteral("Plain text"))
                plain = b;
        }
        ASSERT_TRUE(plain);
        EXPECT_TRUE(whole(plain, card));
        RemoteContentBar* bar = card->reader()->remoteContentBar();
        ASSERT_TRUE(bar->isVisible());
        EXPECT_TRUE(whole(bar->loadOnceButton(), card));
        EXPECT_TRUE(whole(bar->alwaysButton(), card));
        EXPECT_GE(bar->alwaysButton()->width(), bar->alwaysButton()->sizeHint().width()) << "its text fits";
        EXPECT_TRUE(bar->alwaysButton()->toolTip().contains(m.author.address)) << "the whole address";
        ASSERT_EQ(card->attachmentChips().size(), 1);
        EXPECT_TRUE(whole(card->attachmentChips().first(), card));
        QWebEngineView* web = card->reader()->webView();
        EXPECT_TRUE(waitUntil([&] { return overflowOf(web).fits(); }, 15000)) << "the newsletter fits";
        QTest::qWait(300); // the web view's next frame, for the picture
        shoot(view, QStringLiteral("reader-header-%1").arg(width));
    }
}

// Plain-text mail: "> " lines are drawn as a quote with a rule at the left, indented like
// the HTML reader's blockquote; nested quotes nest; the markers are not shown.
TEST(ReaderLayout, PlainTextQuotesLookLikeHtmlQuotes) {
    MessageReader plain;
    plain.resize(560, 300);
    plain.show();
    Message text;
    text.id = QStringLiteral("v1:message:acc:INBOX/2");
    text.author = Participant{QStringLiteral("bob@example.org"), QStringLiteral("Bob"), {}};
    text.bodyLoaded = true;
    text.text =
        QStringLiteral("Sounds good.\n\n> Can we meet on Friday?\n>> Is Thursday possible?\n> Or later.\n"
                       "Bob");
    plain.setMessage(text);
    ASSERT_TRUE(waitUntil([&] { return plain.isContentReady(); }, 10000));
    PlainTextView* view = plain.plainView();
    ASSERT_TRUE(view->isVisible());
    const QString shown = view->toPlainText();
    EXPECT_FALSE(shown.contains(QStringLiteral("> Can"))) << shown.toStdString();
    EXPECT_TRUE(shown.contains(QStringLiteral("Can we meet on Friday?")));

    // Where each line starts, from the text layout.
    const auto lineX = [&](const QString& needle) -> qreal {
        QTextDocument* doc = view->document();
        const QTextCursor found = doc->find(needle);
        if (found.isNull())
            return -1;
        const QTextBlock block = found.block();
        const QRectF box = doc->documentLayout()->blockBoundingRect(block);
        return box.x() + block.layout()->lineAt(0).x();
    };
    const qreal top = lineX(QStringLiteral("Sounds good"));
    const qreal quoted = lineX(QStringLiteral("Can we meet"));
    const qreal nested = lineX(QStringLiteral("Is Thursday"));
    EXPECT_NEAR(quoted - top, 17, 3) << "2 px margin, 3 px rule, 12 px padding, as the HTML blockquote";
    EXPECT_NEAR(nested - quoted, 17, 3);
    EXPECT_NEAR(lineX(QStringLiteral("Bob")), top, 1);

    // The rule is drawn: the quote's left edge has the rule colour.
    const QImage image = view->grab().toImage();
    const QColor rule = plain.palette().color(QPalette::Mid);
    const QTextBlock quotedBlock = view->document()->find(QStringLiteral("Can we meet")).block();
    const int y = int(view->document()->documentLayout()->blockBoundingRect(quotedBlock).center().y());
    int ruleColumns = 0;
    QStringList seen;
    for (int x = int(top); x < int(quoted); ++x) {
        const QColor c =
            image.pixelColor(int(x * image.devicePixelRatio()), int(y * image.devicePixelRatio()));
        seen.append(c.name());
        const int distance = std::abs(c.red() - rule.red()) + std::abs(c.green() - rule.green()) +
                             std::abs(c.blue() - rule.blue());
        ruleColumns += distance < 30 ? 1 : 0;
    }
    EXPECT_GE(ruleColumns, 2) << "rule " << rule.name().toStdString() << ", seen "
                              << seen.join(QLatin1Char(' ')).toStdString();
    shoot(plain, QStringLiteral("plain-quotes"));
}

// HTML and plain-text messages of one thread: the same font size and the same line spacing.
TEST(ReaderLayout, HtmlAndPlainTextReadAlike) {
    MessageReader html;
    MessageReader plain;
    for (MessageReader* r : {&html, &plain}) {
        r->resize(560, 300);
        r->show();
    }
    Message m;
    m.id = QStringLiteral("v1:message:acc:INBOX/3");
    m.author = Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}};
    m.bodyLoaded = true;
    m.html = QStringLiteral("<div id=a>First line</div><div id=b>Second line</div>");
    html.setMessage(m);
    m.id = QStringLiteral("v1:message:acc:INBOX/4");
    m.html.clear();
    m.text = QStringLiteral("First line\nSecond line\nThird line");
    plain.setMessage(m);
    ASSERT_TRUE(waitUntil([&] { return html.isContentReady() && plain.isContentReady(); }, 20000));
    // The message's own document, laid out (not the empty page the reader starts from).
    ASSERT_TRUE(waitUntil(
        [&] {
            return evaluate(html.webView(), QStringLiteral("document.readyState==='complete'&&"
                                                           "document.getElementById('b')!==null"))
                .toBool();
        },
        20000));

    const QVariantList css =
        evaluate(html.webView(),
                 QStringLiteral("(function(){var a=document.getElementById('a'),"
                                "b=document.getElementById('b');"
                                "return [parseFloat(getComputedStyle(a).fontSize),"
                                "b.getBoundingClientRect().top-a.getBoundingClientRect().top];})()"))
            .toList();
    ASSERT_EQ(css.size(), 2);
    const double htmlFontPx = css[0].toDouble();
    const double htmlPitch = css[1].toDouble();

    PlainTextView* view = plain.plainView();
    const QFontInfo plainFont(view->font());
    EXPECT_NEAR(plainFont.pixelSize(), htmlFontPx, 0.01);
    const QTextBlock block = view->document()->begin();
    ASSERT_GE(block.layout()->lineCount(), 2);
    const qreal plainPitch = block.layout()->lineAt(1).y() - block.layout()->lineAt(0).y();
    EXPECT_NEAR(plainPitch, htmlPitch, 1.0) << "HTML " << htmlPitch << " px, plain " << plainPitch << " px";
}

// A URL longer than the pane wraps in a plain-text mail instead of widening the card.
TEST(ReaderLayout, LongPlainTextLinesWrap) {
    Message m;
    m.id = QStringLiteral("v1:message:acc:INBOX/5");
    m.threadId = QStringLiteral("v1:thread:acc:t1");
    m.author = Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}};
    m.subject = QStringLiteral("Link");
    m.bodyLoaded = true;
    m.text = QStringLiteral("See https://example.org/") + QString(300, QLatin1Char('x'));
    ConversationView view([m](const QString&) { return readyResult<Message>(m); });
    view.resize(460, 600);
    view.show();
    view.showThread(threadOf({m}), {m});
    ASSERT_TRUE(waitUntil([&] { return allReady(view); }, 10000));
    QTest::qWait(50);
    auto* scroll = view.findChild<QScrollArea*>();
    EXPECT_LE(scroll->widget()->width(), scroll->viewport()->width());
    PlainTextView* text = view.messageCards().first()->reader()->plainView();
    EXPECT_GE(text->document()->begin().layout()->lineCount(), 2) << "the URL wraps";
    EXPECT_LE(text->document()->idealWidth(), text->width() + 1);
}
