#pragma once

#include <QByteArray>

namespace tributary {

//! A PKCE pair (RFC 7636) for one authorization request: the verifier stays in memory
//! until the code exchange; only the challenge travels through the browser.
struct Pkce {
    //! The shortest and longest verifier RFC 7636 §4.1 allows.
    static constexpr int MinLength = 43;
    static constexpr int MaxLength = 128;

    //! 43 to 128 characters of [A-Za-z0-9-._~], from the system's secure random source.
    QByteArray verifier;
    //! BASE64URL(SHA-256(verifier)) without padding (method S256).
    QByteArray challenge;

    //! The only method Tributary sends: "plain" would show the verifier to the browser.
    static QByteArray method() { return QByteArrayLiteral("S256"); }

    //! A fresh pair; `length` is clamped to [MinLength, MaxLength].
    static Pkce generate(int length = 64);
    //! The S256 challenge of `verifier`.
    static QByteArray challengeFor(const QByteArray& verifier);
    //! Whether `verifier` has an allowed length and only unreserved characters.
    static bool isValidVerifier(const QByteArray& verifier);
};

//! `length` characters of the URL-safe alphabet [A-Za-z0-9-._~], uniformly drawn from
//! QRandomGenerator::system() (the OS's cryptographic source): PKCE verifiers and
//! OAuth `state` values.
QByteArray randomUrlSafeString(int length);

} // namespace tributary
