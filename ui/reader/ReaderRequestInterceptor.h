#pragma once

#include <QList>
#include <QUrl>
#include <QWebEngineUrlRequestInterceptor>

namespace tributary::ui {

//! The network gate of one message reader. Every request its page makes passes here:
//! the message document itself and its cid: parts are local and allowed; anything that
//! would leave the machine (http, https, ftp, ws ...) is blocked unless the user allowed
//! remote content, and even then only images and fonts and never a known tracker
//! (ResourceFilter::isTrackerUrl). Every decision is counted, so
//! tests (and the reader) can prove that nothing went out.
//!
//! Qt 6 calls interceptRequest() on the GUI thread.
class ReaderRequestInterceptor : public QWebEngineUrlRequestInterceptor {
    Q_OBJECT
public:
    explicit ReaderRequestInterceptor(QObject* parent = nullptr);

    void interceptRequest(QWebEngineUrlRequestInfo& info) override;

    //! Lets remote images and fonts through (after "Load once" / "Always").
    void setRemoteAllowed(bool allowed) { m_remoteAllowed = allowed; }
    bool remoteAllowed() const { return m_remoteAllowed; }

    //! Requests to local schemes (the message document, cid:, data:) that were allowed.
    int localAllowed() const { return m_localAllowed; }
    //! Requests that would have left the machine and were let through.
    int outboundAllowed() const { return m_outboundAllowed; }
    //! Requests that were refused (outbound ones while blocked, navigations, anything odd).
    int blocked() const { return m_blocked; }
    //! The URLs of the last requests (allowed and blocked), newest last; at most 200.
    QList<QUrl> recentUrls() const { return m_recent; }
    void resetCounters();

private:
    bool m_remoteAllowed = false;
    int m_localAllowed = 0;
    int m_outboundAllowed = 0;
    int m_blocked = 0;
    QList<QUrl> m_recent;
};

} // namespace tributary::ui
