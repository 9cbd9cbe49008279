#pragma once

#include "html/HtmlSanitizer.h"
#include "html/RemoteContentPolicy.h"
#include "model/Model.h"
#include "util/Result.h"

#include <QFuture>
#include <QHash>
#include <QPointer>
#include <QWidget>
#include <functional>

class QAction;
class QLabel;
class QTimer;
class QWebEngineUrlRequestJob;
class QWebEngineView;

namespace tributary::ui {

class ClippedNotice;
class PlainTextView;
class ReaderPage;
class ReaderRequestInterceptor;
class RemoteContentBar;

//! The safe reader for one message body.
//!
//! HTML mail is sanitized (HtmlSanitizer) and shown in a QWebEngineView of the shared
//! off-the-record ReaderProfile with JavaScript off; the page's own
//! ReaderRequestInterceptor refuses every request that would leave the machine until the
//! user presses "Load once" or "Always for <sender>" (a RemoteContentPolicy). Inline
//! cid: images come from the AttachmentFetcher. Tracking pixels never load. Links never
//! navigate: a click emits linkActivated(), after a confirmation when the link's text
//! shows another host than its target; the hovered target is shown at the bottom.
//! Plain-text mail (and the "Plain text" toggle) uses a text label instead, with no web
//! view at all. The widget is as tall as its content (no inner vertical scroll bar), so
//! readers stack in a conversation.
class MessageReader : public QWidget {
    Q_OBJECT
public:
    //! Fetches an attachment's bytes (an inline image referenced by cid:).
    using AttachmentFetcher =
        std::function<QFuture<Result<QByteArray>>(const QString& messageId, const QString& attachmentId)>;

    //! Registers the reader's URL schemes ("tributary-message", "cid") with QtWebEngine.
    //! Call it in main() before the QApplication is created.
    static void registerSchemes();

    explicit MessageReader(QWidget* parent = nullptr);
    ~MessageReader() override;

    void setAttachmentFetcher(AttachmentFetcher fetcher);
    //! The "always load remote content" list; may be null (then "Always" is not offered).
    void setRemoteContentPolicy(RemoteContentPolicy* policy);

    //! Shows `message` (its body must be loaded: text and/or html).
    void setMessage(const Message& message);
    const Message& message() const { return m_message; }
    bool hasHtml() const;

    //! Shows the plain-text part (or the HTML's text) instead of the HTML.
    void setPlainTextMode(bool plain);
    bool plainTextMode() const { return m_plainMode; }
    //! A checkable action toggling the plain-text view (disabled for text-only mail).
    QAction* plainTextAction() const { return m_plainAction; }

    //! The text the user reads, for accessibility, search and tests.
    QString plainText() const;
    //! Remote items held back in what is shown now (0 once remote content is allowed).
    int blockedRemoteCount() const;
    bool remoteContentAllowed() const { return m_remoteAllowed; }
    //! Content ids of inline parts the HTML shows (their attachment chips can be hidden).
    QStringList shownContentIds() const { return m_sanitized.contentIds; }
    //! True once what is shown has finished loading and has its height.
    bool isContentReady() const { return m_ready; }

    //! For tests and the window: the gate of this reader's page, the bar, the web view
    //! (null until HTML was shown).
    ReaderRequestInterceptor* requestInterceptor() const { return m_interceptor; }
    RemoteContentBar* remoteContentBar() const { return m_bar; }
    //! The line under a clipped long message (hidden when all of it is shown).
    ClippedNotice* clippedNotice() const { return m_clipped; }
    QWebEngineView* webView() const { return m_web; }
    //! The plain-text view (shown for text-only mail and in plain-text mode).
    PlainTextView* plainView() const { return m_plain; }

    //! Used by the profile's scheme handler: the sanitized document being shown.
    QByteArray documentBytes() const { return m_document; }
    //! Used by the profile's scheme handler: answers a cid: request of this reader's page.
    void serveInlinePart(QWebEngineUrlRequestJob* job, const QString& contentId);

public slots:
    //! Shows remote content for this message, this time only.
    void loadRemoteContentOnce();
    //! Shows remote content and remembers the sender in the policy.
    void allowRemoteContentAlways();
    //! Shows all of a message the sanitizer clipped for its length.
    void showWholeMessage();

signals:
    //! The user chose to open `url` (after seeing its real target); the window opens it.
    void linkActivated(const QUrl& url);
    //! What is shown finished loading and sized itself.
    void contentReady();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void render();
    void renderHtml();
    void renderPlain();
    void ensureWebView();
    QString readerCss() const;
    //! The body text's font, in whole pixels: the same in the web view and the text view.
    QFont bodyFont() const;
    //! Where this reader's page loads the document of render `version` from.
    QUrl documentUrl(int version) const;
    void measure();
    //! Sizes the view to what the measuring script found, zooming out content wider than the pane.
    void applyMeasurement(const QVariantList& parts);
    void applyHeight(int height);
    void onLinkClicked(const QUrl& url);
    void onLinkHovered(const QString& url);
    void replyWithPart(QWebEngineUrlRequestJob* job, const QString& contentId);
    const Attachment* attachmentFor(const QString& contentId) const;

    AttachmentFetcher m_fetchAttachment;
    QPointer<RemoteContentPolicy> m_policy;
    Message m_message;
    SanitizedHtml m_sanitized;
    QByteArray m_document;
    QString m_token;
    int m_version = 0;
    bool m_plainMode = false;
    bool m_remoteAllowed = false;
    bool m_wholeMessage = false; //!< the user asked for all of a clipped message
    bool m_ready = false;
    int m_measureBudget = 0;
    int m_staleMeasures = 0;
    int m_lastWidth = -1;
    //! The reader's width when content was scaled down to fit it; -1 at full size.
    int m_zoomWidth = -1;
    //! Inline parts already fetched: content id -> (mime type, bytes).
    QHash<QString, QPair<QByteArray, QByteArray>> m_parts;

    RemoteContentBar* m_bar = nullptr;
    ClippedNotice* m_clipped = nullptr;
    QWebEngineView* m_web = nullptr;
    ReaderPage* m_page = nullptr;
    ReaderRequestInterceptor* m_interceptor = nullptr;
    PlainTextView* m_plain = nullptr;
    QLabel* m_hover = nullptr;
    QAction* m_plainAction = nullptr;
    QTimer* m_measureTimer = nullptr;
};

} // namespace tributary::ui
