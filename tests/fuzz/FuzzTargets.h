#pragma once

// The fuzz targets. Each is a function over one input; tests/fuzz/CMakeLists.txt builds a
// libFuzzer executable fuzz_<name> per target in the fuzz tree, and the unit tests replay the
// seed corpus (corpus/<name>/) and every reproducer (regressions/<name>/) through the same
// functions in the ordinary builds. The list below, the one in CMakeLists.txt and the
// directories under corpus/ name the same targets (FuzzReplayTest checks it).

#include <QList>
#include <cstddef>
#include <cstdint>

// X(name, needs a QGuiApplication)
// clang-format off
#define TRIBUTARY_FUZZ_TARGET_LIST(X) \
    X(imap_fetch, false)     /* framer, classifier, FETCH items, ENVELOPE, BODYSTRUCTURE */ \
    X(imap_data, false)      /* LIST, STATUS, SEARCH/ESEARCH, NAMESPACE, CAPABILITY, sequence sets */ \
    X(mime_body, false)      /* whole messages through vmime: text, HTML, attachments, part extraction */ \
    X(mime_header, false)    /* RFC 2047 words, RFC 2231 values, charsets, header fields, format=flowed */ \
    X(html_to_text, true)    /* both HTML-to-text converters (snippets; the reader's and composer's) */ \
    X(html_sanitizer, false) /* property: allow-listed elements/attributes, no URL but cid:/data: */ \
    X(css_sanitizer, false)  /* property: no url() but cid:/data:, no @import or expression() */ \
    X(slack_mrkdwn, false)   /* property: allowed tags only, links http/https/mailto only */ \
    X(slack_json, false)     /* Slack JSON to the model: channels, messages, users, events, errors */ \
    X(dates, false)          /* RFC 5322 and INTERNALDATE dates, HTTP-dates, Retry-After, rate limits */ \
    X(mailbox_name, false)   /* property: modified UTF-7 round trip, malformed names rejected */ \
    X(oauth_loopback, false) /* the sign-in redirect listener's request and query parsing */
// clang-format on

namespace tributary::fuzz {

#define TRIBUTARY_FUZZ_DECLARE(name, gui) void name(const uint8_t* data, size_t size);
TRIBUTARY_FUZZ_TARGET_LIST(TRIBUTARY_FUZZ_DECLARE)
#undef TRIBUTARY_FUZZ_DECLARE

struct Target {
    const char* name;
    void (*run)(const uint8_t* data, size_t size);
    //! Needs a QGuiApplication (QTextDocument): replayed by the UI tests, not the unit tests.
    bool needsGui = false;
};

//! Every target, in the order above.
const QList<Target>& targets();

} // namespace tributary::fuzz
