#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace tributary::ui {

//! One attachment in the tray: type icon, name, size (or "reading…", or why it failed)
//! and a remove button.
class AttachmentChip : public QFrame {
    Q_OBJECT
public:
    AttachmentChip(const QString& fileName, const QString& mimeType, QWidget* parent = nullptr);

    QString fileName() const { return m_fileName; }
    void showSize(qint64 bytes);
    void showLoading(const QString& what);
    void showFailure(const QString& reason);
    void setRemovable(bool removable);
    QToolButton* removeButton() const { return m_remove; }
    //! What the chip says under its name ("12.5 KiB", "reading…").
    QString detailText() const;

signals:
    void removeRequested();

private:
    QString m_fileName;
    QLabel* m_icon;
    QLabel* m_name;
    QLabel* m_detail;
    QToolButton* m_remove;
};

} // namespace tributary::ui
