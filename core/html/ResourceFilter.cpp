#include "ResourceFilter.h"

#include <QRegularExpression>
#include <QUrl>

namespace tributary {

namespace {

//! The scheme of `url` in lower case, or empty for a relative reference.
QString schemeOf(const QString& url) {
    const qsizetype colon = url.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return {};
    for (qsizetype i = 0; i < colon; ++i) {
        const QChar c = url.at(i);
        const bool ok = (c.isLetter() && c.unicode() < 0x80) ||
                        (i > 0 && ((c.isDigit() && c.unicode() < 0x80) || c == QLatin1Char('+') ||
                                   c == QLatin1Char('-') || c == QLatin1Char('.')));
        if (!ok)
            return {};
    }
    return url.left(colon).toLower();
}

bool isInlineDataType(const QString& url) {
    // data:[<mediatype>][;base64],<data> - only images and fonts may be embedded; a
    // data:text/html "image" is a document, not a picture.
    const QString type = url.mid(5, 40).toLower();
    return type.startsWith(QLatin1String("image/")) || type.startsWith(QLatin1String("font/")) ||
           type.startsWith(QLatin1String("application/font-")) ||
           type.startsWith(QLatin1String("application/x-font-"));
}

} // namespace

ResourceFilter::ResourceFilter(bool allowRemote, QString cidPrefix)
    : m_allowRemote(allowRemote)
    , m_cidPrefix(std::move(cidPrefix)) {}

QString ResourceFilter::normalize(const QString& raw) {
    QString out;
    out.reserve(raw.size());
    for (const QChar c : raw) {
        if (c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            continue;
        out.append(c);
    }
    // Leading and trailing C0 controls and spaces are stripped by the URL parser.
    qsizetype begin = 0;
    qsizetype end = out.size();
    while (begin < end && out.at(begin).unicode() <= 0x20)
        ++begin;
    while (end > begin && out.at(end - 1).unicode() <= 0x20)
        --end;
    return out.mid(begin, end - begin);
}

ResourceFilter::Decision ResourceFilter::judge(const QString& raw) {
    QString url = normalize(raw);
    if (url.startsWith(QLatin1String("//")))
        url.prepend(QLatin1String("https:")); // protocol-relative: what a browser would fetch
    const QString scheme = schemeOf(url);
    if (scheme == QLatin1String("cid")) {
        const QString id = QUrl::fromPercentEncoding(url.mid(4).toUtf8()).trimmed();
        if (id.isEmpty())
            return {};
        if (!m_contentIdSet.contains(id)) {
            m_contentIdSet.insert(id);
            m_contentIds.append(id);
        }
        return {Verdict::Embedded,
                m_cidPrefix + QString::fromLatin1(QUrl::toPercentEncoding(id, "@.!$&'*+,;=:~"))};
    }
    if (scheme == QLatin1String("data"))
        return isInlineDataType(url) ? Decision{Verdict::Inline, url} : Decision{};
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return {};
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return {};
    if (isTrackerUrl(url))
        return {Verdict::Tracker, {}};
    const QString host = parsed.host().toLower();
    if (!m_hostSet.contains(host)) {
        m_hostSet.insert(host);
        m_hosts.append(host);
    }
    if (!m_allowRemote)
        return {Verdict::Blocked, {}};
    return {Verdict::Remote, QString::fromUtf8(parsed.toEncoded())};
}

QString ResourceFilter::linkTarget(const QString& raw) {
    const QString url = normalize(raw);
    if (url.startsWith(QLatin1Char('#')))
        return url;
    const QString scheme =
        schemeOf(url.startsWith(QLatin1String("//")) ? QLatin1String("https:") + url : url);
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
        const QUrl parsed(url.startsWith(QLatin1String("//")) ? QLatin1String("https:") + url : url);
        return parsed.isValid() && !parsed.host().isEmpty() ? QString::fromUtf8(parsed.toEncoded())
                                                            : QString();
    }
    if (scheme == QLatin1String("mailto") || scheme == QLatin1String("tel"))
        return url;
    return {};
}

bool ResourceFilter::isTrackerUrl(const QString& url) {
    // Open-tracking endpoints of the big senders and tracking plug-ins. The host list catches
    // services whose only business is tracking; the path patterns catch the common
    // "open pixel" endpoints of mailing services on their customers' own link domains.
    static const QStringList trackerHosts = {
        QStringLiteral("google-analytics.com"),
        QStringLiteral("doubleclick.net"),
        QStringLiteral("mailtrack.io"),
        QStringLiteral("getnotify.com"),
        QStringLiteral("bananatag.com"),
        QStringLiteral("t.yesware.com"),
        QStringLiteral("mailfoogae.appspot.com"),
        QStringLiteral("pixel.watch"),
        QStringLiteral("emltrk.com"),
        QStringLiteral("omtrdc.net"),
        QStringLiteral("pixel.app.returnpath.net"),
    };
    static const QRegularExpression trackerPath(
        QStringLiteral(
            "/(track|tracking|trk)/open|/wf/open|/open\\.(gif|png|php|aspx?)|/(open|beacon|"
            "tracking[-_]?pixel|open[-_]?pixel|spacer)(\\.gif|\\.png)?(\\?|/|$)|/e/o/|/o\\.gif|/imp\\?"),
        QRegularExpression::CaseInsensitiveOption);
    const QUrl parsed(url);
    const QString host = parsed.host().toLower();
    for (const QString& t : trackerHosts) {
        if (host == t || host.endsWith(QLatin1Char('.') + t))
            return true;
    }
    return trackerPath
        .match(parsed.path(QUrl::FullyEncoded) + (parsed.hasQuery() ? QStringLiteral("?") : QString()))
        .hasMatch();
}

} // namespace tributary
