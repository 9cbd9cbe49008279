#include "util/Logging.h"

Q_LOGGING_CATEGORY(lcCore, "tributary.core")
Q_LOGGING_CATEGORY(lcAccounts, "tributary.accounts")
Q_LOGGING_CATEGORY(lcCache, "tributary.cache")
Q_LOGGING_CATEGORY(lcKeychain, "tributary.keychain")
Q_LOGGING_CATEGORY(lcOAuth, "tributary.oauth")
Q_LOGGING_CATEGORY(lcScheduler, "tributary.scheduler")
Q_LOGGING_CATEGORY(lcThreading, "tributary.threading")
Q_LOGGING_CATEGORY(lcImap, "tributary.imap")
Q_LOGGING_CATEGORY(lcSmtp, "tributary.smtp")
Q_LOGGING_CATEGORY(lcUi, "tributary.ui")
