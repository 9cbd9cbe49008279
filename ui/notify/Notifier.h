#pragma once

#include "model/Model.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class QSystemTrayIcon;
class QMenu;

namespace tributary {
class SyncController;
class ViewStateCache;
} // namespace tributary

namespace tributary::ui {

//! Tells the user about new mail: a freedesktop notification per new message (sender,
//! subject, account; one summary when many arrive at once) and a tray icon whose badge
//! and tooltip carry the unread count of the Inboxes. Notifications can be switched off
//! and muted per account; both are remembered in the view-state cache's settings.
//! Without a notification service the tray shows the message instead (if there is one).
class Notifier : public QObject {
    Q_OBJECT
public:
    Notifier(SyncController* sync, ViewStateCache* cache, QObject* parent = nullptr);
    ~Notifier() override;

    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);
    bool isMuted(const QString& accountId) const { return m_muted.contains(accountId); }
    void setMuted(const QString& accountId, bool muted);
    //! Shows the tray icon where the desktop has a tray.
    void showTrayIcon();
    int unreadCount() const { return m_unread; }
    //! The notifications sent so far, newest last (summary and body), for tests and logs.
    int notificationsSent() const { return m_sent; }

    //! Setting keys.
    static QString enabledKey();
    static QString muteKey(const QString& accountId);

signals:
    //! The user clicked a notification: show this thread.
    void openThreadRequested(const QString& threadId);
    //! The user picked "Open Tributary" in the tray.
    void showWindowRequested();
    void unreadCountChanged(int count);

private slots:
    //! org.freedesktop.Notifications.ActionInvoked (connected by name over D-Bus).
    void onActionInvoked(uint id, const QString& action);

private:
    void onMessagesArrived(const QList<Message>& messages);
    void notify(const QString& summary, const QString& body, const QString& threadId);
    void updateUnread();
    void rebuildTrayMenu();

    QPointer<SyncController> m_sync;
    QPointer<ViewStateCache> m_cache;
    bool m_enabled = true;
    QSet<QString> m_muted;
    QHash<uint, QString> m_threadByNotification;
    int m_unread = -1;
    int m_sent = 0;
    bool m_serviceMissing = false;
    QSystemTrayIcon* m_tray = nullptr;
    QMenu* m_trayMenu = nullptr;
};

} // namespace tributary::ui
