#include "compose/FormatBar.h"

#include "compose/ComposeIcons.h"

#include <QAction>
#include <QInputDialog>
#include <QTextCursor>
#include <QTextEdit>
#include <QTextList>
#include <QUrl>

namespace tributary::ui {

FormatBar::FormatBar(QTextEdit* editor, QWidget* parent)
    : QToolBar(tr("Formatting"), parent)
    , m_editor(editor) {
    setObjectName(QStringLiteral("FormatBar"));
    setAccessibleName(tr("Formatting"));
    setIconSize(QSize(18, 18));
    setMovable(false);
    setFloatable(false);

    using icons::ComposeIcon;
    m_bold = addFormatAction(int(ComposeIcon::Bold), tr("Bold"), QKeySequence::Bold);
    m_italic = addFormatAction(int(ComposeIcon::Italic), tr("Italic"), QKeySequence::Italic);
    m_link = addFormatAction(int(ComposeIcon::Link), tr("Link…"), QKeySequence(tr("Ctrl+K")));
    m_link->setCheckable(false);
    addSeparator();
    m_bullets =
        addFormatAction(int(ComposeIcon::BulletList), tr("Bulleted list"), QKeySequence(tr("Ctrl+Shift+8")));
    m_numbers = addFormatAction(int(ComposeIcon::NumberedList), tr("Numbered list"),
                                QKeySequence(tr("Ctrl+Shift+7")));

    connect(m_bold, &QAction::triggered, this, [this](bool on) {
        QTextCharFormat f;
        f.setFontWeight(on ? QFont::Bold : QFont::Normal);
        m_editor->mergeCurrentCharFormat(f);
    });
    connect(m_italic, &QAction::triggered, this, [this](bool on) {
        QTextCharFormat f;
        f.setFontItalic(on);
        m_editor->mergeCurrentCharFormat(f);
    });
    connect(m_link, &QAction::triggered, this, &FormatBar::askForLink);
    connect(m_bullets, &QAction::triggered, this, [this] { toggleList(QTextListFormat::ListDisc); });
    connect(m_numbers, &QAction::triggered, this, [this] { toggleList(QTextListFormat::ListDecimal); });
    connect(m_editor, &QTextEdit::currentCharFormatChanged, this, &FormatBar::updateState);
    connect(m_editor, &QTextEdit::cursorPositionChanged, this, &FormatBar::updateState);
    updateState();
}

QAction* FormatBar::addFormatAction(int icon, const QString& text, const QKeySequence& shortcut) {
    QAction* action =
        addAction(icons::compose(icons::ComposeIcon(icon), palette().color(QPalette::WindowText)), text);
    action->setCheckable(true);
    action->setShortcut(shortcut);
    // Only while the editor (or this bar) has focus: Ctrl+B elsewhere is not ours.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText)));
    m_editor->addAction(action);
    return action;
}

void FormatBar::toggleList(QTextListFormat::Style style) {
    QTextCursor cursor = m_editor->textCursor();
    cursor.beginEditBlock();
    if (QTextList* list = cursor.currentList(); list && list->format().style() == style) {
        // Same kind again: back to paragraphs.
        const QTextBlock first = m_editor->document()->findBlock(cursor.selectionStart());
        const QTextBlock last = m_editor->document()->findBlock(cursor.selectionEnd());
        for (QTextBlock b = first; b.isValid(); b = b.next()) {
            if (QTextList* l = b.textList())
                l->remove(b);
            QTextBlockFormat plain = b.blockFormat();
            plain.setIndent(0);
            QTextCursor(b).setBlockFormat(plain);
            if (b == last)
                break;
        }
    } else if (list) {
        QTextListFormat format = list->format();
        format.setStyle(style);
        list->setFormat(format);
    } else {
        QTextListFormat format;
        format.setStyle(style);
        format.setIndent(1);
        cursor.createList(format);
    }
    cursor.endEditBlock();
    updateState();
}

void FormatBar::askForLink() {
    QTextCursor cursor = m_editor->textCursor();
    const QString current = cursor.charFormat().anchorHref();
    auto* dialog = new QInputDialog(window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Link"));
    dialog->setLabelText(tr("Link address (leave empty to remove the link):"));
    dialog->setTextValue(current.isEmpty() ? QStringLiteral("https://") : current);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, cursor](const QString& url) {
        m_editor->setTextCursor(cursor);
        applyLink(url.trimmed() == QLatin1String("https://") ? QString() : url.trimmed());
    });
    dialog->open();
}

void FormatBar::applyLink(const QString& url) {
    QTextCursor cursor = m_editor->textCursor();
    if (!cursor.hasSelection())
        cursor.select(QTextCursor::WordUnderCursor);
    QTextCharFormat f;
    if (url.isEmpty()) {
        f.setAnchor(false);
        f.setAnchorHref(QString());
        f.setFontUnderline(false);
        f.clearForeground();
        cursor.mergeCharFormat(f);
        return;
    }
    f.setAnchor(true);
    f.setAnchorHref(url);
    f.setFontUnderline(true);
    f.setForeground(m_editor->palette().color(QPalette::Link));
    if (cursor.hasSelection()) {
        cursor.mergeCharFormat(f);
    } else {
        QTextCharFormat inserted = cursor.charFormat();
        inserted.merge(f);
        cursor.insertText(url, inserted);
        m_editor->setTextCursor(cursor);
        // Typing on after the link is not part of it.
        QTextCharFormat after = inserted;
        after.setAnchor(false);
        after.setAnchorHref(QString());
        after.setFontUnderline(false);
        after.clearForeground();
        m_editor->setCurrentCharFormat(after);
    }
}

void FormatBar::updateState() {
    const QTextCharFormat f = m_editor->currentCharFormat();
    m_bold->setChecked(f.fontWeight() >= QFont::Bold);
    m_italic->setChecked(f.fontItalic());
    const QTextList* list = m_editor->textCursor().currentList();
    const QTextListFormat::Style style = list ? list->format().style() : QTextListFormat::ListStyleUndefined;
    m_bullets->setChecked(style == QTextListFormat::ListDisc);
    m_numbers->setChecked(style == QTextListFormat::ListDecimal);
}

} // namespace tributary::ui
