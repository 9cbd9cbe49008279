#include "net/NetLogging.h"

Q_LOGGING_CATEGORY(lcRest, "tributary.net")
