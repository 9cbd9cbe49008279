#pragma once

#include <QString>
#include <QUrl>

namespace tributary::links {

//! Where a link goes, in one spelling for all the ways of writing the same place: the
//! sanitizer writes an href one way, Chromium hands the click back canonicalised
//! (trailing '/', default port dropped, "./" and "../" resolved, host lower case and in
//! IDNA/punycode). Compared: scheme, host (ACE, lower case, no trailing dot), port (the
//! scheme's default when none is written) and path (dot segments resolved, "/" when
//! empty, percent-decoded). Query and fragment are left out: two links that differ only
//! there go to the same site, and the question a reader asks is "which site".
//! For mailto: the address, lower case, with its domain in ACE. Empty for anything else.
QString destinationKey(const QUrl& url);

//! Whether `a` and `b` go to the same place (equal, non-empty destinationKey()).
bool sameDestination(const QUrl& a, const QUrl& b);

//! Whether a link that shows `text` and opens `target` must be confirmed before it opens:
//!  - the text reads as a web address, a domain or an email address, and the host it names
//!    (ACE, lower case, "www." ignored) is not the host the link opens (for a mailto: link,
//!    not its domain; for an address shown as text, not the same address);
//!  - or the target hides its host behind a user name ("https://bank.example@evil.example"),
//!    or the text does.
//! Text that is not an address ("Read more", a sentence) never asks.
bool isDeceptiveLink(const QString& text, const QUrl& target);

//! The host a person must see before opening `url`: the ACE form, so a look-alike in
//! another script ("bаnk.example" with a Cyrillic "а") reads as what it is
//! ("xn--bnk-6cd.example"), followed by the Unicode form in parentheses when they differ.
//! For mailto: the address's domain.
QString displayHost(const QUrl& url);

} // namespace tributary::links
