// RFC 5322 text for people (model/Addresses.h), the one formatter of the composer fields,
// quoted headers in replies and forwards, and the command line.
#include "model/Addresses.h"

#include "mail/MimeText.h"

#include <gtest/gtest.h>

using namespace tributary;

namespace {
Participant person(const QString& name, const QString& address) {
    Participant p;
    p.displayName = name;
    p.address = address;
    return p;
}
} // namespace

TEST(Addresses, NameAndAddress) {
    EXPECT_EQ(formatAddress(person(QStringLiteral("Ann Smith"), QStringLiteral("ann@example.org"))),
              QStringLiteral("Ann Smith <ann@example.org>"));
    EXPECT_EQ(formatAddress(person({}, QStringLiteral("bob@example.org"))),
              QStringLiteral("bob@example.org"));
    EXPECT_EQ(formatAddress(person(QStringLiteral("bob@example.org"), QStringLiteral("bob@example.org"))),
              QStringLiteral("bob@example.org"));
    EXPECT_EQ(formatAddress(person(QStringLiteral("Slack Bot"), {})), QStringLiteral("Slack Bot"));
    EXPECT_EQ(formatAddress(Participant()), QString());
}

TEST(Addresses, QuotesNamesWithSpecials) {
    EXPECT_EQ(formatAddress(person(QStringLiteral("Doe, Jo"), QStringLiteral("jo@example.org"))),
              QStringLiteral("\"Doe, Jo\" <jo@example.org>"));
    EXPECT_EQ(formatAddress(person(QStringLiteral("J. Smith"), QStringLiteral("j@example.org"))),
              QStringLiteral("\"J. Smith\" <j@example.org>"));
    EXPECT_EQ(formatAddress(person(QStringLiteral("Ann (work)"), QStringLiteral("a@example.org"))),
              QStringLiteral("\"Ann (work)\" <a@example.org>"));
    // Quotes and backslashes inside the quoted-string are escaped.
    EXPECT_EQ(formatAddress(person(QStringLiteral("The \"Boss\" \\o/"), QStringLiteral("b@example.org"))),
              QStringLiteral("\"The \\\"Boss\\\" \\\\o/\" <b@example.org>"));
}

TEST(Addresses, EncodedNamesAreShownDecodedAndNeverReadAsEncodedWords) {
    // A name as it arrives in a header: decoded first (RFC 2047), shown as Unicode (RFC 6532).
    const QString decoded = mail::decodeHeader("=?UTF-8?Q?Ren=C3=A9e_M=C3=BCller?=");
    EXPECT_EQ(formatAddress(person(decoded, QStringLiteral("r@example.org"))),
              QStringLiteral("Renée Müller <r@example.org>"));
    // A name that merely looks like an encoded word is quoted, so no reader decodes it.
    EXPECT_EQ(formatAddress(person(QStringLiteral("=?utf-8?q?Boss?="), QStringLiteral("x@example.org"))),
              QStringLiteral("\"=?utf-8?q?Boss?=\" <x@example.org>"));
}

TEST(Addresses, GroupSyntaxInANameStaysInsideTheName) {
    // "Team: a@x;" written as a name must not read as an RFC 5322 group.
    EXPECT_EQ(formatAddress(person(QStringLiteral("Team: all;"), QStringLiteral("team@example.org"))),
              QStringLiteral("\"Team: all;\" <team@example.org>"));
}

TEST(Addresses, ListsJoinWithCommas) {
    const QList<Participant> people = {person(QStringLiteral("Ann"), QStringLiteral("ann@example.org")),
                                       person({}, QStringLiteral("bob@example.org")),
                                       person(QStringLiteral("Doe, Jo"), QStringLiteral("jo@example.org"))};
    EXPECT_EQ(formatAddressList(people),
              QStringLiteral("Ann <ann@example.org>, bob@example.org, \"Doe, Jo\" <jo@example.org>"));
    EXPECT_EQ(formatAddressList({}), QString());
}
