#pragma once

// A browser reduced to what an OAuth sign-in needs, for tests: GET the authorization URL with a
// cookie jar, follow each redirect (consent pages, then the loopback callback) and keep the last
// page. Used against oidc-provider and the Slack emulator; never leaves loopback.

#include "Await.h"
#include "auth/OAuthFlow.h"

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QUrl>

namespace tributary::test {

class ScriptedBrowser : public QObject {
public:
    ScriptedBrowser() {
        m_network.setProxy(QNetworkProxy::NoProxy);
        m_network.setCookieJar(new QNetworkCookieJar(&m_network));
    }

    //! The BrowserOpener for OAuthFlow (or a dialog that runs one).
    OAuthFlow::BrowserOpener opener() {
        return [this](const QUrl& url) {
            open(url);
            return true;
        };
    }

    void open(const QUrl& url) {
        m_done = false;
        m_visited.clear();
        get(url);
    }

    //! Spins the event loop until the last page arrived.
    bool waitDone(int boundMs = 60000) {
        return waitUntil([this] { return m_done; }, boundMs);
    }
    //! The status of the last page (after the redirects).
    int status() const { return m_status; }
    const QByteArray& body() const { return m_body; }
    //! Every URL visited, the authorization URL first.
    const QList<QUrl>& visited() const { return m_visited; }

private:
    void get(const QUrl& url) {
        m_visited.append(url);
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply* reply = m_network.get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray location = reply->rawHeader("Location");
            if (status >= 300 && status < 400 && !location.isEmpty() && m_visited.size() < 20) {
                get(url.resolved(QUrl::fromEncoded(location)));
                return;
            }
            m_status = status;
            m_body = reply->readAll();
            m_done = true;
        });
    }

    QNetworkAccessManager m_network;
    QList<QUrl> m_visited;
    int m_status = 0;
    QByteArray m_body;
    bool m_done = false;
};

} // namespace tributary::test
