#pragma once

#include "provider/ProviderError.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace tributary {

//! Writes an attachment (or any download) where the user said, all or nothing: through a
//! temporary file renamed into place, so a full disk or a crash never leaves half a file
//! under the chosen name, and an existing file is replaced only once the new one is
//! complete. Errors are ErrorKind::Storage with a sentence saying what to do
//! (codes disk_full, permission_denied, write_failed, file_exists).
//!
//! With Overwrite::Refuse an existing file is never touched: the complete temporary file
//! is renamed into place only if nothing has that name (renameat2 RENAME_NOREPLACE, so a
//! file appearing meanwhile is not replaced either); on filesystems without it the file
//! is created exclusively (O_EXCL) and removed again if writing fails.
enum class Overwrite { Replace, Refuse };
Result<void> saveToFile(const QString& path, const QByteArray& data,
                        Overwrite overwrite = Overwrite::Replace);

} // namespace tributary
