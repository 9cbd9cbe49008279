// oauth_loopback: what a browser (or anything else on the machine) sends to the sign-in
// redirect listener on 127.0.0.1, as the listener reads it.
// Properties: a callback is only ever a GET of the callback path, and its parameters are
// what parseQuery() makes of the query; a request without a complete header is never more
// than Incomplete or TooLarge.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "auth/LoopbackRedirectServer.h"

namespace tributary::fuzz {

void oauth_loopback(const uint8_t* data, size_t size) {
    const QByteArray received = bytesOf(data, size).toByteArray();
    using Outcome = LoopbackRedirectServer::Request::Outcome;
    const auto request = LoopbackRedirectServer::parseRequest(received, QStringLiteral("/callback"));
    if (!received.contains("\r\n\r\n"))
        TRIBUTARY_FUZZ_CHECK(request.outcome == Outcome::Incomplete || request.outcome == Outcome::TooLarge,
                             excerpt(QString::fromLatin1(received)));
    if (request.outcome == Outcome::Callback) {
        TRIBUTARY_FUZZ_CHECK(received.startsWith("GET /callback"), excerpt(QString::fromLatin1(received)));
        const QByteArray line = received.left(received.indexOf("\r\n"));
        const QByteArray target = line.split(' ').value(1);
        const qsizetype question = target.indexOf('?');
        const auto params =
            LoopbackRedirectServer::parseQuery(question < 0 ? QByteArray() : target.mid(question + 1));
        TRIBUTARY_FUZZ_CHECK(params == request.params, excerpt(QString::fromLatin1(line)));
    }
    (void)LoopbackRedirectServer::parseQuery(received);
}

} // namespace tributary::fuzz
