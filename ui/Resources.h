#pragma once

#include <QString>

namespace tributary::ui {

//! Registers the bundled resources (icons, stylesheet). tributary_ui is a static library,
//! so its resources are only linked in when something calls this. Safe to call repeatedly.
void initResources();
//! The application stylesheet from the bundled resources.
QString styleSheet();

} // namespace tributary::ui
