#pragma once

// Independent checks of sanitized output, for the sanitizer and mrkdwn targets. They re-read
// the output the way a browser would (gumbo for HTML, the CSS tokenizer's rules for CSS) and
// report the first thing that is not allowed; an empty string means the output is clean.

#include <QSet>
#include <QString>

namespace tributary::fuzz {

//! What a resource URL (img src, srcset, background, CSS url()) may be.
struct ResourceRule {
    QString cidPrefix = QStringLiteral("cid:"); //!< what the sanitizer rewrites cid: to
    bool allowRemote = false;                   //!< http(s) allowed too
};

//! The first URL or construct in `css` that could load or run something the rule does not
//! allow (url()/src() outside it, strings of image-set()/image()/cross-fade(), @import,
//! expression() and friends, a '<' that could close the style element); empty if none.
QString cssProblem(const QString& css, const ResourceRule& rule);

//! The first element, attribute or URL in a sanitized document (SanitizedHtml::html()) that
//! the sanitizer's allow-list does not permit; empty if none.
QString sanitizedHtmlProblem(const QString& document, const ResourceRule& rule);

//! The first element, attribute or link of rendered mrkdwn (SlackRendered::html) outside p,
//! br, b, i, s, code, pre, blockquote, span class="mention|channel" and a href (http, https,
//! mailto); empty if none.
QString mrkdwnHtmlProblem(const QString& html);

//! A URL as a browser reads an attribute value: tabs and line breaks removed, leading and
//! trailing spaces and controls stripped.
QString browserNormalized(const QString& url);
//! The lowercase scheme of `url` (letters, digits, + - . before ':'), or empty.
QString urlScheme(const QString& url);

} // namespace tributary::fuzz
