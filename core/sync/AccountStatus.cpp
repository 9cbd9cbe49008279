#include "sync/AccountStatus.h"

namespace tributary {

QString toString(AccountState state) {
    switch (state) {
    case AccountState::Connecting:
        return QStringLiteral("connecting");
    case AccountState::Syncing:
        return QStringLiteral("syncing");
    case AccountState::Live:
        return QStringLiteral("live");
    case AccountState::Reconnecting:
        return QStringLiteral("reconnecting");
    case AccountState::Offline:
        return QStringLiteral("offline");
    case AccountState::SignInRequired:
        return QStringLiteral("sign-in-required");
    case AccountState::Error:
        return QStringLiteral("error");
    }
    return {};
}

} // namespace tributary
