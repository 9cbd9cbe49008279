#pragma once

// The errors for responses the provider refuses to use: nested too deeply, unreadable, or
// larger than what was asked for. All are Network errors (retried later, like a dropped
// connection: the server may behave again) with a message that names the server.

#include "imap/ImapResponseParser.h"
#include "imap/ImapSettings.h"
#include "provider/ProviderError.h"

namespace tributary::imap {

//! A response `server` sent that could not be used, as the error `what` ends with:
//! "response_too_deep" or "unreadable_response". `what` may be empty.
ProviderError refusedResponse(const ServerEndpoint& server, ImapReader::Failure why, const QString& what);
//! A response that broke its byte budget: "oversized_response". The connection is gone.
ProviderError oversizedResponse(const ServerEndpoint& server, const ImapOverflow& overflow);

} // namespace tributary::imap
