#include "compose/AttachmentTray.h"

#include "compose/AttachmentChip.h"
#include "compose/FlowLayout.h"
#include "util/Futures.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QtConcurrent>

namespace tributary::ui {

namespace {

struct ReadFile {
    QString mimeType;
    QByteArray data;
    QString error;
};

//! Runs on a pool thread: a large file must not freeze the window while it is read.
ReadFile readFile(const QString& path) {
    ReadFile out;
    out.mimeType = QMimeDatabase().mimeTypeForFile(path).name();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QObject::tr("Could not read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
        return out;
    }
    out.data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        out.error = QObject::tr("Could not read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    return out;
}

} // namespace

AttachmentTray::AttachmentTray(QWidget* parent)
    : QWidget(parent)
    , m_layout(new FlowLayout(this)) {
    setAccessibleName(tr("Attachments"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    setVisible(false);
}

AttachmentTray::~AttachmentTray() = default;

void AttachmentTray::addFiles(const QStringList& paths) {
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.isFile())
            continue;
        const int key = addEntry(info.fileName(),
                                 QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchExtension).name(),
                                 info.size(), State::Loading);
        find(key)->chip->showLoading(tr("reading…"));
        whenDone(QtConcurrent::run(readFile, path), this, [this, key](const ReadFile& read) {
            Entry* entry = find(key);
            if (!entry)
                return; // removed while it was read
            if (!read.error.isEmpty()) {
                fail(key, read.error);
                return;
            }
            entry->attachment.mimeType = read.mimeType;
            resolve(key, read.data);
        });
    }
}

void AttachmentTray::addAttachment(const OutgoingAttachment& attachment) {
    const int key = addEntry(attachment.fileName, attachment.mimeType, attachment.data.size(), State::Ready);
    find(key)->attachment.data = attachment.data;
    find(key)->chip->showSize(attachment.data.size());
    emit changed();
}

int AttachmentTray::addPending(const QString& fileName, const QString& mimeType, qint64 size) {
    const int key = addEntry(fileName, mimeType, size, State::Loading);
    find(key)->chip->showLoading(tr("downloading…"));
    return key;
}

void AttachmentTray::resolve(int key, const QByteArray& data) {
    Entry* entry = find(key);
    if (!entry)
        return;
    entry->attachment.data = data;
    entry->size = data.size();
    entry->state = State::Ready;
    entry->chip->showSize(data.size());
    emit changed();
}

void AttachmentTray::fail(int key, const QString& reason) {
    Entry* entry = find(key);
    if (!entry)
        return;
    entry->state = State::Failed;
    entry->chip->showFailure(reason);
    emit changed();
}

void AttachmentTray::remove(int key) {
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].key != key)
            continue;
        AttachmentChip* chip = m_entries[i].chip;
        m_entries.removeAt(i);
        m_layout->removeWidget(chip);
        chip->deleteLater();
        setVisible(!m_entries.isEmpty());
        emit changed();
        return;
    }
}

QList<OutgoingAttachment> AttachmentTray::attachments() const {
    QList<OutgoingAttachment> out;
    for (const Entry& e : m_entries) {
        if (e.state == State::Ready)
            out.append(e.attachment);
    }
    return out;
}

bool AttachmentTray::isLoading() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const Entry& e) { return e.state == State::Loading; });
}

bool AttachmentTray::hasFailures() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const Entry& e) { return e.state == State::Failed; });
}

void AttachmentTray::setReadOnly(bool readOnly) {
    m_readOnly = readOnly;
    for (const Entry& e : std::as_const(m_entries))
        e.chip->setRemovable(!readOnly);
}

QList<AttachmentChip*> AttachmentTray::chips() const {
    QList<AttachmentChip*> out;
    for (const Entry& e : m_entries)
        out.append(e.chip);
    return out;
}

int AttachmentTray::addEntry(const QString& fileName, const QString& mimeType, qint64 size, State state) {
    Entry entry;
    entry.key = m_nextKey++;
    entry.attachment.fileName = fileName;
    entry.attachment.mimeType = mimeType.isEmpty() ? QStringLiteral("application/octet-stream") : mimeType;
    entry.size = size;
    entry.state = state;
    entry.chip = new AttachmentChip(fileName, entry.attachment.mimeType, this);
    entry.chip->setRemovable(!m_readOnly);
    const int key = entry.key;
    connect(entry.chip, &AttachmentChip::removeRequested, this, [this, key] {
        remove(key);
        emit removedByUser();
    });
    m_layout->addWidget(entry.chip);
    m_entries.append(entry);
    setVisible(true);
    emit changed();
    return key;
}

AttachmentTray::Entry* AttachmentTray::find(int key) {
    for (Entry& e : m_entries) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

} // namespace tributary::ui
