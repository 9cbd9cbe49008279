#pragma once

#include "provider/ProviderError.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QUrl>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace tributary {

//! Whether two URLs share an origin: scheme, host (ACE, lower case) and port (the scheme's
//! default when none is written). https -> http is another origin.
bool isSameOrigin(const QUrl& a, const QUrl& b);

enum class HttpVerb { Get, Post };

//! Sends a request that carries credentials (an Authorization header; a client secret, a
//! refresh token or an authorization code in its form) so that they never reach another
//! origin. Qt 6 follows redirects by itself (NoLessSafeRedirectPolicy), keeps the
//! Authorization header on the new request, and on 307/308 sends the form again: a token
//! endpoint or API that redirects (hostile, compromised, or a captive portal) would
//! receive them. Here a redirect is followed only within the origin the request was
//! made to (at most 5 times); any other is refused before a byte goes there: the reply is
//! aborted and refusedRedirectError() says why.
QNetworkReply* sendWithCredentials(QNetworkAccessManager& network, QNetworkRequest request, HttpVerb verb,
                                   const QByteArray& body = {});

//! For a reply from sendWithCredentials(): the error to report when it was aborted
//! because of a cross-origin redirect (Protocol, code "redirect_refused", not retryable),
//! naming both hosts; nothing otherwise.
std::optional<ProviderError> refusedRedirectError(const QNetworkReply* reply);

} // namespace tributary
