// html_to_text: mail HTML to plain text, both ways the app does it: the IMAP provider's light
// converter for snippets (mime::htmlToText) and QTextDocument's (htmlToText: the conversation
// view, quoting in replies). Property: the QTextDocument text keeps none of the characters
// it promises to turn into plain spaces and line breaks, and no run of blank lines.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "html/HtmlToText.h"
#include "imap/MimeText.h"

namespace tributary::fuzz {

void html_to_text(const uint8_t* data, size_t size) {
    const QString html = QString::fromUtf8(bytesOf(data, size));
    (void)imap::mime::htmlToText(html);
    const QString text = htmlToText(html);
    TRIBUTARY_FUZZ_CHECK(!text.contains(QChar(QChar::Nbsp)) &&
                             !text.contains(QChar(QChar::ParagraphSeparator)) &&
                             !text.contains(QChar(QChar::LineSeparator)),
                         excerpt(text));
    TRIBUTARY_FUZZ_CHECK(!text.contains(QLatin1String("\n\n\n")), excerpt(text));
}

} // namespace tributary::fuzz
