#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QLabel;
class QLineEdit;
class QListWidget;

namespace tributary::ui {

//! Ctrl+K: type a few letters of any action ("arch", "reply all", "unread"), folder, channel,
//! account or setting ("inbox", "theme") and press Enter to run or open it. Lists the enabled
//! entries it was given, with their shortcuts and where they live, best matches first (names
//! before descriptions); says so when nothing matches. A popup over the window's top; Esc
//! closes it.
class CommandPalette : public QDialog {
    Q_OBJECT
public:
    struct Entry {
        QAction* action = nullptr;
        QString menu;     //!< where the action also lives, shown greyed
        QString keywords; //!< more words it is found by (after its name): "dark light" for Theme
    };

    CommandPalette(QList<Entry> entries, QWidget* parent);

    QLineEdit* queryField() const { return m_query; }
    QListWidget* list() const { return m_list; }
    //! The "nothing matches" note (hidden while something does).
    QLabel* emptyNote() const { return m_empty; }
    //! How well `query` matches `text`: 0 no match; higher is better (prefix > word start > inside).
    static int score(const QString& text, const QString& query);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refill();
    void runCurrent();

    QList<Entry> m_entries;
    QLineEdit* m_query = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
};

//! "?": every action and its shortcuts, grouped by menu.
class ShortcutSheet : public QDialog {
    Q_OBJECT
public:
    ShortcutSheet(const QList<CommandPalette::Entry>& entries, QWidget* parent);
};

//! An action's text without mnemonics and ellipsis: "Reply &All" -> "Reply All".
QString plainActionText(const QAction* action);

} // namespace tributary::ui
