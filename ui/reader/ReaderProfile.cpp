#include "ReaderProfile.h"

#include "MessageReader.h"
#include "ReaderSchemeHandler.h"
#include "ReaderSchemes.h"

#include <QCoreApplication>
#include <QUuid>
#include <QWebEngineCookieStore>
#include <QWebEngineProfile>
#include <QWebEngineSettings>

namespace tributary::ui {

ReaderProfile* ReaderProfile::instance() {
    static QPointer<ReaderProfile> shared;
    if (!shared)
        shared = new ReaderProfile(QCoreApplication::instance());
    return shared;
}

ReaderProfile::ReaderProfile(QObject* parent)
    : QObject(parent) {
    // A profile without a storage name is off the record: everything stays in memory.
    m_profile = new QWebEngineProfile(this);
    m_profile->setHttpCacheType(QWebEngineProfile::NoCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setSpellCheckEnabled(false);
    // Even allowed remote images get no cookies: they are how senders recognise a reader.
    m_profile->cookieStore()->setCookieFilter(
        [](const QWebEngineCookieStore::FilterRequest&) { return false; });

    QWebEngineSettings* s = m_profile->settings();
    s->setAttribute(QWebEngineSettings::JavascriptEnabled, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanPaste, false);
    s->setAttribute(QWebEngineSettings::LocalStorageEnabled, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    s->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    s->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    s->setAttribute(QWebEngineSettings::AutoLoadIconsForPage, false);
    s->setAttribute(QWebEngineSettings::TouchIconsEnabled, false);
    s->setAttribute(QWebEngineSettings::HyperlinkAuditingEnabled, false);
    s->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);
    s->setAttribute(QWebEngineSettings::WebGLEnabled, false);
    s->setAttribute(QWebEngineSettings::Accelerated2dCanvasEnabled, false);
    s->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    s->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    s->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    s->setAttribute(QWebEngineSettings::AllowRunningInsecureContent, false);
    s->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    s->setAttribute(QWebEngineSettings::FocusOnNavigationEnabled, false);
    s->setAttribute(QWebEngineSettings::PlaybackRequiresUserGesture, true);
    s->setAttribute(QWebEngineSettings::WebRTCPublicInterfacesOnly, true);

    m_handler = new ReaderSchemeHandler(this, this);
    m_profile->installUrlSchemeHandler(readerschemes::documentScheme().toLatin1(), m_handler);
    m_profile->installUrlSchemeHandler(readerschemes::cidScheme().toLatin1(), m_handler);
}

QString ReaderProfile::registerReader(MessageReader* reader) {
    const QString token = QUuid::createUuid().toString(QUuid::Id128);
    m_readers.insert(token, reader);
    return token;
}

void ReaderProfile::unregisterReader(const QString& token) {
    m_readers.remove(token);
}

MessageReader* ReaderProfile::reader(const QString& token) const {
    return m_readers.value(token);
}

} // namespace tributary::ui
