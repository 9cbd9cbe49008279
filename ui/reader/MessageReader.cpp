#include "MessageReader.h"

#include "ClippedNotice.h"
#include "ConversationHtml.h"
#include "PlainTextView.h"
#include "ReaderPage.h"
#include "ReaderProfile.h"
#include "ReaderRequestInterceptor.h"
#include "ReaderSchemes.h"
#include "RemoteContentBar.h"
#include "html/HtmlToText.h"
#include "html/LinkDestination.h"
#include "html/RemoteContentPolicy.h"
#include "util/Logging.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QBuffer>
#include <QCoreApplication>
#include <QEvent>
#include <QImageReader>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QResizeEvent>
#include <QTimer>
#include <QVBoxLayout>
#include <QWebEngineContextMenuRequest>
#include <QWebEngineScript>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineView>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

namespace tributary::ui {

namespace {

//! Runs in an isolated world (the page's own JavaScript is off): the content's height in
//! CSS pixels, the height of a horizontal scroll bar if wide content needs one, how wide the
//! content is against the viewport it has (CSS pixels), the viewport's width, the zoom the
//! page is laid out with (as a device pixel ratio) and which document this is.
const char* const kMeasureScript =
    "(function(){var d=document.documentElement,b=document.body;if(!d||!b)return [0,0,0,0,0,0,''];"
    "var s=getComputedStyle(b);"
    "var h=Math.max(d.getBoundingClientRect().height,"
    "b.getBoundingClientRect().bottom+parseFloat(s.marginBottom||0),b.scrollHeight);"
    "return [h,Math.max(0,window.innerHeight-d.clientHeight),d.scrollWidth,d.clientWidth,"
    "window.innerWidth,window.devicePixelRatio,location.href];})()";

constexpr int kMinHeight = 16;
//! The body's line height in both readers, as a multiple of the font size.
constexpr qreal kLineHeight = 1.45;
constexpr int kMaxHeight = 100000;
//! How far a wide newsletter is scaled down to fit the pane (Chromium's own lower bound);
//! only content wider than four panes still scrolls sideways.
constexpr double kMinZoom = 0.25;
//! How often a measurement taken before the page caught up with the view is retried (40 ms apart).
constexpr int kMaxStaleMeasures = 100;
//! How much wider the pane may get before scaled-down content is scaled up again (more than a
//! scroll bar's width).
constexpr int kZoomSlack = 24;

QString normalizedCid(QString id) {
    id = id.trimmed();
    if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')))
        id = id.mid(1, id.size() - 2);
    return id.toLower();
}

//! The MIME type to serve an inline part as: its declared image type, else what its
//! bytes are; empty when it is no image (a cid: reference to anything else shows nothing).
QByteArray imageType(const QString& declared, const QByteArray& bytes) {
    if (declared.startsWith(QLatin1String("image/"), Qt::CaseInsensitive))
        return declared.toLower().toLatin1();
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    const QByteArray format = QImageReader::imageFormat(&buffer);
    return format.isEmpty() ? QByteArray() : QByteArrayLiteral("image/") + format;
}

QString cssColour(const QColor& c) {
    return c.name(QColor::HexRgb);
}

} // namespace

void MessageReader::registerSchemes() {
    readerschemes::registerSchemes();
}

MessageReader::MessageReader(QWidget* parent)
    : QWidget(parent) {
    setAccessibleName(tr("Message"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    m_bar = new RemoteContentBar(this);
    m_bar->hide();
    connect(m_bar, &RemoteContentBar::loadOnceClicked, this, &MessageReader::loadRemoteContentOnce);
    connect(m_bar, &RemoteContentBar::alwaysClicked, this, &MessageReader::allowRemoteContentAlways);
    layout->addWidget(m_bar);

    m_plain = new PlainTextView(this);
    m_plain->setAccessibleName(tr("Message text"));
    m_plain->hide();
    connect(m_plain, &QTextBrowser::anchorClicked, this, &MessageReader::onLinkClicked);
    layout->addWidget(m_plain);

    // Last in the layout: the web view is inserted above it.
    m_clipped = new ClippedNotice(this);
    m_clipped->hide();
    connect(m_clipped, &ClippedNotice::showWholeClicked, this, &MessageReader::showWholeMessage);
    layout->addWidget(m_clipped);

    // The gate exists before any page, so a test can read its counters at any time.
    m_interceptor = new ReaderRequestInterceptor(this);

    m_plainAction = new QAction(tr("Plain text"), this);
    m_plainAction->setCheckable(true);
    m_plainAction->setEnabled(false);
    m_plainAction->setToolTip(tr("Show the message as plain text"));
    connect(m_plainAction, &QAction::toggled, this, &MessageReader::setPlainTextMode);

    m_measureTimer = new QTimer(this);
    m_measureTimer->setSingleShot(true);
    m_measureTimer->setInterval(40);
    connect(m_measureTimer, &QTimer::timeout, this, &MessageReader::measure);
}

MessageReader::~MessageReader() {
    if (!m_token.isEmpty())
        ReaderProfile::instance()->unregisterReader(m_token);
    // The page must go before the interceptor it points at.
    delete m_web;
    m_web = nullptr;
}

void MessageReader::setAttachmentFetcher(AttachmentFetcher fetcher) {
    m_fetchAttachment = std::move(fetcher);
}

void MessageReader::setRemoteContentPolicy(RemoteContentPolicy* policy) {
    if (m_policy)
        disconnect(m_policy, nullptr, this, nullptr);
    m_policy = policy;
    if (!policy)
        return;
    connect(policy, &RemoteContentPolicy::changed, this, [this] {
        // The stored list may arrive after the message was shown.
        if (!m_remoteAllowed && m_policy && m_policy->isAllowed(m_message.author.address)) {
            m_remoteAllowed = true;
            render();
        }
    });
}

bool MessageReader::hasHtml() const {
    return !m_message.html.trimmed().isEmpty();
}

void MessageReader::setMessage(const Message& message) {
    const bool same = message.id == m_message.id && message.html == m_message.html &&
                      message.text == m_message.text && (m_ready || m_version > 0);
    m_message = message;
    if (same)
        return; // a flag change: nothing to redraw
    m_parts.clear();
    m_wholeMessage = false;
    m_remoteAllowed = m_policy && m_policy->isAllowed(message.author.address);
    m_plainAction->setEnabled(hasHtml());
    render();
}

void MessageReader::setPlainTextMode(bool plain) {
    if (plain == m_plainMode)
        return;
    m_plainMode = plain;
    const QSignalBlocker block(m_plainAction);
    m_plainAction->setChecked(plain);
    render();
}

QString MessageReader::plainText() const {
    const QString text = m_message.text.trimmed();
    if (!text.isEmpty())
        return text;
    return hasHtml() ? htmlToText(m_message.html) : QString();
}

int MessageReader::blockedRemoteCount() const {
    return m_remoteAllowed ? 0 : m_sanitized.blockedRemoteCount;
}

void MessageReader::loadRemoteContentOnce() {
    if (m_remoteAllowed)
        return;
    m_remoteAllowed = true;
    render();
}

void MessageReader::allowRemoteContentAlways() {
    if (m_policy && !m_message.author.address.isEmpty())
        m_policy->allowAlways(m_message.author.address);
    loadRemoteContentOnce();
}

void MessageReader::showWholeMessage() {
    if (m_wholeMessage)
        return;
    m_wholeMessage = true;
    render();
}

void MessageReader::render() {
    m_ready = false;
    if (hasHtml() && !m_plainMode)
        renderHtml();
    else
        renderPlain();
}

void MessageReader::renderPlain() {
    ++m_version; // a late sanitizer result or measurement of the HTML is stale now
    m_bar->hide();
    m_clipped->hide();
    if (m_web)
        m_web->hide();
    if (m_hover)
        m_hover->hide();
    const QString text = plainText();
    const QColor dim = palette().color(QPalette::PlaceholderText);
    m_plain->setFont(bodyFont());
    m_plain->setBody(text.isEmpty()
                         ? QStringLiteral("<i style=\"color:%1\">%2</i>").arg(dim.name(), tr("(no text)"))
                         : plainTextHtml(text, palette().color(QPalette::Mid)),
                     bodyFont().pixelSize() * kLineHeight);
    m_plain->show();
    m_ready = true;
    emit contentReady();
}

void MessageReader::renderHtml() {
    ensureWebView();
    const int version = ++m_version;
    HtmlSanitizer::Options options;
    options.allowRemote = m_remoteAllowed;
    if (m_wholeMessage)
        options.maxElements = 0;
    options.cidPrefix = readerschemes::cidScheme() + QLatin1Char(':') + m_token + QLatin1Char('/');
    // Big newsletters take a while to parse: off the GUI thread, and a result for an
    // older version (another message, a toggle) is dropped.
    QPointer<MessageReader> self(this);
    QtConcurrent::run([html = m_message.html, options] {
        return HtmlSanitizer::sanitize(html, options);
    }).then(this, [self, version](const SanitizedHtml& sanitized) {
        if (!self || self->m_version != version)
            return;
        self->m_sanitized = sanitized;
        self->m_document = sanitized.html(self->readerCss()).toUtf8();
        self->m_interceptor->setRemoteAllowed(self->m_remoteAllowed);
        const bool dark = self->palette().color(QPalette::Window).lightness() < 128;
        self->m_page->setBackgroundColor(
            dark && sanitized.hasOwnColours ? QColor(Qt::white) : self->palette().color(QPalette::Base));
        const int blocked = self->blockedRemoteCount();
        self->m_bar->setState(blocked, self->m_policy ? self->m_message.author.address : QString());
        self->m_bar->setVisible(blocked > 0);
        self->m_clipped->setVisible(sanitized.clipped);
        self->m_plain->hide();
        self->m_web->show();
        self->m_page->setZoomFactor(1.0); // a new document is measured at full size first
        self->m_zoomWidth = -1;
        self->m_page->load(self->documentUrl(version));
    });
}

QUrl MessageReader::documentUrl(int version) const {
    return QUrl(readerschemes::documentScheme() + QLatin1Char(':') + m_token + QLatin1Char('/') +
                QString::number(version));
}

void MessageReader::ensureWebView() {
    if (m_web)
        return;
    ReaderProfile* profile = ReaderProfile::instance();
    m_token = profile->registerReader(this);
    m_web = new QWebEngineView(this);
    m_web->setAccessibleName(tr("Message body"));
    m_page = new ReaderPage(profile->profile(), m_web);
    m_page->setUrlRequestInterceptor(m_interceptor);
    m_web->setPage(m_page);
    m_web->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_web->setFixedHeight(kMinHeight);
    m_web->setContextMenuPolicy(Qt::CustomContextMenu);
    m_web->hide();
    static_cast<QVBoxLayout*>(layout())->insertWidget(1, m_web);

    m_hover = new QLabel(m_web);
    m_hover->setAutoFillBackground(true);
    m_hover->setBackgroundRole(QPalette::ToolTipBase);
    m_hover->setForegroundRole(QPalette::ToolTipText);
    m_hover->setContentsMargins(6, 2, 6, 2);
    m_hover->setTextFormat(Qt::PlainText);
    m_hover->hide();

    connect(m_page, &QWebEnginePage::loadFinished, this, [this](bool) {
        // The widget that receives input exists once a page is shown (see eventFilter()).
        if (QWidget* input = m_web->focusProxy())
            input->installEventFilter(this);
        m_measureBudget = 12;
        measure();
        // Late layout (web fonts, images without sizes) settles shortly after the load.
        QPointer<MessageReader> self(this);
        for (const int ms : {120, 500}) {
            QTimer::singleShot(ms, this, [self, version = m_version] {
                if (self && self->m_version == version)
                    self->measure();
            });
        }
    });
    connect(m_page, &QWebEnginePage::contentsSizeChanged, this, [this] {
        if (m_measureBudget > 0)
            m_measureTimer->start();
    });
    connect(m_page, &QWebEnginePage::linkHovered, this, &MessageReader::onLinkHovered);
    connect(m_page, &ReaderPage::linkClicked, this, &MessageReader::onLinkClicked);
    connect(m_web, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        // Only what is useful and harmless: no "open in new window", "save page", "view source".
        QMenu menu(this);
        menu.addAction(m_page->action(QWebEnginePage::Copy));
        QWebEngineContextMenuRequest* request = m_web->lastContextMenuRequest();
        if (request && request->linkUrl().isValid())
            menu.addAction(m_page->action(QWebEnginePage::CopyLinkToClipboard));
        menu.addAction(m_page->action(QWebEnginePage::SelectAll));
        menu.addSeparator();
        menu.addAction(m_plainAction);
        menu.exec(m_web->mapToGlobal(pos));
    });
}

QFont MessageReader::bodyFont() const {
    // In whole pixels, so the web view and the text view draw the same size (a point size
    // converts to a fraction of a pixel, which each engine rounds its own way).
    QFont f = font();
    if (f.pixelSize() <= 0)
        f.setPixelSize(std::max(1, qRound(f.pointSizeF() * logicalDpiY() / 72.0)));
    return f;
}

QString MessageReader::readerCss() const {
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    // Dark mode: mail that sets its own colours was designed on white, and recolouring it
    // breaks logos, buttons and tables, so it gets a light "paper" sheet of its own. Mail that
    // sets none (most replies) simply takes the theme's colours.
    const bool paper = dark && m_sanitized.hasOwnColours;
    const QColor text = paper ? QColor(0x1f, 0x1f, 0x1f) : pal.color(QPalette::Text);
    const QColor link = paper ? QColor(0x0b, 0x57, 0xd0) : pal.color(QPalette::Link);
    const QColor rule = paper ? QColor(0xc8, 0xc8, 0xc8) : pal.color(QPalette::Mid);
    const QFont body = bodyFont();
    const QString remote = m_remoteAllowed ? QStringLiteral(" http: https:") : QString();
    QString css;
    css += QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                          "img-src cid: data:%1; font-src cid: data:%1; style-src 'unsafe-inline'\">\n")
               .arg(remote);
    css += QStringLiteral("<style>\n");
    css += QStringLiteral(":root{color-scheme:%1}\n")
               .arg(dark && !paper ? QStringLiteral("dark") : QStringLiteral("light"));
    // The reader sizes itself to the content: no inner vertical scrolling, no viewport-tall bodies.
    css += QStringLiteral("html{overflow-y:hidden !important}\n"
                          "html,body{height:auto !important;min-height:0 !important}\n");
    // An explicit canvas colour: with color-scheme:dark Chromium would paint its own near-black.
    css += QStringLiteral("html{background:%1}\n")
               .arg(paper ? QStringLiteral("#ffffff") : cssColour(pal.color(QPalette::Base)));
    css += QStringLiteral("body{margin:0;padding:%1;color:%2;font-family:'%3',sans-serif;font-size:%4px;"
                          "line-height:%5;overflow-wrap:break-word}\n")
               .arg(paper ? QStringLiteral("14px 16px") : QStringLiteral("0"), cssColour(text),
                    QString(QFontInfo(body).family()).remove(QLatin1Char('\'')).remove(QLatin1Char('<')),
                    QString::number(body.pixelSize()), QString::number(kLineHeight));
    css += QStringLiteral("a{color:%1}\n").arg(cssColour(link));
    css += QStringLiteral("blockquote{margin:0 0 0 2px;padding-left:12px;border-left:3px solid %1}\n")
               .arg(cssColour(rule));
    css += QStringLiteral("pre{white-space:pre-wrap}\n");
    // A blocked image keeps its box (width/height attributes), so the layout stays readable.
    css += QStringLiteral("img[data-tributary-blocked]{display:inline-block;outline:1px dashed %1;"
                          "outline-offset:-1px}\n")
               .arg(cssColour(rule));
    css += QStringLiteral("</style>\n");
    return css;
}

void MessageReader::measure() {
    if (!m_page || !m_web || m_web->isHidden())
        return;
    // Chromium may replace the widget that receives input when a document commits.
    if (QWidget* input = m_web->focusProxy())
        input->installEventFilter(this);
    --m_measureBudget;
    QPointer<MessageReader> self(this);
    const int version = m_version;
    m_page->runJavaScript(QString::fromLatin1(kMeasureScript), QWebEngineScript::ApplicationWorld,
                          [self, version](const QVariant& value) {
                              if (!self || self->m_version != version)
                                  return;
                              const QVariantList parts = value.toList();
                              // The blank page before the first load, or the previous message's
                              // document, says nothing about this one.
                              const bool ours =
                                  parts.value(6).toString() == self->documentUrl(version).toString();
                              if (!ours || parts.at(0).toDouble() <= 0) {
                                  // Not laid out yet (or not our document yet): ask again soon.
                                  if (self->m_measureBudget > 0)
                                      self->m_measureTimer->start();
                                  return;
                              }
                              self->applyMeasurement(parts);
                          });
}

void MessageReader::applyMeasurement(const QVariantList& parts) {
    const double cssHeight = parts.at(0).toDouble();
    const int scrollBar = parts.at(1).toInt();
    const double contentWidth = parts.at(2).toDouble();
    const double viewportWidth = parts.at(3).toDouble();
    const double innerWidth = parts.at(4).toDouble();
    // The zoom the page is laid out with: Qt's stored factor runs ahead of the page, and the
    // view's width may be newer than the page's (a resize not yet laid out).
    const double pageRatio = parts.at(5).toDouble();
    const double zoom = pageRatio > 0 ? pageRatio / m_web->devicePixelRatioF() : m_page->zoomFactor();
    if (innerWidth <= 0 || std::abs(innerWidth * zoom - m_web->width()) > 2) {
        // Measured at a width the view no longer has: the page has not caught up with a resize
        // (or a zoom) yet, and a height scaled from it would cut the message or leave a gap.
        if (++m_staleMeasures < kMaxStaleMeasures)
            m_measureTimer->start();
        return;
    }
    m_staleMeasures = 0;
    // Wider than the pane (a fixed-width newsletter table, a big image): scale it down to
    // fit, as Apple Mail does, instead of a sideways scroll bar inside the card.
    if (contentWidth > viewportWidth + 1 && zoom > kMinZoom + 0.005) {
        const double fit = std::clamp(std::floor(m_web->width() / contentWidth * 100) / 100, kMinZoom, 1.0);
        if (fit < zoom - 0.005) {
            m_page->setZoomFactor(fit);
            m_zoomWidth = width();
            m_measureBudget = std::max(m_measureBudget, 6);
            m_measureTimer->start();
        }
    }
    applyHeight(int(std::ceil(cssHeight * zoom)) + scrollBar);
}

void MessageReader::applyHeight(int height) {
    height = std::clamp(height, kMinHeight, kMaxHeight);
    if (height != m_web->height())
        m_web->setFixedHeight(height);
    if (!m_ready) {
        m_ready = true;
        emit contentReady();
    }
}

void MessageReader::onLinkHovered(const QString& url) {
    if (!m_hover)
        return;
    if (url.isEmpty()) {
        m_hover->hide();
        return;
    }
    // The real target, always: the link text may say anything.
    const int maxWidth = std::max(80, m_web->width() - 16);
    m_hover->setText(m_hover->fontMetrics().elidedText(url, Qt::ElideMiddle, maxWidth - 12));
    m_hover->adjustSize();
    m_hover->move(4, std::max(0, m_web->height() - m_hover->height() - 4));
    m_hover->raise();
    m_hover->show();
}

void MessageReader::onLinkClicked(const QUrl& url) {
    if (!url.isValid() || url.scheme() == readerschemes::documentScheme())
        return; // an in-document anchor
    // Chromium hands the URL back canonicalised ("https://evil.example" comes back with a
    // trailing '/'), so the comparison is by destination, not by spelling.
    if (!m_sanitized.asksBeforeOpening(url)) {
        emit linkActivated(url);
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Open link?"),
                                tr("The link's text shows a different address than the one it opens."),
                                QMessageBox::Open | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("linkConfirmation"));
    box->setTextFormat(Qt::PlainText);
    // The host in ACE: a look-alike in another script shows as the xn-- name it is.
    box->setInformativeText(tr("It opens a page on %1:\n%2")
                                .arg(links::displayHost(url), url.toDisplayString(QUrl::EncodeUnicode)));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, url](int result) {
        if (result == QMessageBox::Open)
            emit linkActivated(url);
    });
    box->open();
}

const Attachment* MessageReader::attachmentFor(const QString& contentId) const {
    const QString wanted = normalizedCid(contentId);
    for (const Attachment& a : m_message.attachments) {
        if (!a.contentId.isEmpty() && normalizedCid(a.contentId) == wanted)
            return &a;
    }
    return nullptr;
}

void MessageReader::serveInlinePart(QWebEngineUrlRequestJob* job, const QString& contentId) {
    const QString key = normalizedCid(contentId);
    if (m_parts.contains(key)) {
        replyWithPart(job, key);
        return;
    }
    const Attachment* attachment = attachmentFor(contentId);
    if (!attachment || !m_fetchAttachment) {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    QPointer<MessageReader> self(this);
    QPointer<QWebEngineUrlRequestJob> guard(job);
    m_fetchAttachment(m_message.id, attachment->id)
        .then(this,
              [self, guard, key, declared = attachment->mimeType](const Result<QByteArray>& result) {
                  if (!self || !guard)
                      return;
                  const QByteArray type = result.ok() ? imageType(declared, result.value()) : QByteArray();
                  if (type.isEmpty()) {
                      guard->fail(QWebEngineUrlRequestJob::UrlNotFound);
                      return;
                  }
                  self->m_parts.insert(key, {type, result.value()});
                  self->replyWithPart(guard, key);
              })
        .onCanceled(this, [guard] {
            if (guard)
                guard->fail(QWebEngineUrlRequestJob::RequestAborted);
        });
}

void MessageReader::replyWithPart(QWebEngineUrlRequestJob* job, const QString& key) {
    const auto& part = m_parts[key];
    auto* buffer = new QBuffer(job);
    buffer->setData(part.second);
    buffer->open(QIODevice::ReadOnly);
    job->reply(part.first, buffer);
}

bool MessageReader::eventFilter(QObject* watched, QEvent* event) {
    // The page never scrolls vertically (the reader is as tall as its content), and Chromium
    // does not hand unused wheel turns back to Qt: pass vertical ones to the scroll area the
    // reader sits in, so the conversation scrolls under the pointer. Horizontal turns (wide
    // newsletters) and Ctrl+wheel (zoom) stay with the page.
    if (event->type() == QEvent::Wheel && m_web && watched->isWidgetType() &&
        m_web->isAncestorOf(static_cast<QWidget*>(watched))) {
        auto* wheel = static_cast<QWheelEvent*>(event);
        const bool vertical = std::abs(wheel->angleDelta().y()) > std::abs(wheel->angleDelta().x());
        if (vertical && !(wheel->modifiers() & Qt::ControlModifier)) {
            for (QWidget* w = parentWidget(); w; w = w->parentWidget()) {
                auto* area = qobject_cast<QAbstractScrollArea*>(w);
                if (!area)
                    continue;
                QWidget* viewport = area->viewport();
                const QPointF local = viewport->mapFromGlobal(wheel->globalPosition());
                QWheelEvent forwarded(local, wheel->globalPosition(), wheel->pixelDelta(),
                                      wheel->angleDelta(), wheel->buttons(), wheel->modifiers(),
                                      wheel->phase(), wheel->inverted(), wheel->source());
                QCoreApplication::sendEvent(viewport, &forwarded);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void MessageReader::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) &&
        (m_ready || m_version > 0) && (!m_message.html.isEmpty() || !m_message.text.isEmpty()))
        render();
}

void MessageReader::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const int width = event->size().width();
    if (width == m_lastWidth)
        return;
    m_lastWidth = width;
    // Scaled to fit: scale with the pane, so the page keeps the layout that fits. A pane up to
    // a scroll bar wider keeps its zoom: the zoom sets the height, the height shows or hides
    // the conversation's scroll bar, and that changes the width again, back and forth forever.
    if (m_page && m_zoomWidth > 0 && (width < m_zoomWidth || width > m_zoomWidth + kZoomSlack)) {
        const double zoom = std::floor(m_page->zoomFactor() * width / m_zoomWidth * 1000) / 1000;
        m_page->setZoomFactor(std::clamp(zoom, kMinZoom, 1.0));
        m_zoomWidth = zoom < 1.0 ? width : -1;
    }
    m_measureBudget = 8;
    m_measureTimer->start();
}

} // namespace tributary::ui
