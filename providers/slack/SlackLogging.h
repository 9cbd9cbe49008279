#pragma once

#include <QLoggingCategory>

// The Slack provider's category ("tributary.slack"). It lives here rather than in
// core/util/Logging.h because that file belongs to core. Never log a token or a message text.
Q_DECLARE_LOGGING_CATEGORY(lcSlack)
