#pragma once

#include <QMetaType>
#include <QString>
#include <QVariant>

namespace tributary::ui {

//! How opening and triaging conversations behaves (File > Settings > Reading), as in
//! Thunderbird: when an opened conversation is marked read, and what shows after it was
//! archived or deleted.
struct ReadingSettings {
    enum class MarkRead { WhenOpened, AfterDelay, Never };
    enum class AfterMove { ShowList, OpenNext };

    MarkRead markRead = MarkRead::WhenOpened;
    int markReadDelaySecs = 3; //!< for MarkRead::AfterDelay
    AfterMove afterMove = AfterMove::ShowList;

    static constexpr int kMaxDelaySecs = 60;

    //! The keys in the view-state cache's settings, and their stored spellings.
    static QString markReadKey();
    static QString markReadDelayKey();
    static QString afterMoveKey();
    static QString markReadName(MarkRead mode);
    static MarkRead markReadFromName(const QString& name);
    static QString afterMoveName(AfterMove mode);
    static AfterMove afterMoveFromName(const QString& name);
    //! A stored delay, or the default when it is missing or out of range.
    static int delayFromValue(const QVariant& value);

    bool operator==(const ReadingSettings&) const = default;
};

} // namespace tributary::ui

Q_DECLARE_METATYPE(tributary::ui::ReadingSettings)
