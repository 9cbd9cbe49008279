#include "ReaderRequestInterceptor.h"

#include "ReaderSchemes.h"
#include "html/ResourceFilter.h"
#include "util/Logging.h"

namespace tributary::ui {

ReaderRequestInterceptor::ReaderRequestInterceptor(QObject* parent)
    : QWebEngineUrlRequestInterceptor(parent) {}

void ReaderRequestInterceptor::resetCounters() {
    m_localAllowed = 0;
    m_outboundAllowed = 0;
    m_blocked = 0;
    m_recent.clear();
}

void ReaderRequestInterceptor::interceptRequest(QWebEngineUrlRequestInfo& info) {
    const QUrl url = info.requestUrl();
    const QString scheme = url.scheme().toLower();
    m_recent.append(url);
    if (m_recent.size() > 200)
        m_recent.removeFirst();

    const bool local = scheme == readerschemes::documentScheme() || scheme == readerschemes::cidScheme() ||
                       scheme == QLatin1String("data");
    if (local) {
        ++m_localAllowed;
        return;
    }
    const bool web = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    const auto type = info.resourceType();
    const bool resource = type == QWebEngineUrlRequestInfo::ResourceTypeImage ||
                          type == QWebEngineUrlRequestInfo::ResourceTypeFontResource;
    // Known trackers stay out even when remote content is allowed. The sanitizer removes
    // them from the HTML already; this catches whatever CSS computes at run time (var(),
    // attr()) and no parser of ours saw.
    if (web && resource && m_remoteAllowed &&
        !ResourceFilter::isTrackerUrl(url.toString(QUrl::FullyEncoded))) {
        ++m_outboundAllowed;
        return;
    }
    ++m_blocked;
    // Only the host: a full URL may carry the recipient's address or a tracking token.
    qCDebug(lcUi) << "reader blocked a request to" << scheme << url.host() << "type" << int(type);
    info.block(true);
}

} // namespace tributary::ui
