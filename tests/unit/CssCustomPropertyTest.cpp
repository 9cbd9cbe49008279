// CSS custom properties and var() must not carry a URL past the sanitizer: a string in a
// custom property is just a string until var() substitutes it into image-set(), where the
// browser fetches it. Trackers stay out even when remote content is allowed; nothing
// remote loads when it is not.

#include "html/HtmlSanitizer.h"

#include <gtest/gtest.h>

using namespace tributary;

namespace {

SanitizedHtml sanitizeStyle(const QString& css, bool allowRemote) {
    HtmlSanitizer::Options options;
    options.allowRemote = allowRemote;
    return HtmlSanitizer::sanitize(QStringLiteral("<style>div{%1}</style><div style='%1'>x</div>").arg(css),
                                   options);
}

QString everything(const SanitizedHtml& s) {
    return (s.head + s.bodyAttributes + s.body).toLower();
}

// Each smuggles the tracker "https://t.example/open.gif" (an open-pixel path).
const char* const kSmuggles[] = {
    "--x: url(https://t.example/open.gif); background: var(--x)",
    "--x: url('https://t.example/open.gif'); background-image: var(--x)",
    "--x: \"https://t.example/open.gif\"; background-image: image-set(var(--x) 1x)",
    "--x: 'https://t.example/open.gif'; background-image: -webkit-image-set(var(--x) 1x)",
    // nested var()
    "--a: \"https://t.example/open.gif\"; --b: var(--a); background-image: image-set(var(--b) 1x)",
    "--a: \"https://t.example/open.gif\"; --b: image-set(var(--a) 1x); background-image: var(--b)",
    // fallbacks
    "background-image: var(--none, url(https://t.example/open.gif))",
    "background-image: image-set(var(--none, \"https://t.example/open.gif\") 1x)",
    "background-image: image-set(var(--none, var(--other, \"https://t.example/open.gif\")) 1x)",
    // escapes in the property name, the function name and the string
    "\\2d\\2d x: \"https://t.example/open.gif\"; background-image: image-set(var(--x) 1x)",
    "--x: \"https://t.example/open.gif\"; background-image: image-set(\\76 ar(--x) 1x)",
    "--x: \"\\68 ttps://t.example/open.gif\"; background-image: image-set(var(--x) 1x)",
    "--x: \"https\\3a //t.example/open.gif\"; background-image: image-set(var(--x) 1x)",
    "--x: \"//t.example/open.gif\"; background-image: image-set(var(--x) 1x)",
    // a ';' or '}' inside an open function does not end it for the browser
    "background-image: image-set(var(--u, (;)) \"https://t.example/open.gif\" 1x)",
    "--x: { a; }; --y: \"https://t.example/open.gif\"; background-image: image-set(var(--y) 1x)",
    "background-image: image-set(var(--u, [}]) \"https://t.example/open.gif\" 1x)",
    // cross-fade, image()
    "--x: \"https://t.example/open.gif\"; background-image: image(var(--x))",
    "background-image: cross-fade(var(--n, \"https://t.example/open.gif\") 50%, none)",
};

} // namespace

TEST(CssCustomProperties, CannotSmuggleATrackerEvenWithRemoteContentAllowed) {
    for (const char* css : kSmuggles) {
        for (bool allow : {true, false}) {
            const SanitizedHtml s = sanitizeStyle(QString::fromUtf8(css), allow);
            EXPECT_FALSE(everything(s).contains(QStringLiteral("t.example")))
                << css << (allow ? " (remote allowed)" : " (remote blocked)") << "\n"
                << everything(s).toStdString();
            EXPECT_TRUE(s.trackerRemoved()) << css;
        }
    }
}

TEST(CssCustomProperties, HoldRemoteUrlsBackUntilAllowedAndKeepTheRest) {
    const QString css =
        QStringLiteral("--img: \"https://cdn.example/banner.png\"; --font: \"Helvetica Neue\"; "
                       "--gap: 8px; background-image: image-set(var(--img) 1x); font-family: var(--font)");
    const SanitizedHtml blocked = sanitizeStyle(css, false);
    EXPECT_FALSE(everything(blocked).contains(QStringLiteral("cdn.example")))
        << everything(blocked).toStdString();
    EXPECT_GT(blocked.blockedRemoteCount, 0) << "held back, so the reader can offer to load it";
    EXPECT_TRUE(blocked.head.contains(QStringLiteral("\"Helvetica Neue\"")))
        << "strings that are no URL stay";
    EXPECT_TRUE(blocked.head.contains(QStringLiteral("--gap: 8px")));

    const SanitizedHtml allowed = sanitizeStyle(css, true);
    EXPECT_TRUE(allowed.head.contains(QStringLiteral("\"https://cdn.example/banner.png\"")))
        << allowed.head.toStdString();
    EXPECT_EQ(allowed.blockedRemoteCount, 0);
    EXPECT_FALSE(allowed.trackerRemoved());

    // A custom property ends at its ';': a string after it is an ordinary string again.
    const SanitizedHtml after = sanitizeStyle(QStringLiteral("--x: 1px; font-family: \"a:b\""), false);
    EXPECT_TRUE(after.head.contains(QStringLiteral("\"a:b\""))) << after.head.toStdString();
    // type() in image-set() holds a MIME type.
    const SanitizedHtml typed = sanitizeStyle(
        QStringLiteral("background-image: image-set(\"cid:a@b\" type(\"image/png\") 1x)"), false);
    EXPECT_TRUE(typed.head.contains(QStringLiteral("type(\"image/png\")"))) << typed.head.toStdString();
}

TEST(CssCustomProperties, ImportNeverLoads) {
    for (const char* css :
         {"@import url(https://t.example/open.css);", "@import 'https://t.example/x.css';",
          "@\\69mport url(https://t.example/x.css);", "--x: {}; @import url(https://t.example/x.css);"}) {
        HtmlSanitizer::Options options;
        options.allowRemote = true;
        const SanitizedHtml s = HtmlSanitizer::sanitize(
            QStringLiteral("<style>%1 p{color:red}</style><p>x</p>").arg(QString::fromUtf8(css)), options);
        EXPECT_FALSE(everything(s).contains(QStringLiteral("t.example"))) << css << "\n"
                                                                          << s.head.toStdString();
        EXPECT_TRUE(s.head.contains(QStringLiteral("color"))) << "the rules after it survive: " << css;
    }
}
