#pragma once

#include <QByteArray>
#include <QNetworkRequest>

class QNetworkAccessManager;
class QNetworkReply;

namespace tributary {

//! POSTs `body` so that Qt never sends it a second time on its own.
//!
//! QNetworkAccessManager repeats a request by itself when the connection closes before the
//! answer begins (QHttpNetworkConnectionChannel's reconnect attempts, for any method; its
//! source calls that a FIXME). For a POST that creates something (chat.postMessage, a
//! refresh-token grant that rotates the token) that is the same thing done twice, behind
//! the back of the code that checks before repeating. Here the body goes up from a one-shot
//! sequential device with DoNotBufferUploadDataAttribute and its Content-Length: Qt cannot
//! rewind it, so where it would repeat the request it fails with ContentReSendError instead,
//! and the caller (its scheduler, its look-before-repost) decides.
QNetworkReply* postOnce(QNetworkAccessManager* network, QNetworkRequest request, const QByteArray& body);

} // namespace tributary
