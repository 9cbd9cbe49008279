#pragma once

#include "settings/ReadingSettings.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QListWidget;
class QSpinBox;

namespace tributary {
class SyncController;
class ViewStateCache;
} // namespace tributary

namespace tributary::ui {

class Notifier;

//! Preferences: theme, list density, privacy mode, notifications (and per-account mute)
//! and the remote-content policy. Every change applies at once and is kept in the
//! view-state cache's settings; there is nothing to "OK".
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(SyncController* sync, ViewStateCache* cache, Notifier* notifier,
                   QWidget* parent = nullptr);

    static QString themeKey();
    static QString densityKey();
    //! "ask" (default: blocked until allowed per message or sender) or "always".
    static QString remoteContentKey();

    QComboBox* themeBox() const { return m_theme; }
    QComboBox* densityBox() const { return m_density; }
    QCheckBox* privacyBox() const { return m_privacy; }
    QCheckBox* notificationsBox() const { return m_notifications; }
    QComboBox* remoteContentBox() const { return m_remote; }
    QComboBox* markReadBox() const { return m_markRead; }
    QSpinBox* markReadDelayBox() const { return m_markReadDelay; }
    QComboBox* afterMoveBox() const { return m_afterMove; }
    //! What the reading controls show now.
    ReadingSettings readingSettings() const;

signals:
    //! The list density changed: true for compact rows.
    void compactChanged(bool compact);
    //! The remote-content mode changed: true for "always load".
    void remoteContentAlwaysChanged(bool always);
    //! Marking read or what follows an archive changed.
    void readingSettingsChanged(const tributary::ui::ReadingSettings& settings);

private:
    void load();
    void readingChanged();

    QPointer<SyncController> m_sync;
    QPointer<ViewStateCache> m_cache;
    QPointer<Notifier> m_notifier;
    QComboBox* m_theme = nullptr;
    QComboBox* m_density = nullptr;
    QCheckBox* m_privacy = nullptr;
    QCheckBox* m_notifications = nullptr;
    QListWidget* m_mute = nullptr;
    QComboBox* m_remote = nullptr;
    QComboBox* m_markRead = nullptr;
    QSpinBox* m_markReadDelay = nullptr;
    QComboBox* m_afterMove = nullptr;
};

} // namespace tributary::ui
