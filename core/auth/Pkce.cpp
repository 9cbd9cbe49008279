#include "auth/Pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <algorithm>

namespace tributary {

namespace {
// RFC 3986 "unreserved": exactly the characters RFC 7636 allows in a verifier.
constexpr char kUnreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
constexpr int kUnreservedCount = sizeof(kUnreserved) - 1;
} // namespace

QByteArray randomUrlSafeString(int length) {
    QByteArray out(std::max(length, 0), Qt::Uninitialized);
    QRandomGenerator* random = QRandomGenerator::system();
    // bounded() is unbiased, so every character is equally likely (log2(66) bits each).
    for (char& c : out)
        c = kUnreserved[random->bounded(kUnreservedCount)];
    return out;
}

Pkce Pkce::generate(int length) {
    Pkce pkce;
    pkce.verifier = randomUrlSafeString(std::clamp(length, MinLength, MaxLength));
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QByteArray Pkce::challengeFor(const QByteArray& verifier) {
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool Pkce::isValidVerifier(const QByteArray& verifier) {
    if (verifier.size() < MinLength || verifier.size() > MaxLength)
        return false;
    const char* end = kUnreserved + kUnreservedCount;
    return std::all_of(verifier.begin(), verifier.end(),
                       [end](char c) { return std::find(kUnreserved, end, c) != end; });
}

} // namespace tributary
