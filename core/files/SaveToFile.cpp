#include "files/SaveToFile.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QObject>
#include <QSaveFile>
#include <QStorageInfo>
#include <QTemporaryFile>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>

namespace tributary {

namespace {

ProviderError saveError(const QString& path, const QString& detail, QFileDevice::FileError error,
                        qint64 needed) {
    const QString where = QDir::toNativeSeparators(path);
    if (error == QFileDevice::PermissionsError || error == QFileDevice::OpenError) {
        return ProviderError::storage(
            QObject::tr("Cannot write %1 (%2). Choose a folder you can write to.").arg(where, detail),
            QStringLiteral("permission_denied"));
    }
    const QStorageInfo volume(QFileInfo(path).absolutePath());
    if (error == QFileDevice::ResourceError || (volume.isValid() && volume.bytesAvailable() < needed)) {
        return ProviderError::storage(
            QObject::tr("There is not enough space to save %1 (%2 needed). Nothing was written; free some "
                        "space or choose another place.")
                .arg(where, QLocale().formattedDataSize(needed)),
            QStringLiteral("disk_full"));
    }
    return ProviderError::storage(
        QObject::tr("Saving %1 failed: %2. Nothing was written.").arg(where, detail),
        QStringLiteral("write_failed"));
}

ProviderError existsError(const QString& path) {
    return ProviderError::storage(QObject::tr("%1 already exists. Nothing was written; choose another name.")
                                      .arg(QDir::toNativeSeparators(path)),
                                  QStringLiteral("file_exists"));
}

bool occupied(const QString& path) {
    const QFileInfo info(path);
    return info.exists() || info.isSymLink(); // a dangling link still takes the name
}

//! The permissions a plain new file gets (0666 less the umask), as QSaveFile gives it;
//! QTemporaryFile would leave 0600. Read from /proc: umask() can only be read by setting it.
QFileDevice::Permissions newFilePermissions() {
    int mask = 022;
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const int value = line.mid(6).trimmed().toInt(&ok, 8);
                if (ok)
                    mask = value;
            }
        }
    }
    QFileDevice::Permissions p;
    const int mode = 0666 & ~mask;
    if (mode & 0400)
        p |= QFileDevice::ReadOwner | QFileDevice::ReadUser;
    if (mode & 0200)
        p |= QFileDevice::WriteOwner | QFileDevice::WriteUser;
    if (mode & 0040)
        p |= QFileDevice::ReadGroup;
    if (mode & 0020)
        p |= QFileDevice::WriteGroup;
    if (mode & 0004)
        p |= QFileDevice::ReadOther;
    if (mode & 0002)
        p |= QFileDevice::WriteOther;
    return p;
}

//! For filesystems without RENAME_NOREPLACE (FAT, some network shares): O_EXCL creation.
Result<void> createExclusively(const QString& path, const QByteArray& data) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        if (occupied(path))
            return existsError(path);
        return saveError(path, file.errorString(), file.error(), data.size());
    }
    if (file.write(data) != data.size() || !file.flush()) {
        const ProviderError error = saveError(path, file.errorString(), file.error(), data.size());
        file.close();
        file.remove(); // ours: created a moment ago, and incomplete
        return error;
    }
    return Done{};
}

Result<void> saveAsNewFile(const QString& path, const QByteArray& data) {
    if (occupied(path))
        return existsError(path);
    QTemporaryFile temp(QFileInfo(path).absolutePath() + QStringLiteral("/.tributary-save-XXXXXX"));
    if (!temp.open())
        return saveError(path, temp.errorString(), temp.error(), data.size());
    if (temp.write(data) != data.size() || !temp.flush())
        return saveError(path, temp.errorString(), temp.error(), data.size());
    temp.setPermissions(newFilePermissions());
    const QByteArray from = QFile::encodeName(temp.fileName());
    const QByteArray to = QFile::encodeName(path);
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0) {
        temp.setAutoRemove(false); // it has the new name now
        return Done{};
    }
    const int error = errno;
    if (error == EEXIST)
        return existsError(path);
    if (error == EINVAL || error == ENOSYS || error == EOPNOTSUPP)
        return createExclusively(path, data);
    return saveError(path, QString::fromLocal8Bit(std::strerror(error)),
                     error == EACCES || error == EPERM || error == EROFS ? QFileDevice::PermissionsError
                                                                         : QFileDevice::WriteError,
                     data.size());
}

} // namespace

Result<void> saveToFile(const QString& path, const QByteArray& data, Overwrite overwrite) {
    if (overwrite == Overwrite::Refuse)
        return saveAsNewFile(path, data);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return saveError(path, file.errorString(), file.error(), data.size());
    if (file.write(data) != data.size()) {
        const ProviderError error = saveError(path, file.errorString(), file.error(), data.size());
        file.cancelWriting();
        return error;
    }
    if (!file.commit())
        return saveError(path, file.errorString(), file.error(), data.size());
    return Done{};
}

} // namespace tributary
