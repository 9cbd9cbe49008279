#pragma once

#include <QString>

namespace tributary {

//! A file name made from a name someone else chose (an attachment's), safe to create in a
//! folder the user picked, on Linux and on the filesystems a user may save to (FAT, NTFS,
//! SMB shares):
//!  - only the last path component (after '/' or '\'), so no name leaves the folder;
//!  - no control characters (C0, DEL, C1) and no bidirectional overrides ("gpj.exe" shown
//!    backwards as "exe.jpg"): removed;
//!  - no leading dots (never a hidden file such as ".bashrc" or ".ssh"), no leading or
//!    trailing spaces, no trailing dots; never "." or "..";
//!  - the characters Windows reserves (<>:"|?*) become '_'; the device names it reserves
//!    (CON, NUL, COM1, LPT1 ..., with any extension) get a '_' in front;
//!  - at most `maxBytes` bytes of UTF-8 (255 is NAME_MAX on Linux), cut in the stem so the
//!    extension survives and never inside a character.
//! When nothing usable is left, `fallback` (itself made safe the same way, or "attachment"
//! if it is unusable too).
QString safeFileName(const QString& proposed, const QString& fallback = QStringLiteral("attachment"),
                     int maxBytes = 255);

} // namespace tributary
