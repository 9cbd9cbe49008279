// html_sanitizer: untrusted mail HTML through HtmlSanitizer, with remote content blocked or
// allowed (the input's hash decides). Property, checked on the output as a browser parses it
// (gumbo): only allow-listed elements and attributes; images, backgrounds and CSS load only
// cid: (rewritten) and data: images or fonts, plus http(s) when remote content is allowed;
// links only http, https, mailto, tel or #fragments; no @import or expression().

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "MarkupCheck.h"
#include "html/HtmlSanitizer.h"

namespace tributary::fuzz {

void html_sanitizer(const uint8_t* data, size_t size) {
    const QByteArrayView input = bytesOf(data, size);
    InputRandom random(input);
    HtmlSanitizer::Options options;
    options.allowRemote = random.below(4) == 0;
    options.cidPrefix = QStringLiteral("tributary-cid://m1/");
    const SanitizedHtml result = HtmlSanitizer::sanitize(QString::fromUtf8(input), options);
    const QString document = result.html();
    const QString problem =
        sanitizedHtmlProblem(document, ResourceRule{options.cidPrefix, options.allowRemote});
    TRIBUTARY_FUZZ_CHECK(problem.isEmpty(), problem + QLatin1String("\n  in: ") + excerpt(document, 2000));
    TRIBUTARY_FUZZ_CHECK(
        result.blockedRemoteCount <= result.remoteCount,
        QStringLiteral("%1 blocked of %2 remote").arg(result.blockedRemoteCount).arg(result.remoteCount));
    if (options.allowRemote)
        TRIBUTARY_FUZZ_CHECK(result.blockedRemoteCount == 0, QStringLiteral("blocked although allowed"));
}

} // namespace tributary::fuzz
