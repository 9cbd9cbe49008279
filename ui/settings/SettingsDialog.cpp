#include "settings/SettingsDialog.h"

#include "cache/ViewStateCache.h"
#include "html/RemoteContentPolicy.h"
#include "notify/Notifier.h"
#include "settings/Theme.h"
#include "sync/SyncController.h"
#include "util/Futures.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tributary::ui {

QString SettingsDialog::themeKey() {
    return QStringLiteral("appearance/theme");
}
QString SettingsDialog::densityKey() {
    return QStringLiteral("appearance/density");
}
QString SettingsDialog::remoteContentKey() {
    return RemoteContentPolicy::modeKey();
}

SettingsDialog::SettingsDialog(SyncController* sync, ViewStateCache* cache, Notifier* notifier,
                               QWidget* parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_cache(cache)
    , m_notifier(notifier) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    setAccessibleName(tr("Settings"));
    auto* layout = new QVBoxLayout(this);

    auto* appearance = new QGroupBox(tr("Appearance"), this);
    auto* appearanceForm = new QFormLayout(appearance);
    m_theme = new QComboBox(appearance);
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setAccessibleName(tr("Theme"));
    appearanceForm->addRow(tr("&Theme:"), m_theme);
    m_density = new QComboBox(appearance);
    m_density->addItem(tr("Comfortable (with snippets)"), QStringLiteral("comfortable"));
    m_density->addItem(tr("Compact"), QStringLiteral("compact"));
    m_density->setAccessibleName(tr("List density"));
    appearanceForm->addRow(tr("&List density:"), m_density);
    layout->addWidget(appearance);

    auto* reading = new QGroupBox(tr("Reading and privacy"), this);
    auto* readingForm = new QFormLayout(reading);
    m_remote = new QComboBox(reading);
    m_remote->addItem(tr("Ask for each message or sender"), QStringLiteral("ask"));
    m_remote->addItem(tr("Always load (tracking pixels are still removed)"), QStringLiteral("always"));
    m_remote->setAccessibleName(tr("Remote images"));
    readingForm->addRow(tr("&Remote images:"), m_remote);
    m_markRead = new QComboBox(reading);
    m_markRead->addItem(tr("When opened"),
                        ReadingSettings::markReadName(ReadingSettings::MarkRead::WhenOpened));
    m_markRead->addItem(tr("After a delay"),
                        ReadingSettings::markReadName(ReadingSettings::MarkRead::AfterDelay));
    m_markRead->addItem(tr("Never (mark with U)"),
                        ReadingSettings::markReadName(ReadingSettings::MarkRead::Never));
    m_markRead->setAccessibleName(tr("Mark as read"));
    m_markReadDelay = new QSpinBox(reading);
    m_markReadDelay->setRange(1, ReadingSettings::kMaxDelaySecs);
    m_markReadDelay->setValue(ReadingSettings{}.markReadDelaySecs);
    m_markReadDelay->setSuffix(tr(" s"));
    m_markReadDelay->setAccessibleName(tr("Seconds before a conversation is marked read"));
    m_markReadDelay->setEnabled(false);
    auto* markReadRow = new QHBoxLayout;
    markReadRow->addWidget(m_markRead, 1);
    markReadRow->addWidget(m_markReadDelay);
    readingForm->addRow(tr("&Mark as read:"), markReadRow);
    m_afterMove = new QComboBox(reading);
    m_afterMove->addItem(tr("Show the list"),
                         ReadingSettings::afterMoveName(ReadingSettings::AfterMove::ShowList));
    m_afterMove->addItem(tr("Open the next conversation"),
                         ReadingSettings::afterMoveName(ReadingSettings::AfterMove::OpenNext));
    m_afterMove->setAccessibleName(tr("After archiving or deleting"));
    readingForm->addRow(tr("After archiving or &deleting:"), m_afterMove);
    m_privacy = new QCheckBox(tr("Keep subjects, snippets and names off the disk"), reading);
    m_privacy->setToolTip(tr("The list then fills from the server at each start instead of from the cache."));
    readingForm->addRow(tr("Privacy mode:"), m_privacy);
    layout->addWidget(reading);

    auto* notifications = new QGroupBox(tr("Notifications"), this);
    auto* notificationLayout = new QVBoxLayout(notifications);
    m_notifications = new QCheckBox(tr("Show a notification for new messages"), notifications);
    notificationLayout->addWidget(m_notifications);
    notificationLayout->addWidget(new QLabel(tr("Mute these accounts:"), notifications));
    m_mute = new QListWidget(notifications);
    m_mute->setAccessibleName(tr("Muted accounts"));
    m_mute->setMaximumHeight(110);
    notificationLayout->addWidget(m_mute);
    layout->addWidget(notifications);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    load();

    connect(m_theme, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = m_theme->currentData().toString();
        applyTheme(themeFromName(name));
        if (m_cache)
            m_cache->setSetting(themeKey(), name);
    });
    connect(m_density, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = m_density->currentData().toString();
        if (m_cache)
            m_cache->setSetting(densityKey(), name);
        emit compactChanged(name == QLatin1String("compact"));
    });
    connect(m_remote, &QComboBox::currentIndexChanged, this, [this] {
        const QString mode = m_remote->currentData().toString();
        if (m_cache)
            m_cache->setSetting(remoteContentKey(), mode);
        emit remoteContentAlwaysChanged(mode == QLatin1String("always"));
    });
    connect(m_markRead, &QComboBox::currentIndexChanged, this, &SettingsDialog::readingChanged);
    connect(m_markReadDelay, &QSpinBox::valueChanged, this, &SettingsDialog::readingChanged);
    connect(m_afterMove, &QComboBox::currentIndexChanged, this, &SettingsDialog::readingChanged);
    connect(m_privacy, &QCheckBox::toggled, this, [this](bool on) {
        if (m_cache)
            m_cache->setPrivacyMode(on);
        // Leaving privacy mode: what was kept off the disk comes back from the servers.
        if (!on && m_sync)
            m_sync->reloadAll();
    });
    connect(m_notifications, &QCheckBox::toggled, this, [this](bool on) {
        if (m_notifier)
            m_notifier->setEnabled(on);
        m_mute->setEnabled(on);
    });
    connect(m_mute, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (m_notifier)
            m_notifier->setMuted(item->data(Qt::UserRole).toString(), item->checkState() == Qt::Checked);
    });
}

ReadingSettings SettingsDialog::readingSettings() const {
    ReadingSettings r;
    r.markRead = ReadingSettings::markReadFromName(m_markRead->currentData().toString());
    r.markReadDelaySecs = m_markReadDelay->value();
    r.afterMove = ReadingSettings::afterMoveFromName(m_afterMove->currentData().toString());
    return r;
}

void SettingsDialog::readingChanged() {
    const ReadingSettings r = readingSettings();
    m_markReadDelay->setEnabled(r.markRead == ReadingSettings::MarkRead::AfterDelay);
    if (m_cache) {
        m_cache->setSetting(ReadingSettings::markReadKey(), ReadingSettings::markReadName(r.markRead));
        m_cache->setSetting(ReadingSettings::markReadDelayKey(), r.markReadDelaySecs);
        m_cache->setSetting(ReadingSettings::afterMoveKey(), ReadingSettings::afterMoveName(r.afterMove));
    }
    emit readingSettingsChanged(r);
}

void SettingsDialog::load() {
    m_privacy->setChecked(m_cache && m_cache->privacyMode());
    m_privacy->setEnabled(m_cache);
    m_notifications->setChecked(!m_notifier || m_notifier->isEnabled());
    m_notifications->setEnabled(m_notifier);
    if (m_sync) {
        for (const QString& id : m_sync->accountIds()) {
            const Provider* p = m_sync->provider(id);
            auto* item = new QListWidgetItem(p ? p->account().displayName : id, m_mute);
            item->setData(Qt::UserRole, id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(m_notifier && m_notifier->isMuted(id) ? Qt::Checked : Qt::Unchecked);
        }
    }
    if (!m_cache)
        return;
    auto select = [](QComboBox* box, const QVariant& value) {
        const int index = box->findData(value.toString());
        if (index >= 0) {
            const QSignalBlocker quiet(box);
            box->setCurrentIndex(index);
        }
    };
    whenDone(m_cache->setting(themeKey()), this, [this, select](const QVariant& v) { select(m_theme, v); });
    whenDone(m_cache->setting(densityKey()), this,
             [this, select](const QVariant& v) { select(m_density, v); });
    whenDone(m_cache->setting(remoteContentKey()), this,
             [this, select](const QVariant& v) { select(m_remote, v); });
    whenDone(m_cache->setting(ReadingSettings::markReadKey()), this, [this, select](const QVariant& v) {
        select(m_markRead, v);
        m_markReadDelay->setEnabled(readingSettings().markRead == ReadingSettings::MarkRead::AfterDelay);
    });
    whenDone(m_cache->setting(ReadingSettings::markReadDelayKey()), this, [this](const QVariant& v) {
        if (!v.isValid())
            return; // never chosen: the default stays
        const QSignalBlocker quiet(m_markReadDelay);
        m_markReadDelay->setValue(ReadingSettings::delayFromValue(v));
    });
    whenDone(m_cache->setting(ReadingSettings::afterMoveKey()), this,
             [this, select](const QVariant& v) { select(m_afterMove, v); });
}

} // namespace tributary::ui
