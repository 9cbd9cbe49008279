#include "accounts/KeychainErrorText.h"

#include "auth/TokenStore.h"

#include <QCoreApplication>

namespace tributary::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("tributary::ui::KeychainErrorText", text);
}
} // namespace

KeychainErrorText describeKeychainError(const ProviderError& error, const QString& action) {
    KeychainErrorText t;
    const QString& code = error.code;
    if (code == KeychainErrorCode::KeyringLocked) {
        t.headline = tr("Your keyring is locked.");
        t.advice = tr("Unlock it (for example in the Passwords and Keys application), then %1.").arg(action);
    } else if (code == KeychainErrorCode::NoDbusSession) {
        t.headline = tr("No keyring can be reached.");
        t.advice = tr("Tributary keeps passwords in the desktop keyring and reaches it through the desktop "
                      "session. Start Tributary from your desktop session, then %1.")
                       .arg(action);
    } else if (code == KeychainErrorCode::NoKeyringService) {
        t.headline = tr("No keyring service is running.");
        t.advice = tr("Install or start a keyring that offers the Secret Service, such as GNOME Keyring or "
                      "KeePassXC, then %1.")
                       .arg(action);
    } else if (code == KeychainErrorCode::KeyringTimeout) {
        t.headline = tr("The keyring did not answer.");
        t.advice =
            tr("It may be waiting for you to unlock it in another window. Unlock it, then %1.").arg(action);
    } else if (code == KeychainErrorCode::SecretMissing) {
        t.headline = tr("No saved password was found for this account.");
        t.advice = tr("Enter the password, then %1.").arg(action);
    } else {
        t.headline = tr("The keyring refused the password.");
        t.advice = error.message.isEmpty() ? tr("Try again, then %1.").arg(action)
                                           : error.message + QLatin1Char(' ') + tr("Then %1.").arg(action);
    }
    return t;
}

} // namespace tributary::ui
