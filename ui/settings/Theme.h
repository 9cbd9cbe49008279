#pragma once

#include <QString>

namespace tributary::ui {

enum class Theme { System, Light, Dark };

//! Applies the theme to the whole application: the platform's own palette for System,
//! else Fusion with a light or dark palette tuned for long reading.
void applyTheme(Theme theme);
Theme themeFromName(const QString& name); //!< "system", "light", "dark"; System otherwise
QString themeName(Theme theme);
//! Whether the application's current palette is dark (for readers that adapt).
bool paletteIsDark();

} // namespace tributary::ui
