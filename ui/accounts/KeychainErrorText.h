#pragma once

#include "provider/ProviderError.h"

#include <QString>

namespace tributary::ui {

struct KeychainErrorText {
    QString headline; //!< what went wrong
    QString advice;   //!< what to do about it
};

//! Words for a keychain failure (TokenStore's codes: keyring_locked, no_dbus_session ...).
//! `action` names what to do again once fixed ("press Save again").
KeychainErrorText describeKeychainError(const ProviderError& error, const QString& action);

} // namespace tributary::ui
