#include "imap/ImapResponseErrors.h"

#include <QLocale>
#include <QObject>

namespace tributary::imap {

ProviderError refusedResponse(const ServerEndpoint& server, ImapReader::Failure why, const QString& what) {
    const QString detail =
        why == ImapReader::Failure::TooDeep
            ? QObject::tr("%1 sent a response nested more than %2 levels deep, which was refused.")
                  .arg(server.label())
                  .arg(kMaxNesting)
            : QObject::tr("%1 sent a response that could not be read, which was refused.")
                  .arg(server.label());
    const QString message = what.isEmpty() ? detail : QObject::tr("%1 failed: %2").arg(what, detail);
    ProviderError error = ProviderError::network(message, why == ImapReader::Failure::TooDeep
                                                              ? QStringLiteral("response_too_deep")
                                                              : QStringLiteral("unreadable_response"));
    error.retryable = true;
    return error;
}

ProviderError oversizedResponse(const ServerEndpoint& server, const ImapOverflow& overflow) {
    const QLocale locale;
    const QString size = locale.formattedDataSize(overflow.size);
    const QString limit = locale.formattedDataSize(overflow.limit);
    const QString what = overflow.literal
                             ? QObject::tr("a literal of %1 where at most %2 was expected").arg(size, limit)
                             : QObject::tr("more than %1 in one response").arg(limit);
    ProviderError error = ProviderError::network(
        QObject::tr("The server %1 sent an oversized response (%2), so the connection was closed.")
            .arg(server.label(), what),
        QStringLiteral("oversized_response"));
    error.retryable = true;
    return error;
}

} // namespace tributary::imap
