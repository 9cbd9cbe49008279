#include "reader/MessageReader.h"

#include "Await.h"
#include "ReaderPage.h"
#include "cache/ViewStateCache.h"
#include "html/RemoteContentPolicy.h"
#include "reader/ClippedNotice.h"
#include "reader/PlainTextView.h"
#include "reader/ReaderRequestInterceptor.h"
#include "reader/RemoteContentBar.h"
#include "util/ReadyFuture.h"

#include <QAction>
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineSettings>
#include <QWebEngineView>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::clickElement;
using tributary::test::evaluate;
using tributary::test::waitForPageSettled;
using tributary::test::waitUntil;

namespace {

QByteArray png(const QColor& colour, int size) {
    QImage image(size, size, QImage::Format_ARGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

//! A web server on a free loopback port that counts every connection made to it and
//! answers each GET with a small PNG: the "outside world" a mail tries to reach.
class PixelServer : public QObject {
public:
    PixelServer() {
        EXPECT_TRUE(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray request = socket->readAll();
                    const QList<QByteArray> words = request.split(' ');
                    if (words.size() > 1)
                        paths.append(QString::fromLatin1(words.at(1)));
                    const QByteArray body = png(Qt::blue, 40);
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }

    int connections = 0;
    QStringList paths;

private:
    QTcpServer m_server;
};

Message htmlMessage(const QString& html, const QString& text = {}) {
    Message m;
    m.id = QStringLiteral("v1:message:acc:INBOX/1");
    m.accountId = QStringLiteral("acc");
    m.author = Participant{QStringLiteral("news@shop.example"), QStringLiteral("Shop News"), {}};
    m.subject = QStringLiteral("Offers");
    m.bodyLoaded = true;
    m.html = html;
    m.text = text;
    return m;
}

//! Runs `script` in the reader's isolated world (the page's own JavaScript is off) and
//! waits for its result.
int naturalWidth(MessageReader& reader, const QString& selector) {
    return evaluate(reader, QStringLiteral("(function(){var i=document.querySelector('%1');"
                                           "return i&&i.complete?i.naturalWidth:-1;})()")
                                .arg(selector))
        .toInt();
}

struct MessageReaderTest : ::testing::Test {
    MessageReaderTest() {
        reader.resize(640, 400);
        reader.setAttachmentFetcher([this](const QString& messageId, const QString& attachmentId) {
            fetchedParts.append(messageId + QLatin1Char('|') + attachmentId);
            return readyResult<QByteArray>(png(Qt::red, 24));
        });
        reader.show();
    }
    bool waitReady() {
        // Ready, and the page is the message's own document, loaded (the reader may call
        // itself ready on a measurement before the page has its final document).
        return waitUntil([&] { return reader.isContentReady(); }, 20000) &&
               (reader.plainTextMode() || !reader.webView()->isVisible() ||
                tributary::test::waitForPageSettled(reader));
    }

    MessageReader reader;
    QStringList fetchedParts;
};

} // namespace

// The test: a remote image loads nothing until "Load once"; the cid: image shows.
TEST_F(MessageReaderTest, RemoteImagesLoadNothingUntilLoadOnceIsPressed) {
    PixelServer server;
    Message m = htmlMessage(
        QStringLiteral("<p>Hello</p><img id=remote src=\"%1\" width=40 height=40>"
                       "<img id=logo src=\"cid:logo@shop.example\" width=24 height=24>"
                       "<img id=pixel src=\"%2\" width=1 height=1>")
            .arg(server.url(QStringLiteral("/pixel.png")), server.url(QStringLiteral("/open/track.gif"))));
    m.attachments = {Attachment{QStringLiteral("2"), QStringLiteral("logo.png"), QStringLiteral("image/png"),
                                120, QStringLiteral("<logo@shop.example>"), true}};
    reader.setMessage(m);
    ASSERT_TRUE(waitReady());

    EXPECT_EQ(naturalWidth(reader, QStringLiteral("#logo")), 24) << "the cid: image rendered";
    EXPECT_EQ(fetchedParts, QStringList{m.id + QStringLiteral("|2")});
    EXPECT_EQ(naturalWidth(reader, QStringLiteral("#remote")), 0) << "the remote image has no source";
    ASSERT_TRUE(waitForPageSettled(reader));
    EXPECT_EQ(server.connections, 0) << server.paths.join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(reader.requestInterceptor()->outboundAllowed(), 0);
    EXPECT_GE(reader.requestInterceptor()->localAllowed(), 2) << "the document and its cid: part";
    EXPECT_EQ(reader.blockedRemoteCount(), 1) << "the tracking pixel is not even offered";
    ASSERT_TRUE(reader.remoteContentBar()->isVisible());
    EXPECT_EQ(reader.remoteContentBar()->text(),
              QStringLiteral("Remote images are blocked to protect your privacy (1)."));

    QTest::mouseClick(reader.remoteContentBar()->loadOnceButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return server.paths.contains(QStringLiteral("/pixel.png")); }, 20000))
        << server.paths.join(QLatin1Char(' ')).toStdString();
    ASSERT_TRUE(waitReady());
    ASSERT_TRUE(waitUntil([&] { return naturalWidth(reader, QStringLiteral("#remote")) == 40; }, 10000));
    EXPECT_GE(reader.requestInterceptor()->outboundAllowed(), 1);
    EXPECT_FALSE(reader.remoteContentBar()->isVisible());
    EXPECT_EQ(naturalWidth(reader, QStringLiteral("#logo")), 24);
    ASSERT_TRUE(waitForPageSettled(reader));
    EXPECT_FALSE(server.paths.contains(QStringLiteral("/open/track.gif"))) << "a tracking pixel never loads";
    EXPECT_EQ(server.paths.size(), 1) << server.paths.join(QLatin1Char(' ')).toStdString();
}

TEST_F(MessageReaderTest, AlwaysForTheSenderIsRememberedInThePolicy) {
    PixelServer server;
    RemoteContentPolicy policy(nullptr);
    reader.setRemoteContentPolicy(&policy);
    reader.setMessage(htmlMessage(QStringLiteral("<img id=remote src=\"%1\" width=40 height=40>")
                                      .arg(server.url(QStringLiteral("/a.png")))));
    ASSERT_TRUE(waitReady());
    EXPECT_EQ(reader.remoteContentBar()->alwaysButton()->text(),
              QStringLiteral("Always for news@shop.example"));
    QTest::mouseClick(reader.remoteContentBar()->alwaysButton(), Qt::LeftButton);
    EXPECT_TRUE(policy.isAllowed(QStringLiteral("news@shop.example")));
    ASSERT_TRUE(waitUntil([&] { return server.paths.contains(QStringLiteral("/a.png")); }, 20000));

    // The next mail from that sender loads at once; another sender's does not.
    MessageReader second;
    second.setRemoteContentPolicy(&policy);
    second.resize(400, 300);
    second.show();
    Message next = htmlMessage(QStringLiteral("<img src=\"%1\">").arg(server.url(QStringLiteral("/b.png"))));
    next.id = QStringLiteral("v1:message:acc:INBOX/2");
    second.setMessage(next);
    ASSERT_TRUE(waitUntil([&] { return server.paths.contains(QStringLiteral("/b.png")); }, 20000));
    EXPECT_FALSE(second.remoteContentBar()->isVisible());

    MessageReader third;
    third.setRemoteContentPolicy(&policy);
    third.show();
    Message other = htmlMessage(QStringLiteral("<img src=\"%1\">").arg(server.url(QStringLiteral("/c.png"))));
    other.author.address = QStringLiteral("someone@else.example");
    third.setMessage(other);
    ASSERT_TRUE(waitUntil([&] { return third.isContentReady(); }, 20000));
    ASSERT_TRUE(waitForPageSettled(third));
    EXPECT_FALSE(server.paths.contains(QStringLiteral("/c.png")));
    EXPECT_EQ(third.blockedRemoteCount(), 1);
}

TEST_F(MessageReaderTest, ScriptsDoNotRun) {
    reader.setMessage(htmlMessage(QStringLiteral(
        "<title>Original</title><script>document.title='pwned'</script>"
        "<img src=x onerror=\"document.title='pwned'\"><svg><script>document.title='pwned'</script></svg>"
        "<body onload=\"document.title='pwned'\"><p id=p>text</p>")));
    ASSERT_TRUE(waitReady());
    ASSERT_TRUE(waitForPageSettled(reader));
    EXPECT_FALSE(reader.webView()->page()->settings()->testAttribute(QWebEngineSettings::JavascriptEnabled));
    EXPECT_FALSE(reader.webView()->page()->title().contains(QStringLiteral("pwned")));
    EXPECT_NE(evaluate(reader, QStringLiteral("document.title")).toString(), QStringLiteral("pwned"));
    EXPECT_EQ(
        evaluate(reader, QStringLiteral("document.querySelectorAll('script,svg,[onerror],[onload]').length"))
            .toInt(),
        0);
    EXPECT_EQ(evaluate(reader, QStringLiteral("document.getElementById('p').textContent")).toString(),
              QStringLiteral("text"));
}

TEST_F(MessageReaderTest, ClickingALinkEmitsItsRealTargetAndNavigatesNowhere) {
    reader.setMessage(htmlMessage(QStringLiteral(
        "<p><a id=l href=\"https://real.example/path?q=1\" style=\"display:block;width:220px;height:40px\">"
        "Read more</a></p>")));
    ASSERT_TRUE(waitReady());
    QSignalSpy activated(&reader, &MessageReader::linkActivated);
    const QVariantList rect =
        evaluate(reader, QStringLiteral("(function(){var r=document.getElementById('l')"
                                        ".getBoundingClientRect();return [r.left+20,r.top+10];})()"))
            .toList();
    ASSERT_EQ(rect.size(), 2);
    const QPoint at(rect.at(0).toInt(), rect.at(1).toInt());
    QWidget* target = reader.webView()->focusProxy() ? reader.webView()->focusProxy() : reader.webView();
    QTest::mouseClick(target, Qt::LeftButton, {}, at);
    ASSERT_TRUE(waitUntil([&] { return activated.size() == 1; }, 10000));
    EXPECT_EQ(activated.at(0).at(0).toUrl(), QUrl(QStringLiteral("https://real.example/path?q=1")));
    ASSERT_TRUE(waitForPageSettled(reader));
    EXPECT_EQ(reader.webView()->page()->url().scheme(), QStringLiteral("tributary-message"))
        << "no navigation";
    EXPECT_EQ(reader.requestInterceptor()->outboundAllowed(), 0);
}

TEST_F(MessageReaderTest, ALinkShowingAnotherHostAsksFirst) {
    reader.setMessage(htmlMessage(QStringLiteral(
        "<a id=l href=\"https://evil.example/steal\" style=\"display:block;width:260px;height:40px\">"
        "https://bank.example/login</a>")));
    ASSERT_TRUE(waitReady());
    QSignalSpy activated(&reader, &MessageReader::linkActivated);
    clickElement(reader, QStringLiteral("l"));
    QMessageBox* box = nullptr;
    ASSERT_TRUE(waitUntil(
        [&] {
            box = reader.findChild<QMessageBox*>(QStringLiteral("linkConfirmation"));
            return box && box->isVisible();
        },
        10000));
    EXPECT_TRUE(box->informativeText().contains(QStringLiteral("https://evil.example/steal")));
    EXPECT_EQ(activated.size(), 0) << "nothing opens before the user agrees";
    box->button(QMessageBox::Open)->click();
    ASSERT_EQ(activated.size(), 1);
    EXPECT_EQ(activated.at(0).at(0).toUrl(), QUrl(QStringLiteral("https://evil.example/steal")));
}

TEST_F(MessageReaderTest, ShowsThePlainTextPartOnRequest) {
    reader.setMessage(
        htmlMessage(QStringLiteral("<p>The <b>HTML</b> part</p>"), QStringLiteral("The plain part")));
    ASSERT_TRUE(waitReady());
    ASSERT_TRUE(reader.webView());
    EXPECT_TRUE(reader.webView()->isVisible());
    ASSERT_TRUE(reader.plainTextAction()->isEnabled());
    reader.plainTextAction()->trigger();
    EXPECT_TRUE(reader.plainTextMode());
    EXPECT_FALSE(reader.webView()->isVisible());
    EXPECT_TRUE(reader.plainView()->isVisible());
    EXPECT_TRUE(reader.plainView()->toPlainText().contains(QStringLiteral("The plain part")));
    reader.plainTextAction()->trigger();
    ASSERT_TRUE(waitReady());
    EXPECT_TRUE(reader.webView()->isVisible());

    // Text-only mail never starts a web view.
    MessageReader textOnly;
    textOnly.setMessage(htmlMessage(QString(), QStringLiteral("Just text")));
    EXPECT_EQ(textOnly.webView(), nullptr);
    EXPECT_FALSE(textOnly.plainTextAction()->isEnabled());
    EXPECT_EQ(textOnly.plainText(), QStringLiteral("Just text"));
}

TEST_F(MessageReaderTest, IsAsTallAsItsContent) {
    QString tall;
    for (int i = 0; i < 60; ++i)
        tall += QStringLiteral("<p>Paragraph %1</p>").arg(i);
    reader.setMessage(htmlMessage(tall));
    ASSERT_TRUE(waitReady());
    ASSERT_TRUE(waitUntil([&] { return reader.webView()->height() > 1200; }, 10000))
        << reader.webView()->height();
    const int contentHeight =
        evaluate(reader, QStringLiteral("document.documentElement.scrollHeight")).toInt();
    EXPECT_LE(contentHeight, reader.webView()->height() + 1) << "no inner scrolling";

    MessageReader shortOne;
    shortOne.resize(640, 400);
    shortOne.show();
    shortOne.setMessage(htmlMessage(QStringLiteral("<p>One line</p>")));
    ASSERT_TRUE(waitUntil([&] { return shortOne.isContentReady(); }, 20000));
    EXPECT_LT(shortOne.webView()->height(), 80);
}

TEST_F(MessageReaderTest, AlwaysLoadModeLoadsEverySenderButNeverTrackers) {
    PixelServer server;
    QTemporaryDir dir;
    ViewStateCache cache(dir.filePath(QStringLiteral("viewstate.sqlite3")));
    const auto opened = tributary::test::await(cache.open());
    ASSERT_TRUE(opened && opened->ok());
    cache.setSetting(RemoteContentPolicy::modeKey(), QStringLiteral("always"));
    RemoteContentPolicy policy(&cache);
    ASSERT_TRUE(waitUntil([&] { return policy.loadsAlways(); }, 5000)) << "the stored mode is read";
    EXPECT_TRUE(policy.isAllowed(QStringLiteral("anyone@example.org")));

    reader.setRemoteContentPolicy(&policy);
    reader.setMessage(htmlMessage(
        QStringLiteral("<img id=remote src=\"%1\" width=40 height=40><img src=\"%2\" width=1 height=1>")
            .arg(server.url(QStringLiteral("/a.png")), server.url(QStringLiteral("/open/track.gif")))));
    ASSERT_TRUE(waitUntil([&] { return server.paths.contains(QStringLiteral("/a.png")); }, 20000));
    EXPECT_FALSE(reader.remoteContentBar()->isVisible());
    ASSERT_TRUE(waitForPageSettled(reader));
    EXPECT_FALSE(server.paths.contains(QStringLiteral("/open/track.gif"))) << "a tracking pixel never loads";

    // Back to "ask": the next message is blocked again.
    policy.setLoadsAlways(false);
    Message next = htmlMessage(QStringLiteral("<img src=\"%1\">").arg(server.url(QStringLiteral("/b.png"))));
    next.id = QStringLiteral("v1:message:acc:INBOX/2");
    reader.setMessage(next);
    ASSERT_TRUE(waitUntil([&] { return reader.isContentReady(); }, 20000));
    ASSERT_TRUE(waitForPageSettled(reader));
    EXPECT_FALSE(server.paths.contains(QStringLiteral("/b.png")));
    EXPECT_EQ(reader.blockedRemoteCount(), 1);
}

// A mail longer than the sanitizer's element budget shows its beginning and says so; the
// rest is one click away, and the next message starts clipped again.
TEST_F(MessageReaderTest, ALongMailShowsItsBeginningAndTheWholeOnRequest) {
    QString html;
    for (int i = 0; i < 26'000; ++i)
        html += QStringLiteral("<p id=r%1>row %1").arg(i);
    reader.setMessage(htmlMessage(html));
    ASSERT_TRUE(waitReady());
    ASSERT_TRUE(reader.clippedNotice()->isVisible());
    EXPECT_EQ(reader.clippedNotice()->text(),
              QStringLiteral("This message is long: only its beginning is shown."));
    EXPECT_TRUE(evaluate(reader, QStringLiteral("document.getElementById('r24999')!==null")).toBool());
    EXPECT_TRUE(evaluate(reader, QStringLiteral("document.getElementById('r25000')===null")).toBool());

    QTest::mouseClick(reader.clippedNotice()->showWholeButton(), Qt::LeftButton);
    ASSERT_TRUE(
        waitUntil([&] { return !reader.clippedNotice()->isVisible() && reader.isContentReady(); }, 20000));
    ASSERT_TRUE(waitReady());
    EXPECT_TRUE(evaluate(reader, QStringLiteral("document.getElementById('r25999')!==null")).toBool());

    reader.setMessage(htmlMessage(html + QStringLiteral("<p>another")));
    ASSERT_TRUE(waitReady());
    EXPECT_TRUE(reader.clippedNotice()->isVisible()) << "the choice was for that message only";

    // The line as the user sees it under the message, for docs/screenshots.
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (!dir.isEmpty() && QDir().mkpath(dir))
        reader.clippedNotice()->grab().save(dir + QStringLiteral("/reader-clipped-notice.png"));
}
