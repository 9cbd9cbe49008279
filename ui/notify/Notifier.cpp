#include "notify/Notifier.h"

#include "Icons.h"
#include "cache/ViewStateCache.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <QAction>
#include <QDBusConnection>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

namespace tributary::ui {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
constexpr int kSummaryThreshold = 3; //!< more new messages than this at once: one summary

QString senderOf(const Message& m) {
    return senderLabel(m.author);
}

//! The tray icon with the unread count painted on, as docks and panels show it.
QIcon badgeIcon(int unread) {
    QPixmap pixmap = icons::application().pixmap(64, 64);
    if (unread <= 0)
        return QIcon(pixmap);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QString text = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
    QFont font = p.font();
    font.setBold(true);
    font.setPixelSize(26);
    p.setFont(font);
    const int w = std::max(36, QFontMetrics(font).horizontalAdvance(text) + 14);
    const QRect badge(64 - w, 0, w, 36);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xd9, 0x30, 0x25));
    p.drawRoundedRect(badge, 18, 18);
    p.setPen(Qt::white);
    p.drawText(badge, Qt::AlignCenter, text);
    return QIcon(pixmap);
}

} // namespace

QString Notifier::enabledKey() {
    return QStringLiteral("notifications/enabled");
}

QString Notifier::muteKey(const QString& accountId) {
    return QStringLiteral("notifications/mute/") + accountId;
}

Notifier::Notifier(SyncController* sync, ViewStateCache* cache, QObject* parent)
    : QObject(parent)
    , m_sync(sync)
    , m_cache(cache) {
    connect(sync, &SyncController::messagesArrived, this, &Notifier::onMessagesArrived);
    connect(sync, &SyncController::channelsChanged, this, [this] { updateUnread(); });
    connect(sync, &SyncController::accountAdded, this, [this](const Account& account) {
        if (m_cache) {
            whenDone(m_cache->setting(muteKey(account.id)), this, [this, id = account.id](const QVariant& v) {
                if (v.toBool())
                    m_muted.insert(id);
                rebuildTrayMenu();
            });
        }
        rebuildTrayMenu();
    });
    connect(sync, &SyncController::accountRemoved, this, [this](const QString& id) {
        m_muted.remove(id);
        rebuildTrayMenu();
    });
    if (m_cache) {
        whenDone(m_cache->setting(enabledKey()), this,
                 [this](const QVariant& v) { m_enabled = !v.isValid() || v.toBool(); });
        for (const QString& id : sync->accountIds()) {
            whenDone(m_cache->setting(muteKey(id)), this, [this, id](const QVariant& v) {
                if (v.toBool())
                    m_muted.insert(id);
            });
        }
    }
    QDBusConnection::sessionBus().connect(kService, kPath, kService, QStringLiteral("ActionInvoked"), this,
                                          SLOT(onActionInvoked(uint, QString)));
    updateUnread();
}

Notifier::~Notifier() = default;

void Notifier::setEnabled(bool enabled) {
    m_enabled = enabled;
    if (m_cache)
        m_cache->setSetting(enabledKey(), enabled);
}

void Notifier::setMuted(const QString& accountId, bool muted) {
    if (muted)
        m_muted.insert(accountId);
    else
        m_muted.remove(accountId);
    if (m_cache)
        m_cache->setSetting(muteKey(accountId), muted);
    rebuildTrayMenu();
}

void Notifier::onMessagesArrived(const QList<Message>& messages) {
    if (!m_enabled || !m_sync)
        return;
    QHash<QString, QList<Message>> byAccount;
    for (const Message& m : messages) {
        // What the user wrote (a copy sent to themselves, from another device) is no news.
        if (!m.isRead() && !m.flags.testFlag(MessageFlag::FromMe) && !m_muted.contains(m.accountId))
            byAccount[m.accountId].append(m);
    }
    for (auto it = byAccount.cbegin(); it != byAccount.cend(); ++it) {
        const Provider* p = m_sync->provider(it.key());
        const QString account = p ? p->account().displayName : it.key();
        const QList<Message>& fresh = it.value();
        if (fresh.size() > kSummaryThreshold) {
            notify(tr("%n new messages", nullptr, int(fresh.size())), account, QString());
            continue;
        }
        for (const Message& m : fresh) {
            const QString subject = m.subject.isEmpty() ? m.snippet : m.subject;
            notify(senderOf(m), tr("%1\n%2").arg(subject, account), m.threadId);
        }
    }
}

void Notifier::notify(const QString& summary, const QString& body, const QString& threadId) {
    ++m_sent;
    if (m_serviceMissing) {
        if (m_tray && m_tray->isVisible())
            m_tray->showMessage(summary, body, QSystemTrayIcon::Information);
        return;
    }
    // The body may be shown as markup by the server: escape what the sender wrote.
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QVariantMap hints{{QStringLiteral("category"), QStringLiteral("email.arrived")},
                      {QStringLiteral("desktop-entry"), QStringLiteral("tributary")}};
    call << QStringLiteral("Tributary") << uint(0) << QStringLiteral("mail-unread") << summary
         << body.toHtmlEscaped() << QStringList{QStringLiteral("default"), tr("Open")} << hints << int(-1);
    auto* watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, threadId, summary, body](QDBusPendingCallWatcher* w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    qCInfo(lcUi) << "no desktop notifications:" << reply.error().name();
                    m_serviceMissing = true; // from now on the tray, where there is one
                    if (m_tray && m_tray->isVisible())
                        m_tray->showMessage(summary, body, QSystemTrayIcon::Information);
                    return;
                }
                if (!threadId.isEmpty())
                    m_threadByNotification.insert(reply.value(), threadId);
            });
}

void Notifier::onActionInvoked(uint id, const QString& action) {
    const QString threadId = m_threadByNotification.take(id);
    if (action == QLatin1String("default") && !threadId.isEmpty())
        emit openThreadRequested(threadId);
}

void Notifier::updateUnread() {
    if (!m_sync)
        return;
    int unread = 0;
    for (const QString& id : m_sync->accountIds()) {
        for (const Channel& c : m_sync->channels(id)) {
            if (c.role == ChannelRole::Inbox && c.unreadCount > 0)
                unread += c.unreadCount;
        }
    }
    if (unread == m_unread)
        return;
    m_unread = unread;
    if (m_tray) {
        m_tray->setIcon(badgeIcon(unread));
        m_tray->setToolTip(unread > 0 ? tr("Tributary — %n unread", nullptr, unread) : tr("Tributary"));
    }
    emit unreadCountChanged(unread);
}

void Notifier::showTrayIcon() {
    if (m_tray || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(badgeIcon(std::max(m_unread, 0)), this);
    m_trayMenu = new QMenu();
    connect(this, &QObject::destroyed, m_trayMenu, &QObject::deleteLater);
    m_tray->setContextMenu(m_trayMenu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            emit showWindowRequested();
    });
    rebuildTrayMenu();
    const int unread = m_unread;
    m_unread = -1;
    if (unread >= 0)
        updateUnread();
    m_tray->show();
}

void Notifier::rebuildTrayMenu() {
    if (!m_trayMenu || !m_sync)
        return;
    m_trayMenu->clear();
    m_trayMenu->addAction(tr("Open Tributary"), this, &Notifier::showWindowRequested);
    QAction* enabled = m_trayMenu->addAction(tr("Notifications"));
    enabled->setCheckable(true);
    enabled->setChecked(m_enabled);
    connect(enabled, &QAction::toggled, this, &Notifier::setEnabled);
    QMenu* mute = m_trayMenu->addMenu(tr("Mute"));
    for (const QString& id : m_sync->accountIds()) {
        const Provider* p = m_sync->provider(id);
        QAction* a = mute->addAction(p ? p->account().displayName : id);
        a->setCheckable(true);
        a->setChecked(isMuted(id));
        connect(a, &QAction::toggled, this, [this, id](bool on) { setMuted(id, on); });
    }
}

} // namespace tributary::ui
