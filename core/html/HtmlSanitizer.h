#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace tributary {

//! Mail HTML made safe to render: what HtmlSanitizer::sanitize() returns.
struct SanitizedHtml {
    QString head;           //!< sanitized <style> sheets, for the document's <head>
    QString bodyAttributes; //!< the mail's own <body> attributes, sanitized (" bgcolor=\"#fff\"")
    QString body;           //!< the body's content

    int blockedRemoteCount = 0; //!< remote images/backgrounds/CSS urls held back
    int remoteCount = 0;        //!< remote items seen (blocked or, when allowed, kept)
    QStringList remoteHosts;    //!< distinct hosts of those items, first seen first
    int trackersRemoved = 0;    //!< tracking pixels and tracker URLs removed (always)
    QStringList contentIds;     //!< cid: parts the HTML shows (decoded content ids)
    //! Links whose text shows a different host than their target ("https://bank.example"
    //! pointing elsewhere, see links::isDeceptiveLink()): the reader asks before opening
    //! them. Hrefs as written in `body`.
    QStringList deceptiveLinks;
    bool hasOwnColours = false; //!< the mail sets text or background colours itself
    //! The mail had more elements than Options::maxElements: only its beginning is here.
    bool clipped = false;

    bool trackerRemoved() const { return trackersRemoved > 0; }
    //! Whether a click on `clicked` (the URL as the browser hands it back, canonicalised)
    //! opens one of the deceptiveLinks: compared by destination, not by spelling.
    bool asksBeforeOpening(const QUrl& clicked) const;
    //! The whole document: doctype, UTF-8, `extraHead` (the reader's own CSS, CSP) before the
    //! mail's sheets, then the body.
    QString html(const QString& extraHead = {}) const;
};

//! Turns untrusted mail HTML into HTML that runs nothing and loads nothing unasked.
//!
//! The input is parsed with gumbo (the HTML5 tree-construction rules a browser applies, so
//! "<svg><script>", unclosed and mis-cased tags mean to us what they mean to Chromium) and
//! written back from an allowlist: known formatting elements and attributes only, every
//! text and attribute value escaped by us. Removed with their content: script, style-less
//! head content, iframe/frame/object/embed/applet, forms' controls, svg/math, media,
//! template, noscript, meta (refresh), base, link. Unknown elements keep their text.
//! Event handlers and javascript:/vbscript:/data: links go; CSS goes through CssSanitizer.
//!
//! Remote resources (http/https images, srcset, background attributes, CSS url()) are held
//! back and counted unless `allowRemote`; tracking pixels (1x1, zero-size or hidden remote
//! images, well-known tracker URLs) are removed even then. cid: and data: images stay.
class HtmlSanitizer {
public:
    struct Options {
        bool allowRemote = false;
        //! cid: references are rewritten to this prefix + the percent-encoded content id.
        QString cidPrefix = QStringLiteral("cid:");
        //! Elements nested deeper than this are unwrapped (their text kept): bounds the
        //! work of the browser and of our own writer on pathological input.
        int maxDepth = 256;
        //! Elements (start tags and comments) parsed at most; the mail is cut before the next
        //! one and SanitizedHtml::clipped set (0: all of it). Bounds the time a hostile mail
        //! of bare tags costs (about 3 us per element parsed and written, so 1 MB of `<p>x`
        //! would take 0.7 s) while real mail (about 20 tags per KB) stays whole up to about
        //! a megabyte. The reader offers the whole message on request, as Gmail's
        //! "[Message clipped] View entire message" does.
        int maxElements = 25'000;
    };

    static SanitizedHtml sanitize(const QString& html, const Options& options);
    static SanitizedHtml sanitize(const QString& html) { return sanitize(html, Options{}); }
};

} // namespace tributary
