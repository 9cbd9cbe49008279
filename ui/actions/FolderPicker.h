#pragma once

#include <QDialog>
#include <QIcon>
#include <QList>

class QLabel;
class QLineEdit;
class QListWidget;

namespace tributary::ui {

//! "Move to…": a popup over the window listing folders to pick one, keyboard first. Typing
//! filters by name or path ("dev", "lists/d"), best matches first; Up/Down choose, Enter picks,
//! Esc closes. Says so when nothing matches.
class FolderPicker : public QDialog {
    Q_OBJECT
public:
    struct Folder {
        QString channelId;
        QString path;    //!< "Lists / dev", what is shown and matched
        QString account; //!< shown greyed when folders of several accounts are listed
        QIcon icon;
    };

    FolderPicker(const QString& prompt, QList<Folder> folders, QWidget* parent);

    QLineEdit* queryField() const { return m_query; }
    QListWidget* list() const { return m_list; }
    QLabel* emptyNote() const { return m_empty; }
    //! The channel ids listed now, best first.
    QStringList shownChannels() const;

signals:
    void picked(const QString& channelId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refill();
    void pickCurrent();

    QList<Folder> m_folders;
    bool m_severalAccounts = false;
    QLineEdit* m_query = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace tributary::ui
