// html_to_text: mail HTML to plain text, the one converter the app has (html/HtmlToText.h: the
// reader, quoting in replies and the providers' snippets). Property: the text keeps none of
// the characters it promises to turn into plain spaces and line breaks, and no run of blank
// lines.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "html/HtmlToText.h"

namespace tributary::fuzz {

void html_to_text(const uint8_t* data, size_t size) {
    const QString html = QString::fromUtf8(bytesOf(data, size));
    const QString text = htmlToText(html);
    TRIBUTARY_FUZZ_CHECK(!text.contains(QChar(QChar::Nbsp)) &&
                             !text.contains(QChar(QChar::ParagraphSeparator)) &&
                             !text.contains(QChar(QChar::LineSeparator)),
                         excerpt(text));
    TRIBUTARY_FUZZ_CHECK(!text.contains(QLatin1String("\n\n\n")), excerpt(text));
}

} // namespace tributary::fuzz
