#pragma once

#include "UnifiedView.h"
#include "model/Model.h"
#include "provider/Provider.h"
#include "sync/AccountStatus.h"

#include <QIcon>

namespace tributary::ui {

//! Icons come from the desktop's freedesktop theme when it has them, so Tributary
//! looks native; the bundled SVGs in resources/icons stand in everywhere else.
namespace icons {

//! A themed icon by freedesktop name, else the bundled one (":/icons/<bundled>.svg").
QIcon themed(const QString& themeName, const QString& bundledName);
//! Only the bundled icon (for marks painted in the list, which must match our palette).
QIcon bundled(const QString& name);

QIcon forView(UnifiedView view);
QIcon forChannel(const Channel& channel);
QIcon forStatus(AccountState state);
//! A provider's icon by its ProviderInfo::iconName (":/icons/<iconName>.svg") when the app
//! bundles it, else a mail or chat icon by what the provider does.
QIcon forProvider(const QString& iconName, Capabilities capabilities);
QIcon application();

} // namespace icons
} // namespace tributary::ui
