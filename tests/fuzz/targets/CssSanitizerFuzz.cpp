// css_sanitizer: a mail's style sheet (or style="" value) through CssSanitizer with remote
// content blocked. Property: the output, read by CSS's own tokenizer rules, loads nothing but
// cid: and data: images or fonts, has no @import, expression() or similar, and no '<'.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "MarkupCheck.h"
#include "html/CssSanitizer.h"
#include "html/ResourceFilter.h"

namespace tributary::fuzz {

void css_sanitizer(const uint8_t* data, size_t size) {
    const QString cidPrefix = QStringLiteral("tributary-cid://m1/");
    ResourceFilter filter(false, cidPrefix);
    CssSanitizer sanitizer(filter);
    const QString css = sanitizer.sanitize(QString::fromUtf8(bytesOf(data, size)));
    const QString problem = cssProblem(css, ResourceRule{cidPrefix, false});
    TRIBUTARY_FUZZ_CHECK(problem.isEmpty(), problem + QLatin1String("\n  in: ") + excerpt(css, 2000));
}

} // namespace tributary::fuzz
