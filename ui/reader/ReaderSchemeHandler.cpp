#include "ReaderSchemeHandler.h"

#include "MessageReader.h"
#include "ReaderProfile.h"
#include "ReaderSchemes.h"

#include <QBuffer>
#include <QUrl>
#include <QWebEngineUrlRequestJob>

namespace tributary::ui {

ReaderSchemeHandler::ReaderSchemeHandler(ReaderProfile* registry, QObject* parent)
    : QWebEngineUrlSchemeHandler(parent)
    , m_registry(registry) {}

void ReaderSchemeHandler::requestStarted(QWebEngineUrlRequestJob* job) {
    const QUrl url = job->requestUrl();
    const QString path = url.path(QUrl::FullyEncoded);
    const qsizetype slash = path.indexOf(QLatin1Char('/'));
    const QString token = slash < 0 ? path : path.left(slash);
    const QString rest = slash < 0 ? QString() : path.mid(slash + 1);
    MessageReader* reader = m_registry->reader(token);
    if (!reader || job->requestMethod() != "GET") {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    if (url.scheme() == readerschemes::documentScheme()) {
        auto* buffer = new QBuffer(job); // the job owns what it reads from
        buffer->setData(reader->documentBytes());
        buffer->open(QIODevice::ReadOnly);
        job->reply(QByteArrayLiteral("text/html"), buffer);
        return;
    }
    reader->serveInlinePart(job, QUrl::fromPercentEncoding(rest.toUtf8()));
}

} // namespace tributary::ui
