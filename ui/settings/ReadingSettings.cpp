#include "settings/ReadingSettings.h"

namespace tributary::ui {

QString ReadingSettings::markReadKey() {
    return QStringLiteral("reading/markRead");
}

QString ReadingSettings::markReadDelayKey() {
    return QStringLiteral("reading/markReadDelay");
}

QString ReadingSettings::afterMoveKey() {
    return QStringLiteral("reading/afterMove");
}

QString ReadingSettings::markReadName(MarkRead mode) {
    switch (mode) {
    case MarkRead::WhenOpened:
        break;
    case MarkRead::AfterDelay:
        return QStringLiteral("delay");
    case MarkRead::Never:
        return QStringLiteral("never");
    }
    return QStringLiteral("opened");
}

ReadingSettings::MarkRead ReadingSettings::markReadFromName(const QString& name) {
    if (name == QLatin1String("delay"))
        return MarkRead::AfterDelay;
    if (name == QLatin1String("never"))
        return MarkRead::Never;
    return MarkRead::WhenOpened;
}

QString ReadingSettings::afterMoveName(AfterMove mode) {
    return mode == AfterMove::OpenNext ? QStringLiteral("next") : QStringLiteral("list");
}

ReadingSettings::AfterMove ReadingSettings::afterMoveFromName(const QString& name) {
    return name == QLatin1String("next") ? AfterMove::OpenNext : AfterMove::ShowList;
}

int ReadingSettings::delayFromValue(const QVariant& value) {
    bool ok = false;
    const int secs = value.toInt(&ok);
    return ok && secs >= 1 && secs <= kMaxDelaySecs ? secs : ReadingSettings{}.markReadDelaySecs;
}

} // namespace tributary::ui
