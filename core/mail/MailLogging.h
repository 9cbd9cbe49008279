#pragma once

#include <QLoggingCategory>

// The mail library's category ("tributary.mail"), beside util/Logging.h's: declared here so
// that only the library's files see it. Never log a message body.
Q_DECLARE_LOGGING_CATEGORY(lcMail)
