#include "actions/MailActions.h"

#include <QAction>
#include <QKeySequence>
#include <QMetaEnum>
#include <QWidget>

namespace tributary::ui {

MailActions::MailActions(QWidget* window)
    : QObject(window) {
    const QString message = tr("&Message");
    const QString go = tr("&Go");
    add(Compose, tr("&New Message"), tr("&File"), {QKeySequence(Qt::Key_C), QKeySequence::New},
        tr("Write a new message"));
    add(NextThread, tr("&Next Conversation"), go, {QKeySequence(Qt::Key_J)},
        tr("Select the next conversation"));
    add(PreviousThread, tr("&Previous Conversation"), go, {QKeySequence(Qt::Key_K)},
        tr("Select the previous conversation"));
    add(OpenThread, tr("&Open Conversation"), go, {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)},
        tr("Move the focus to the selected conversation"));
    add(Reply, tr("&Reply"), message, {QKeySequence(Qt::Key_R), QKeySequence(tr("Ctrl+R"))},
        tr("Reply to the sender"));
    add(ReplyAll, tr("Reply &All"), message, {QKeySequence(Qt::Key_A), QKeySequence(tr("Ctrl+Shift+R"))},
        tr("Reply to everyone"));
    add(Forward, tr("&Forward"), message, {QKeySequence(Qt::Key_F), QKeySequence(tr("Ctrl+L"))},
        tr("Forward the conversation's newest message"));
    add(Archive, tr("Ar&chive"), message, {QKeySequence(Qt::Key_E)},
        tr("Move the conversation to the Archive"));
    add(Delete, tr("&Delete"), message, {QKeySequence(Qt::Key_NumberSign), QKeySequence::Delete},
        tr("Move the conversation to the Trash"));
    add(ToggleFlag, tr("&Flag"), message, {QKeySequence(Qt::Key_S)}, tr("Flag or unflag the conversation"));
    add(ToggleRead, tr("Mark as &Unread"), message, {QKeySequence(Qt::Key_U)},
        tr("Mark the conversation read or unread"));
    add(Search, tr("&Search"), tr("&View"), {QKeySequence(Qt::Key_Slash), QKeySequence::Find},
        tr("Search conversations"));
    add(CommandPalette, tr("&Command Palette…"), tr("&View"), {QKeySequence(tr("Ctrl+K"))},
        tr("Find and run any action"));
    add(ShortcutSheet, tr("&Keyboard Shortcuts"), tr("&Help"), {QKeySequence(Qt::Key_Question)},
        tr("Show every keyboard shortcut"));
    QAction* settings =
        add(Settings, tr("&Settings…"), tr("&File"), {QKeySequence::Preferences, QKeySequence(tr("Ctrl+,"))},
            tr("Theme, density, privacy, notifications and remote images"));
    settings->setMenuRole(QAction::PreferencesRole);
    QAction* undo = add(Undo, tr("&Undo"), tr("&Edit"), {QKeySequence::Undo},
                        tr("Take back the last archive, delete, move, flag or read change"));
    undo->setEnabled(false);
}

QAction* MailActions::add(Id id, const QString& text, const QString& menu, const QList<QKeySequence>& keys,
                          const QString& tip) {
    auto* action = new QAction(text, parent());
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    action->setObjectName(QStringLiteral("action") +
                          QString::fromLatin1(QMetaEnum::fromType<Id>().valueToKey(id)));
    qobject_cast<QWidget*>(parent())->addAction(action);
    m_actions.insert(id, action);
    m_menus.insert(id, menu);
    return action;
}

QList<MailActions::Id> MailActions::ids() const {
    QList<Id> out;
    const QMetaEnum e = QMetaEnum::fromType<Id>();
    for (int i = 0; i < e.keyCount(); ++i)
        out.append(Id(e.value(i)));
    return out;
}

} // namespace tributary::ui
