#pragma once

#include <QKeySequence>
#include <QString>

class QAction;

namespace tributary::ui {

//! A shortcut as the user types it. Qt names a plain letter key in capitals ("R"), which
//! reads as Shift+R; a single-letter shortcut is shown in lower case ("r"), as Gmail and
//! Thunderbird's sheets do. Everything else keeps Qt's native text ("Ctrl+R", "#", "?").
QString typedShortcut(const QKeySequence& keys);

//! The same rule for an already written shortcut text (the part of a menu entry after its tab).
QString typedShortcutText(const QString& nativeText);

//! Every shortcut of `action`, typed form, without empty or repeated ones, joined by " · ".
QString shortcutsText(const QAction* action);

} // namespace tributary::ui
