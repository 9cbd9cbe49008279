#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QAction;
class QWidget;

namespace tributary::ui {

//! Every user action of the main window as one QAction with its shortcut and the menu it
//! belongs in, so the menus, the keyboard, the command palette and the shortcut sheet all
//! share one list. Single-letter shortcuts are window-wide but never fire while a text
//! field has focus (line edits take printable keys first).
class MailActions : public QObject {
    Q_OBJECT
public:
    enum Id {
        Compose,
        NextThread,
        PreviousThread,
        OpenThread,
        Reply,
        ReplyAll,
        Forward,
        Archive,
        Delete,
        ToggleFlag,
        ToggleRead,
        Search,
        CommandPalette,
        ShortcutSheet,
        Settings,
        Undo,
    };
    Q_ENUM(Id)

    //! Creates the actions on `window` (so their shortcuts work anywhere in it).
    explicit MailActions(QWidget* window);

    QAction* action(Id id) const { return m_actions.value(id); }
    //! The menu an action belongs in ("Message", "Go" ...), for building menus and the palette.
    QString menuOf(Id id) const { return m_menus.value(id); }
    QList<Id> ids() const;

private:
    QAction* add(Id id, const QString& text, const QString& menu, const QList<QKeySequence>& keys,
                 const QString& tip);

    QHash<Id, QAction*> m_actions;
    QHash<Id, QString> m_menus;
};

} // namespace tributary::ui
