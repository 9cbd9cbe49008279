#pragma once

#include "model/Model.h"

#include <QPalette>

namespace tributary::ui {

//! One message of the conversation pane and how far its body got.
struct ConversationEntry {
    enum class Body { Loading, Loaded, Failed };
    Message message; //!< the envelope, then the fetched message
    Body body = Body::Loading;
    QString error; //!< for Body::Failed, user-readable
};

//! The conversation as rich text for QTextBrowser: each message's sender, date and
//! recipients, then its text (HTML-only mail converted to text), quoted lines dimmed,
//! links made clickable, attachments listed. Everything from the message is escaped.
QString conversationHtml(const QList<ConversationEntry>& entries, const QPalette& palette);

//! A file size for people: "512 bytes", "2.0 KB", "3.4 MB"; empty when unknown (< 0).
QString attachmentSizeText(qint64 bytes);

//! Escapes plain text for HTML, keeping line breaks, dimming quoted lines and linking URLs.
QString textToHtml(const QString& text, const QColor& quoteColour);

//! A plain-text mail body for the reader: lines as written, URLs linked, and quoted lines
//! ("> a", nested ">> a") drawn as quotes with a rule at their left, the way the HTML
//! reader shows a blockquote. Everything from the message is escaped.
QString plainTextHtml(const QString& text, const QColor& ruleColour);

} // namespace tributary::ui
