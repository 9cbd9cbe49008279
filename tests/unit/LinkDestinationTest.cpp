// The "this link goes somewhere else" check: which links ask before opening, and that the
// click Chromium hands back (canonicalised) still matches the href the sanitizer wrote.

#include "html/LinkDestination.h"

#include "html/HtmlSanitizer.h"

#include <gtest/gtest.h>

using namespace tributary;

namespace {

QUrl url(const char* text) {
    return QUrl(QString::fromUtf8(text));
}

//! What the reader decides for one link: sanitize it, then "click" `clicked`.
bool asks(const QString& anchor, const char* clicked) {
    return HtmlSanitizer::sanitize(anchor).asksBeforeOpening(url(clicked));
}

} // namespace

TEST(LinkDestination, SpellingsOfTheSamePlaceShareAKey) {
    const QString bank = links::destinationKey(url("https://bank.example/"));
    EXPECT_EQ(bank, QStringLiteral("https://bank.example:443/"));
    EXPECT_EQ(links::destinationKey(url("https://bank.example")), bank) << "trailing slash";
    EXPECT_EQ(links::destinationKey(url("https://bank.example:443/")), bank) << "default port";
    EXPECT_EQ(links::destinationKey(url("HTTPS://BANK.Example/")), bank) << "case of scheme and host";
    EXPECT_EQ(links::destinationKey(url("https://bank.example./")), bank) << "trailing dot";
    EXPECT_EQ(links::destinationKey(url("https://bank.example/./")), bank) << "./";
    EXPECT_EQ(links::destinationKey(url("https://bank.example/a/../")), bank) << "../";
    EXPECT_EQ(links::destinationKey(url("https://bank.example/a/%2e%2E/")), bank) << "encoded dots";
    EXPECT_EQ(links::destinationKey(url("https://bank.example/a/./b/../c")),
              links::destinationKey(url("https://bank.example/a/c")))
        << "Qt 6.4's NormalizePathSegments makes /a//c of this";
    EXPECT_NE(links::destinationKey(url("https://bank.example/a//c")),
              links::destinationKey(url("https://bank.example/a/c")))
        << "empty segments stay, as in Chromium";
    EXPECT_EQ(links::destinationKey(url("https://bank.example/?q=1#top")), bank) << "query and fragment";
    EXPECT_EQ(links::destinationKey(url("https://bank.example/a%2Fb")),
              links::destinationKey(url("https://bank.example/a/b")));
    EXPECT_EQ(links::destinationKey(url("http://bank.example:80")),
              QStringLiteral("http://bank.example:80/"));

    EXPECT_NE(links::destinationKey(url("http://bank.example/")), bank) << "another scheme";
    EXPECT_NE(links::destinationKey(url("https://bank.example:8443/")), bank) << "another port";
    EXPECT_NE(links::destinationKey(url("https://bank.example/login")), bank) << "another path";

    // IDNA: the Unicode and the punycode spelling are one host; a look-alike is another.
    EXPECT_EQ(links::destinationKey(url("https://b\xc3\xbc"
                                        "cher.example/")),
              links::destinationKey(url("https://xn--bcher-kva.example/")));
    EXPECT_EQ(links::destinationKey(url("https://b\xd0\xb0nk.example/")), // Cyrillic "а"
              QStringLiteral("https://xn--bnk-6cd.example:443/"));

    EXPECT_EQ(links::destinationKey(url("mailto:Help@Bank.Example?subject=x")),
              QStringLiteral("mailto:help@bank.example"));
    EXPECT_TRUE(links::destinationKey(url("javascript:alert(1)")).isEmpty());
    EXPECT_TRUE(links::destinationKey(url("tel:+123")).isEmpty());
    EXPECT_FALSE(links::sameDestination(url("tel:+123"), url("tel:+123"))) << "only places we compare";
}

TEST(LinkDestination, DecidesWhichLinksAreDeceptive) {
    auto deceptive = [](const char* text, const char* target) {
        return links::isDeceptiveLink(QString::fromUtf8(text), url(target));
    };
    EXPECT_TRUE(deceptive("https://bank.example", "https://evil.example"));
    EXPECT_TRUE(deceptive("bank.example", "https://evil.example/"));
    EXPECT_TRUE(deceptive("www.bank.example/login", "https://evil.example/login"));
    EXPECT_TRUE(deceptive("https://bank.example", "https://bank.example.evil.example/"));
    EXPECT_FALSE(deceptive("https://bank.example", "https://bank.example/"));
    EXPECT_FALSE(deceptive("HTTPS://BANK.EXAMPLE", "https://bank.example/x"));
    EXPECT_FALSE(deceptive("bank.example", "https://www.bank.example/x"));
    EXPECT_FALSE(deceptive("https://bank.example:443/./a/../", "https://bank.example/"));
    EXPECT_FALSE(deceptive("https://bank.example.", "https://bank.example/"));

    // IDN: the same name in Unicode or punycode is the same host; a look-alike is not.
    EXPECT_FALSE(deceptive("https://b\xc3\xbc"
                           "cher.example",
                           "https://xn--bcher-kva.example/"));
    EXPECT_TRUE(deceptive("https://bank.example", "https://b\xd0\xb0nk.example/"));
    EXPECT_TRUE(deceptive("https://bank.example", "https://xn--bnk-6cd.example/"));
    EXPECT_TRUE(deceptive("b\xd0\xb0nk.example", "https://bank.example/"));

    // A user name in front of the host hides where the link goes, in the href or the text.
    EXPECT_TRUE(deceptive("Sign in", "https://bank.example@evil.example/"));
    EXPECT_TRUE(deceptive("https://bank.example@evil.example", "https://evil.example/"));
    EXPECT_TRUE(deceptive("https://bank.example", "https://bank.example@evil.example/"));

    // Text that is not an address never asks.
    EXPECT_FALSE(deceptive("Read more", "https://evil.example/"));
    EXPECT_FALSE(deceptive("Click here to see bank.example offers", "https://evil.example/"));
    EXPECT_FALSE(deceptive("5.99", "https://evil.example/"));
    EXPECT_FALSE(deceptive("invoice.pdf", "https://files.example/invoice.pdf"));
    EXPECT_FALSE(deceptive("", "https://evil.example/"));
    EXPECT_TRUE(deceptive("invoice.zip", "https://evil.example/")) << ".zip is a top-level domain";

    // mailto: the address shown must be the address written to.
    EXPECT_FALSE(deceptive("help@bank.example", "mailto:Help@bank.example?subject=Hi"));
    EXPECT_FALSE(deceptive("mailto:help@bank.example", "mailto:help@bank.example"));
    EXPECT_TRUE(deceptive("help@bank.example", "mailto:phish@evil.example"));
    EXPECT_TRUE(deceptive("help@bank.example", "mailto:other@bank.example"));
    EXPECT_TRUE(deceptive("https://bank.example", "mailto:x@evil.example"));
    EXPECT_FALSE(deceptive("bank.example", "mailto:help@bank.example"));
    EXPECT_FALSE(deceptive("Write to us", "mailto:x@evil.example"));
    EXPECT_TRUE(deceptive("help@bank.example", "https://evil.example/"));
    EXPECT_FALSE(deceptive("+1 555 0100", "tel:+15550100"));
}

TEST(LinkDestination, TheClickChromiumReportsMatchesTheHrefWeWrote) {
    // The bug: the href was written "https://evil.example", Chromium reports the click as
    // "https://evil.example/", and a string comparison let it open without asking.
    const QString evil = QStringLiteral("<a href=\"https://evil.example\">https://bank.example</a>");
    EXPECT_TRUE(asks(evil, "https://evil.example/"));
    EXPECT_TRUE(asks(QStringLiteral("<a href=\"https://evil.example:443/a/./b/../c\">bank.example</a>"),
                     "https://evil.example/a/c"));
    EXPECT_TRUE(
        asks(QStringLiteral("<a href=\"HTTPS://EVIL.Example\">bank.example</a>"), "https://evil.example/"));
    EXPECT_TRUE(asks(QStringLiteral("<a href=\"https://b\u0430nk.example\">https://bank.example</a>"),
                     "https://xn--bnk-6cd.example/"));
    EXPECT_TRUE(asks(QStringLiteral("<a href=\"https://bank.example@evil.example\">Sign in</a>"),
                     "https://bank.example@evil.example/"));
    EXPECT_TRUE(asks(QStringLiteral("<a href=\"mailto:phish@evil.example\">help@bank.example</a>"),
                     "mailto:phish@evil.example"));

    EXPECT_FALSE(asks(QStringLiteral("<a href=\"https://bank.example\">https://bank.example</a>"),
                      "https://bank.example/"));
    EXPECT_FALSE(
        asks(QStringLiteral("<a href=\"https://evil.example\">Read more</a>"), "https://evil.example/"));
    EXPECT_FALSE(asks(evil, "https://other.example/")) << "another link of the same mail";
}

TEST(LinkDestination, ShowsTheRealHost) {
    EXPECT_EQ(links::displayHost(url("https://evil.example/steal")), QStringLiteral("evil.example"));
    EXPECT_EQ(links::displayHost(url("https://bank.example@evil.example/")), QStringLiteral("evil.example"));
    EXPECT_EQ(links::displayHost(url("https://b\xd0\xb0nk.example/")),
              QString::fromUtf8("xn--bnk-6cd.example (b\xd0\xb0nk.example)"));
    EXPECT_EQ(links::displayHost(url("mailto:phish@Evil.Example")), QStringLiteral("evil.example"));
}
