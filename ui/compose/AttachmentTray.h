#pragma once

#include "provider/Provider.h"

#include <QList>
#include <QWidget>

namespace tributary::ui {

class AttachmentChip;
class FlowLayout;

//! The attachments of the message being written, as removable chips showing name and
//! size. Files are read off the GUI thread; a chip shows at once and fills in when its
//! bytes are there (a file read, a forwarded attachment downloaded).
class AttachmentTray : public QWidget {
    Q_OBJECT
public:
    explicit AttachmentTray(QWidget* parent = nullptr);
    ~AttachmentTray() override;

    //! Adds local files (picker, drag and drop, paste).
    void addFiles(const QStringList& paths);
    void addAttachment(const OutgoingAttachment& attachment);
    //! A chip for bytes still on their way; resolve() or fail() it with the returned key.
    int addPending(const QString& fileName, const QString& mimeType, qint64 size);
    void resolve(int key, const QByteArray& data);
    void fail(int key, const QString& reason);
    void remove(int key);

    //! The attachments whose bytes are here, in the order added.
    QList<OutgoingAttachment> attachments() const;
    int count() const { return int(m_entries.size()); }
    //! Some bytes are still being read or downloaded.
    bool isLoading() const;
    //! Some attachment could not be read; Send waits until it is removed.
    bool hasFailures() const;
    //! While sending: chips cannot be removed.
    void setReadOnly(bool readOnly);
    QList<AttachmentChip*> chips() const;

signals:
    //! An attachment was added, removed, loaded or failed.
    void changed();
    //! The user removed an attachment (its chip's remove button).
    void removedByUser();

private:
    enum class State { Loading, Ready, Failed };
    struct Entry {
        int key = 0;
        OutgoingAttachment attachment;
        qint64 size = -1;
        State state = State::Loading;
        AttachmentChip* chip = nullptr;
    };

    int addEntry(const QString& fileName, const QString& mimeType, qint64 size, State state);
    Entry* find(int key);

    FlowLayout* m_layout;
    QList<Entry> m_entries;
    int m_nextKey = 1;
    bool m_readOnly = false;
};

} // namespace tributary::ui
