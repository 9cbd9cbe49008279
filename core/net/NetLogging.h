#pragma once

#include <QLoggingCategory>

// The REST client's category ("tributary.net"): one line per request, with the method, the
// route template, the status and the duration. Never a URL, a token or a body.
Q_DECLARE_LOGGING_CATEGORY(lcRest)
