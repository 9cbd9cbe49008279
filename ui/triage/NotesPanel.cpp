#include "triage/NotesPanel.h"

#include "TimeFormat.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>
#include <algorithm>

namespace tributary::ui {

namespace {

// A sticky-note yellow that reads on light and dark themes alike, with dark text on it.
const QString kCardStyle = QStringLiteral(
    "QFrame#internalNote { background: #fff4c2; border: 1px solid #e8c95a; border-radius: 6px; }"
    "QFrame#internalNote QLabel { color: #3b3416; background: transparent; }"
    "QFrame#internalNote QLabel#internalNoteTag { color: #7a5c00; }");

} // namespace

NotesPanel::NotesPanel(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("internalNotes"));
    setAccessibleName(tr("Internal notes"));
    setStyleSheet(kCardStyle);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    m_list = new QVBoxLayout;
    m_list->setSpacing(8);
    layout->addLayout(m_list);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::PlaceholderText);
    m_error->hide();
    layout->addWidget(m_error);

    m_editorBox = new QFrame(this);
    m_editorBox->setObjectName(QStringLiteral("internalNote"));
    auto* box = new QVBoxLayout(m_editorBox);
    box->setContentsMargins(12, 8, 12, 8);
    auto* tag = new QLabel(tr("New internal note · only your team sees this"), m_editorBox);
    tag->setObjectName(QStringLiteral("internalNoteTag"));
    box->addWidget(tag);
    m_editor = new QPlainTextEdit(m_editorBox);
    m_editor->setObjectName(QStringLiteral("internalNoteEditor"));
    m_editor->setAccessibleName(tr("Internal note"));
    m_editor->setPlaceholderText(tr("Write a note for your team. The customer never sees it."));
    m_editor->setTabChangesFocus(true);
    m_editor->setFixedHeight(QFontMetrics(m_editor->font()).lineSpacing() * 4 + 12);
    box->addWidget(m_editor);
    m_editorError = new QLabel(m_editorBox);
    m_editorError->setWordWrap(true);
    m_editorError->hide();
    box->addWidget(m_editorError);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    auto* cancel = new QPushButton(tr("Cancel"), m_editorBox);
    m_save = new QPushButton(tr("Add note"), m_editorBox);
    m_save->setObjectName(QStringLiteral("internalNoteSave"));
    m_save->setDefault(true);
    buttons->addWidget(cancel);
    buttons->addWidget(m_save);
    box->addLayout(buttons);
    layout->addWidget(m_editorBox);
    m_editorBox->hide();

    connect(m_editor, &QPlainTextEdit::textChanged, this,
            [this] { m_save->setEnabled(!m_editor->toPlainText().trimmed().isEmpty()); });
    m_save->setEnabled(false);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString text = m_editor->toPlainText().trimmed();
        if (text.isEmpty())
            return;
        m_save->setEnabled(false);
        m_editorError->hide();
        emit submitted(text);
    });
    // Cancel closes the editor but keeps the text for the next "Add note": nothing written is lost.
    connect(cancel, &QPushButton::clicked, this, [this] {
        m_editorBox->hide();
        updateVisibility();
    });
    auto* send = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_editor);
    send->setContext(Qt::WidgetShortcut);
    connect(send, &QShortcut::activated, m_save, &QPushButton::click);
    updateVisibility();
}

QWidget* NotesPanel::makeCard(const InternalNote& note) {
    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("internalNote"));
    card->setAccessibleName(tr("Internal note by %1").arg(senderLabel(note.author)));
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(4);
    auto* tag = new QLabel(tr("Internal note · only your team sees this"), card);
    tag->setObjectName(QStringLiteral("internalNoteTag"));
    QFont small = tag->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    tag->setFont(small);
    auto* header = new QHBoxLayout;
    auto* author = new QLabel(senderLabel(note.author), card);
    author->setTextFormat(Qt::PlainText);
    QFont bold = author->font();
    bold.setBold(true);
    author->setFont(bold);
    auto* when = new QLabel(note.createdAt.isValid() ? listTime(note.createdAt) : QString(), card);
    when->setFont(small);
    header->addWidget(author);
    header->addStretch(1);
    header->addWidget(when);
    auto* text = new QLabel(note.text, card);
    text->setObjectName(QStringLiteral("internalNoteText"));
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(tag);
    layout->addLayout(header);
    layout->addWidget(text);
    return card;
}

void NotesPanel::setNotes(const QList<InternalNote>& notes) {
    clear();
    for (const InternalNote& n : notes)
        addNote(n);
}

void NotesPanel::addNote(const InternalNote& note) {
    if (!note.id.isEmpty() && std::any_of(m_notes.cbegin(), m_notes.cend(),
                                          [&note](const InternalNote& n) { return n.id == note.id; }))
        return;
    m_notes.append(note);
    QWidget* card = makeCard(note);
    m_cards.append(card);
    m_list->addWidget(card);
    m_error->hide();
    updateVisibility();
}

void NotesPanel::setLoadError(const QString& message) {
    m_error->setText(tr("Internal notes could not be loaded: %1").arg(message));
    m_error->show();
    updateVisibility();
}

void NotesPanel::clear() {
    for (QWidget* card : std::as_const(m_cards)) {
        m_list->removeWidget(card);
        card->deleteLater();
    }
    m_cards.clear();
    m_notes.clear();
    m_error->hide();
    m_editorError->hide();
    m_editorBox->hide();
    m_editor->clear(); // another conversation: a note half written for this one is not carried over
    updateVisibility();
}

void NotesPanel::openEditor() {
    m_editorBox->show();
    updateVisibility();
    m_editor->setFocus(Qt::OtherFocusReason);
}

bool NotesPanel::isEditorOpen() const {
    return m_editorBox->isVisibleTo(this);
}

void NotesPanel::noteSaved() {
    m_editor->clear();
    m_editorError->hide();
    m_editorBox->hide();
    updateVisibility();
}

void NotesPanel::noteFailed(const QString& message) {
    m_editorError->setText(tr("The note was not saved: %1").arg(message));
    m_editorError->show();
    m_save->setEnabled(!m_editor->toPlainText().trimmed().isEmpty());
}

void NotesPanel::updateVisibility() {
    setVisible(!m_cards.isEmpty() || !m_error->isHidden() || !m_editorBox->isHidden());
}

} // namespace tributary::ui
