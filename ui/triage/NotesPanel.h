#pragma once

#include "model/Model.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace tributary::ui {

//! The internal notes of a support conversation, at the end of it: yellow cards marked
//! "Internal note · only your team sees this", oldest first, and the editor the triage
//! bar's "Add note" opens. What the user writes stays in the editor until the provider has
//! the note (a refusal shows why, the text is kept).
class NotesPanel : public QWidget {
    Q_OBJECT
public:
    explicit NotesPanel(QWidget* parent = nullptr);

    void setNotes(const QList<InternalNote>& notes);
    //! Adds one note (a note already shown, by id, is not added twice).
    void addNote(const InternalNote& note);
    //! The notes could not be loaded: says why in place of them.
    void setLoadError(const QString& message);
    void clear();
    QList<InternalNote> notes() const { return m_notes; }

    //! Opens the editor (focused); keeps any text already in it.
    void openEditor();
    bool isEditorOpen() const;
    QPlainTextEdit* editor() const { return m_editor; }
    QPushButton* saveButton() const { return m_save; }
    //! The provider has the note: the editor empties and closes.
    void noteSaved();
    //! The provider refused it: the reason shows, the text stays.
    void noteFailed(const QString& message);
    //! The yellow cards shown, oldest first.
    QList<QWidget*> cards() const { return m_cards; }

signals:
    void submitted(const QString& text);

private:
    QWidget* makeCard(const InternalNote& note);
    void updateVisibility();

    QList<InternalNote> m_notes;
    QList<QWidget*> m_cards;
    QVBoxLayout* m_list;
    QLabel* m_error;
    QWidget* m_editorBox;
    QPlainTextEdit* m_editor;
    QPushButton* m_save;
    QLabel* m_editorError;
};

} // namespace tributary::ui
