#include "slack/SlackLogging.h"

Q_LOGGING_CATEGORY(lcSlack, "tributary.slack")
