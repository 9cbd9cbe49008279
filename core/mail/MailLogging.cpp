#include "mail/MailLogging.h"

Q_LOGGING_CATEGORY(lcMail, "tributary.mail")
