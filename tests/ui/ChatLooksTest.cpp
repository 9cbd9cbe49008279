// Chat in the conversation pane (issue 11, "Looks and layout"): Slack's mrkdwn shows as
// formatting, keycap emoji show as one picture in the widgets and in the web reader, long
// words wrap, and a chat opens at its newest message. Set TRIBUTARY_SCREENSHOT_DIR to also
// save what the bubbles look like.

#include "Await.h"
#include "ConversationView.h"
#include "EmojiText.h"
#include "reader/ChatGroup.h"
#include "reader/ChatHtml.h"
#include "reader/MessageReader.h"
#include "slack/SlackMrkdwn.h"
#include "util/ReadyFuture.h"

#include <QDir>
#include <QFontInfo>
#include <QGlyphRun>
#include <QLabel>
#include <QPainter>
#include <QRawFont>
#include <QScrollArea>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextLayout>
#include <QWebEngineView>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::waitUntil;

namespace {

const QString kKeycaps = QString::fromUtf8("Vote 1\xEF\xB8\x8F\xE2\x83\xA3 or 2\xEF\xB8\x8F\xE2\x83\xA3");

//! Skips (fails under CI) without the colour emoji font tools/lib/packages.sh installs.
#define REQUIRE_EMOJI_FONT()                                                                                 \
    do {                                                                                                     \
        if (emojiFontFamily().isEmpty()) {                                                                   \
            if (qEnvironmentVariable("CI") == QLatin1String("true"))                                         \
                FAIL() << "no colour emoji font: install fonts-noto-color-emoji (tools/lib/packages.sh)";    \
            GTEST_SKIP() << "no colour emoji font: install fonts-noto-color-emoji (tools/lib/packages.sh)";  \
        }                                                                                                    \
    } while (0)

void shoot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

Message chat(int n, const QString& author, const QString& mrkdwn) {
    Message m;
    m.id = QStringLiteral("v1:message:slack:C1/%1").arg(n);
    m.accountId = QStringLiteral("slack");
    m.threadId = QStringLiteral("v1:thread:slack:C1");
    m.kind = ConversationKind::Chat;
    m.author = Participant{author.toLower(), author, {}};
    m.sentAt = QDateTime(QDate(2024, 5, 14), QTime(9, 0)).addSecs(n * 60);
    m.receivedAt = m.sentAt;
    m.flags = MessageFlag::Read;
    const slack::SlackRendered rendered = slack::renderMrkdwn(mrkdwn);
    m.text = rendered.text;
    m.html = rendered.html;
    m.snippet = makeSnippet(rendered.text);
    m.bodyLoaded = true;
    return m;
}

Thread chatThread(const QList<Message>& messages) {
    Thread t;
    t.id = QStringLiteral("v1:thread:slack:C1");
    t.kind = ConversationKind::Chat;
    for (const Message& m : messages)
        t.messageIds.append(m.id);
    t.messageCount = int(messages.size());
    return t;
}

//! The bubbles' labels, oldest first.
QList<QLabel*> bubbles(ConversationView& view) {
    QList<QLabel*> out;
    for (ChatGroup* group : view.chatGroups()) {
        for (QLabel* label : group->findChildren<QLabel*>()) {
            if (label->wordWrap())
                out.append(label);
        }
    }
    return out;
}

//! The character format at the first occurrence of `needle` in `html` as Qt lays it out.
QTextCharFormat formatAt(const QString& html, const QString& needle) {
    QTextDocument doc;
    doc.setHtml(html);
    const QTextCursor found = doc.find(needle);
    if (found.isNull())
        return {};
    QTextCursor at(doc.findBlock(found.selectionStart()));
    at.setPosition(found.selectionStart() + 1);
    return at.charFormat();
}

bool fixedPitch(const QTextCharFormat& format) {
    return format.fontFixedPitch() || QFontInfo(format.font()).fixedPitch();
}

//! Pixels clearly coloured (not grey): the colour emoji font draws them, text fonts do not.
int colouredPixels(const QImage& image) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.hsvSaturation() > 80 && c.value() > 60)
                ++count;
        }
    }
    return count;
}

} // namespace

// The examples: *bold*, _italic_, `code` and a code block are formatting, not
// plain text and not literal backticks.
TEST(ChatLooks, SlackMrkdwnShowsAsFormatting) {
    const QList<Message> messages = {
        chat(1, QStringLiteral("Bob"),
             QStringLiteral("Deploy moved to *Thursday 14:00 UTC* _before noon_, `main` is frozen")),
        chat(2, QStringLiteral("Carol"),
             QStringLiteral("Quick one: does anyone know why this fails?\n```\n$ make "
                            "test\nerror: undefined reference to `main`\n```")),
    };
    ConversationView view([&](const QString& id) {
        for (const Message& m : messages) {
            if (m.id == id)
                return readyResult<Message>(m);
        }
        return readyResult<Message>(ProviderError::notFound(QStringLiteral("gone")));
    });
    view.resize(560, 500);
    view.show();
    view.showThread(chatThread(messages), messages);
    const QList<QLabel*> shown = bubbles(view);
    ASSERT_EQ(shown.size(), 2);

    const QString first = shown[0]->text();
    EXPECT_TRUE(first.contains(QStringLiteral("<b>"))) << first.toStdString();
    EXPECT_TRUE(first.contains(QStringLiteral("<i>")));
    EXPECT_TRUE(first.contains(QStringLiteral("<code")));
    EXPECT_GE(formatAt(first, QStringLiteral("Thursday")).fontWeight(), int(QFont::Bold));
    EXPECT_TRUE(formatAt(first, QStringLiteral("before noon")).fontItalic());
    EXPECT_TRUE(fixedPitch(formatAt(first, QStringLiteral("main"))));
    QTextDocument firstDoc;
    firstDoc.setHtml(first);
    EXPECT_FALSE(firstDoc.toPlainText().contains(QLatin1Char('`'))) << firstDoc.toPlainText().toStdString();
    EXPECT_FALSE(firstDoc.toPlainText().contains(QLatin1Char('*')));

    const QString second = shown[1]->text();
    EXPECT_TRUE(second.contains(QStringLiteral("<pre"))) << second.toStdString();
    EXPECT_TRUE(fixedPitch(formatAt(second, QStringLiteral("make test"))));
    QTextDocument secondDoc;
    secondDoc.setHtml(second);
    EXPECT_FALSE(secondDoc.toPlainText().contains(QStringLiteral("```")));
    EXPECT_FALSE(fixedPitch(formatAt(second, QStringLiteral("Quick one"))));
    QTest::qWait(50); // the bubbles show on the next pass of the event loop
    shoot(view, QStringLiteral("chat-mrkdwn"));
}

// Whatever HTML a chat body brings, the bubble keeps only formatting: no images, no
// styles, no scripts, no links to anything but the web and mail.
TEST(ChatLooks, BubbleHtmlKeepsOnlyFormatting) {
    const QString html = chatBubbleHtml(
        QStringLiteral(
            "<p>hi <img src=\"file:///etc/passwd\"><script>alert(1)</script><style>p{color:red}</style>"
            "<a href=\"javascript:alert(1)\">x</a> <a href=\"https://example.org/?a=1&amp;b=2\">ok</a> "
            "<font color=red>t</font><span class=\"mention\">@Bob</span></p>"),
        QPalette());
    EXPECT_FALSE(html.contains(QStringLiteral("<img"))) << html.toStdString();
    EXPECT_FALSE(html.contains(QStringLiteral("alert")));
    EXPECT_FALSE(html.contains(QStringLiteral("color:red")));
    EXPECT_FALSE(html.contains(QStringLiteral("javascript")));
    EXPECT_FALSE(html.contains(QStringLiteral("<font")));
    EXPECT_TRUE(html.contains(QStringLiteral("href=\"https://example.org/?a=1&amp;b=2\"")));
    QTextDocument doc;
    doc.setHtml(html);
    EXPECT_EQ(doc.toPlainText().simplified(), QStringLiteral("hi x ok t@Bob"));
}

// "1️⃣" is one picture from the colour emoji font in a bubble (not a "1" and a box from
// whichever font has U+20E3 first), and in a list row drawn by the delegate's helper.
TEST(ChatLooks, KeycapEmojiAreOnePictureInTheWidgets) {
    REQUIRE_EMOJI_FONT();
    const QString html = chatTextHtml(kKeycaps, QPalette());
    // The bubble's rich text: each keycap in the colour emoji font, without U+FE0F.
    const QString keycap = QString::fromUtf8("1\xE2\x83\xA3");
    EXPECT_TRUE(html.contains(
        QStringLiteral("<span style=\"font-family:'%1'\">%2</span>").arg(emojiFontFamily(), keycap)))
        << html.toStdString();
    // That font shapes the digit and U+20E3 to one glyph (U+FE0F, which it lacks, would split
    // the run and leave a "1" and a box).
    QFont font;
    font.setPixelSize(24);
    QFont emoji = font;
    emoji.setFamilies({emojiFontFamily()});
    QTextLayout layout(keycap, emoji);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    int glyphs = 0;
    for (const QGlyphRun& run : layout.glyphRuns()) {
        EXPECT_EQ(run.rawFont().familyName(), emojiFontFamily());
        glyphs += int(run.glyphIndexes().size());
    }
    EXPECT_EQ(glyphs, 1);
    // And a bubble draws it in colour.
    QLabel bubble;
    bubble.setFont(font);
    bubble.setText(html);
    bubble.adjustSize();
    EXPECT_GT(colouredPixels(bubble.grab().toImage()), 100);

    QImage plain(400, 40, QImage::Format_RGB32);
    plain.fill(Qt::white);
    QImage withEmoji = plain;
    {
        QPainter p(&plain);
        p.setFont(font);
        p.drawText(plain.rect(), Qt::AlignLeft | Qt::AlignVCenter, kKeycaps);
    }
    {
        QPainter p(&withEmoji);
        p.setFont(font);
        drawTextWithEmoji(&p, withEmoji.rect(), Qt::AlignLeft | Qt::AlignVCenter, kKeycaps);
    }
    EXPECT_GT(colouredPixels(withEmoji), 100) << "the keycaps are drawn in colour";
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        plain.save(dir + QStringLiteral("/keycaps-qt-default.png"));
        withEmoji.save(dir + QStringLiteral("/keycaps-qt-emoji.png"));
    }
}

// The web reader draws keycaps in colour too (Chromium finds the emoji font through
// fontconfig for the whole sequence).
TEST(ChatLooks, KeycapEmojiAreOnePictureInTheWebReader) {
    REQUIRE_EMOJI_FONT();
    MessageReader reader;
    reader.resize(400, 200);
    reader.show();
    Message m;
    m.id = QStringLiteral("v1:message:acc:INBOX/9");
    m.author = Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}};
    m.bodyLoaded = true;
    m.html = QStringLiteral("<p style=\"font-size:40px;margin:0\">") + kKeycaps.toHtmlEscaped() +
             QStringLiteral("</p>");
    reader.setMessage(m);
    ASSERT_TRUE(waitUntil([&] { return reader.isContentReady(); }, 20000));
    int coloured = 0;
    waitUntil(
        [&] {
            coloured = colouredPixels(reader.webView()->grab().toImage());
            return coloured > 200;
        },
        10000);
    EXPECT_GT(coloured, 200) << "no colour emoji drawn in the web reader";
    shoot(reader, QStringLiteral("keycaps-web"));
}

// A URL longer than the pane breaks inside a bubble instead of widening the conversation.
TEST(ChatLooks, LongWordsWrapInBubbles) {
    const QList<Message> messages = {
        chat(1, QStringLiteral("Bob"),
             QStringLiteral("see <https://ci.example.com/builds/%1>").arg(QString(200, QLatin1Char('a')))),
    };
    ConversationView view([&](const QString&) { return readyResult<Message>(messages.first()); });
    view.resize(420, 400);
    view.show();
    view.showThread(chatThread(messages), messages);
    QTest::qWait(50);
    auto* scroll = view.findChild<QScrollArea*>();
    ASSERT_TRUE(scroll);
    EXPECT_LE(scroll->widget()->width(), scroll->viewport()->width());
    const QList<QLabel*> shown = bubbles(view);
    ASSERT_EQ(shown.size(), 1);
    EXPECT_LE(shown[0]->geometry().right(), scroll->viewport()->width());
    EXPECT_GT(shown[0]->height(), shown[0]->fontMetrics().height() * 3) << "the URL wraps over lines";
}

// A chat opens at its newest message, however tall its wrapped bubbles are.
TEST(ChatLooks, ChatOpensAtTheNewestMessage) {
    QList<Message> messages;
    for (int i = 0; i < 80; ++i)
        messages.append(chat(i, i % 3 == 0 ? QStringLiteral("Bob") : QStringLiteral("Carol"),
                             QStringLiteral("Message %1: a line long enough to wrap over two or three lines "
                                            "in a pane of this width, as chat messages often do.")
                                 .arg(i)));
    ConversationView view([&](const QString&) { return readyResult<Message>(messages.last()); });
    view.resize(420, 500);
    view.show();
    view.showThread(chatThread(messages), messages);
    auto* scroll = view.findChild<QScrollArea*>();
    ASSERT_TRUE(scroll);
    QScrollBar* bar = scroll->verticalScrollBar();
    ASSERT_TRUE(waitUntil([&] { return bar->maximum() > 0 && bar->value() == bar->maximum(); }, 5000))
        << bar->value() << " of " << bar->maximum();
    // Still there once every bubble has its final height.
    QTest::qWait(200);
    EXPECT_EQ(bar->value(), bar->maximum());
    const QList<QLabel*> shown = bubbles(view);
    ASSERT_FALSE(shown.isEmpty());
    const QPoint bottom = shown.last()->mapTo(scroll->viewport(), QPoint(0, shown.last()->height()));
    EXPECT_LE(bottom.y(), scroll->viewport()->height()) << "the newest message is in view";
}
