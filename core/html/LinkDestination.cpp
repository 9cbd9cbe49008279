#include "html/LinkDestination.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QStringList>

namespace tributary::links {

namespace {

constexpr qsizetype kMaxClaimLength = 2048;

bool isWeb(const QString& scheme) {
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

//! A host name in ACE, lower case, without the trailing dot DNS allows; empty if invalid.
QString aceHost(QString host) {
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    if (host.isEmpty())
        return {};
    if (host.contains(QLatin1Char(':')))
        return host.toLower(); // an IPv6 literal
    return QString::fromLatin1(QUrl::toAce(host)).toLower();
}

QString withoutWww(const QString& host) {
    return host.startsWith(QLatin1String("www.")) ? host.mid(4) : host;
}

bool looksLikeHost(const QString& ace) {
    static const QRegularExpression domain(
        QStringLiteral("^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$"));
    if (domain.match(ace).hasMatch())
        return true;
    // An address literal, written out in full ("192.0.2.1", "::1"), not QHostAddress's
    // shorthand: "5.99" is a price, not 5.0.0.99.
    static const QRegularExpression ipv4(QStringLiteral("^\\d{1,3}(?:\\.\\d{1,3}){3}$"));
    QHostAddress address;
    return (ipv4.match(ace).hasMatch() || ace.contains(QLatin1Char(':'))) && address.setAddress(ace);
}

//! RFC 3986 §5.2.4 on an absolute path, as Chromium applies it: "." and ".." segments go,
//! empty ones stay ("/a//b"). Qt 6.4's NormalizePathSegments turns "/a/./b/../c" into
//! "/a//c", so it is not used.
QString withoutDotSegments(const QString& path) {
    const QStringList in = path.split(QLatin1Char('/'));
    QStringList out;
    bool trailingSlash = false;
    for (qsizetype k = 1; k < in.size(); ++k) { // in[0] is what precedes the leading '/'
        const QString& segment = in.at(k);
        const bool last = k == in.size() - 1;
        if (segment == QLatin1String(".")) {
            trailingSlash = last;
        } else if (segment == QLatin1String("..")) {
            if (!out.isEmpty())
                out.removeLast();
            trailingSlash = last;
        } else {
            out.append(segment);
            trailingSlash = false;
        }
    }
    QString result = QLatin1Char('/') + out.join(QLatin1Char('/'));
    if (trailingSlash && !out.isEmpty())
        result += QLatin1Char('/');
    return result;
}

//! "name@domain" with the domain in ACE and all of it lower case; empty if it is not one.
QString normalizedAddress(const QString& text) {
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at <= 0 || at == text.size() - 1)
        return {};
    const QString local = text.left(at);
    const QString domain = aceHost(text.mid(at + 1));
    static const QRegularExpression plainLocal(QStringLiteral("^[^\\s@/:<>\"(),;]+$"));
    if (!plainLocal.match(local).hasMatch() || !looksLikeHost(domain))
        return {};
    return local.toLower() + QLatin1Char('@') + domain;
}

//! The recipients of a mailto: URL, normalised (see normalizedAddress()).
QStringList mailtoAddresses(const QUrl& url) {
    QStringList out;
    const QStringList parts = url.path(QUrl::FullyDecoded).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        const QString address = normalizedAddress(part.trimmed());
        if (!address.isEmpty())
            out.append(address);
    }
    return out;
}

//! What a link's text says about where it goes.
struct Claim {
    QString host;    //!< ACE, lower case; empty: the text names no place
    QString address; //!< set when the text is an email address
    bool userInfo = false;
};

//! File names that read like domains ("invoice.pdf") but are no top-level domain: a link
//! named after the file it downloads is not a claim about a host. (.zip and .mov are real
//! top-level domains, and stay claims.)
bool isFileExtensionOnly(const QString& ace) {
    static const QStringList extensions{
        QStringLiteral("pdf"),  QStringLiteral("doc"), QStringLiteral("docx"), QStringLiteral("xls"),
        QStringLiteral("xlsx"), QStringLiteral("ppt"), QStringLiteral("pptx"), QStringLiteral("odt"),
        QStringLiteral("ods"),  QStringLiteral("txt"), QStringLiteral("csv"),  QStringLiteral("jpg"),
        QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("gif"),  QStringLiteral("htm"),
        QStringLiteral("html"), QStringLiteral("ics"), QStringLiteral("eml")};
    return extensions.contains(ace.section(QLatin1Char('.'), -1));
}

Claim claimOf(const QString& rawText) {
    QString text = rawText.trimmed();
    if (text.startsWith(QLatin1Char('<')) && text.endsWith(QLatin1Char('>')))
        text = text.mid(1, text.size() - 2).trimmed();
    static const QRegularExpression space(QStringLiteral("\\s"));
    if (text.isEmpty() || text.size() > kMaxClaimLength || text.contains(space))
        return {};
    if (text.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
        text = text.mid(7).section(QLatin1Char('?'), 0, 0);
    const bool hasScheme = text.contains(QLatin1String("://"));
    if (!hasScheme && !text.contains(QLatin1Char('/'))) {
        const QString address = normalizedAddress(text);
        if (!address.isEmpty())
            return {address.section(QLatin1Char('@'), -1), address, false};
    }
    const QUrl url(hasScheme ? text : QStringLiteral("https://") + text, QUrl::TolerantMode);
    if (!url.isValid())
        return {};
    const QString host = aceHost(url.host(QUrl::FullyEncoded));
    if (!looksLikeHost(host) || (!hasScheme && isFileExtensionOnly(host)))
        return {};
    // QUrl completes IPv4 shorthand ("5.99" becomes 5.0.0.99): only an address written out counts.
    if (host.front().isDigit() && !text.contains(host))
        return {};
    return {host, {}, !url.userInfo().isEmpty()};
}

} // namespace

QString destinationKey(const QUrl& url) {
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("mailto")) {
        const QStringList addresses = mailtoAddresses(url);
        return addresses.isEmpty() ? QString() : QStringLiteral("mailto:") + addresses.join(QLatin1Char(','));
    }
    if (!isWeb(scheme))
        return {};
    const QString host = aceHost(url.host(QUrl::FullyEncoded));
    if (host.isEmpty())
        return {};
    const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    // Decoded first: Chromium reads "%2e" as a dot segment too.
    const QString path = withoutDotSegments(url.path(QUrl::FullyDecoded));
    return scheme + QStringLiteral("://") + host + QLatin1Char(':') + QString::number(port) + path;
}

bool sameDestination(const QUrl& a, const QUrl& b) {
    const QString key = destinationKey(a);
    return !key.isEmpty() && key == destinationKey(b);
}

bool isDeceptiveLink(const QString& text, const QUrl& target) {
    const QString scheme = target.scheme().toLower();
    const bool web = isWeb(scheme);
    if (web && !target.userInfo().isEmpty())
        return true; // "https://bank.example@evil.example" opens evil.example
    const Claim claim = claimOf(text);
    if (claim.host.isEmpty())
        return false;
    if (web) {
        if (claim.userInfo)
            return true;
        return withoutWww(claim.host) != withoutWww(aceHost(target.host(QUrl::FullyEncoded)));
    }
    if (scheme == QLatin1String("mailto")) {
        const QStringList addresses = mailtoAddresses(target);
        if (addresses.isEmpty())
            return false;
        if (!claim.address.isEmpty())
            return !addresses.contains(claim.address);
        return withoutWww(claim.host) != withoutWww(addresses.first().section(QLatin1Char('@'), -1));
    }
    return false; // tel:, in-document anchors
}

QString displayHost(const QUrl& url) {
    QString ace;
    if (url.scheme().compare(QLatin1String("mailto"), Qt::CaseInsensitive) == 0) {
        const QStringList addresses = mailtoAddresses(url);
        ace = addresses.isEmpty() ? QString() : addresses.first().section(QLatin1Char('@'), -1);
    } else {
        ace = aceHost(url.host(QUrl::FullyEncoded));
    }
    if (ace.isEmpty())
        return {};
    const QString unicode = QUrl::fromAce(ace.toLatin1(), QUrl::IgnoreIDNWhitelist);
    return unicode.isEmpty() || unicode == ace ? ace : QStringLiteral("%1 (%2)").arg(ace, unicode);
}

} // namespace tributary::links
