#pragma once

#include <QTextListFormat>
#include <QToolBar>

class QTextEdit;

namespace tributary::ui {

//! The small formatting bar of rich mode: bold (Ctrl+B), italic (Ctrl+I), link (Ctrl+K),
//! bulleted (Ctrl+Shift+8) and numbered (Ctrl+Shift+7) lists, checked to match the text
//! at the cursor.
class FormatBar : public QToolBar {
    Q_OBJECT
public:
    explicit FormatBar(QTextEdit* editor, QWidget* parent = nullptr);

    QAction* boldAction() const { return m_bold; }
    QAction* italicAction() const { return m_italic; }
    QAction* linkAction() const { return m_link; }
    QAction* bulletsAction() const { return m_bullets; }
    QAction* numbersAction() const { return m_numbers; }

    //! Makes the selection (or the word at the cursor, or a new text) a link to `url`;
    //! an empty url removes the link.
    void applyLink(const QString& url);

private:
    QAction* addFormatAction(int icon, const QString& text, const QKeySequence& shortcut);
    void toggleList(QTextListFormat::Style style);
    void askForLink();
    void updateState();

    QTextEdit* m_editor;
    QAction* m_bold;
    QAction* m_italic;
    QAction* m_link;
    QAction* m_bullets;
    QAction* m_numbers;
};

} // namespace tributary::ui
