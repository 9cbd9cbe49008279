#pragma once

#include <QColor>
#include <QIcon>

namespace tributary::ui::icons {

//! Line icons for the composer's formatting bar and Send button, drawn in the bundled
//! icons' style (1.7 px strokes) in the given colour, so they follow light and dark palettes.
enum class ComposeIcon { Bold, Italic, Link, BulletList, NumberedList, Send };
QIcon compose(ComposeIcon which, const QColor& colour);

} // namespace tributary::ui::icons
