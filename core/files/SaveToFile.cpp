#include "files/SaveToFile.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QObject>
#include <QSaveFile>
#include <QStorageInfo>

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

} // namespace

Result<void> saveToFile(const QString& path, const QByteArray& data) {
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
