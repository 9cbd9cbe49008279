#include "compose/RecipientEdit.h"

#include "compose/AddressList.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QSet>
#include <QStringListModel>

namespace tributary::ui {

RecipientEdit::RecipientEdit(QWidget* parent)
    : QLineEdit(parent)
    , m_completer(new QCompleter(this))
    , m_model(new QStringListModel(this)) {
    m_completer->setModel(m_model);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    // Part of a name or of an address, anywhere in "Name <address>".
    m_completer->setFilterMode(Qt::MatchContains);
    // The model is most frequent first: keep that order.
    m_completer->setModelSorting(QCompleter::UnsortedModel);
    m_completer->setMaxVisibleItems(8);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            &RecipientEdit::insertCompletion);
    connect(this, &QLineEdit::textEdited, this, &RecipientEdit::updateCompletion);
    connect(this, &QLineEdit::textChanged, this, &RecipientEdit::recipientsChanged);
}

void RecipientEdit::setSuggestions(const QList<Participant>& people, const QStringList& own) {
    QSet<QString> mine;
    for (const QString& address : own)
        mine.insert(address.trimmed().toCaseFolded());
    QStringList entries;
    QStringList ownEntries;
    entries.reserve(people.size());
    for (const Participant& p : people) {
        if (!isEmailAddress(p.address))
            continue;
        (mine.contains(p.address.trimmed().toCaseFolded()) ? ownEntries : entries).append(formatAddress(p));
    }
    entries += ownEntries;
    entries.removeDuplicates();
    m_model->setStringList(entries);
}

QList<Participant> RecipientEdit::recipients() const {
    return parseAddressList(text()).people;
}

QStringList RecipientEdit::invalidEntries() const {
    return parseAddressList(text()).invalid;
}

void RecipientEdit::setRecipients(const QList<Participant>& people) {
    setText(formatAddressList(people));
    showValidity(!hasFocus());
}

void RecipientEdit::keyPressEvent(QKeyEvent* event) {
    // While suggestions show, these keys choose or dismiss one (the completer acts on them).
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();
            return;
        default:
            break;
        }
    }
    QLineEdit::keyPressEvent(event);
}

void RecipientEdit::focusInEvent(QFocusEvent* event) {
    showValidity(false);
    QLineEdit::focusInEvent(event);
}

void RecipientEdit::focusOutEvent(QFocusEvent* event) {
    QLineEdit::focusOutEvent(event);
    if (!m_completer->popup()->isVisible())
        showValidity(true);
}

void RecipientEdit::updateCompletion() {
    const QString all = text();
    const auto [start, end] = addressSpanAt(all, cursorPosition());
    Q_UNUSED(end);
    const QString typed = all.mid(start, cursorPosition() - start).trimmed();
    if (typed.isEmpty() || typed.contains(QLatin1Char('<'))) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(typed);
    if (m_completer->completionCount() == 0 ||
        (m_completer->completionCount() == 1 &&
         m_completer->currentCompletion().compare(typed, Qt::CaseInsensitive) == 0)) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QRect r = rect();
    r.setWidth(std::max(width(), m_completer->popup()->sizeHintForColumn(0) +
                                     m_completer->popup()->verticalScrollBar()->sizeHint().width()));
    m_completer->complete(r);
}

void RecipientEdit::insertCompletion(const QString& completion) {
    const QString all = text();
    const auto [start, end] = addressSpanAt(all, cursorPosition());
    QString rest = all.mid(end);
    // Drop the separator that followed the replaced entry: one is added after the completion.
    while (!rest.isEmpty() &&
           (rest.front().isSpace() || rest.front() == QLatin1Char(',') || rest.front() == QLatin1Char(';')))
        rest.remove(0, 1);
    const QString before = all.left(start);
    const QString inserted = completion + QStringLiteral(", ");
    setText(before + inserted + rest);
    setCursorPosition(int(before.size() + inserted.size()));
    emit textEdited(text());
    m_completer->popup()->hide();
}

void RecipientEdit::showValidity(bool markInvalid) {
    const QStringList invalid = markInvalid ? invalidEntries() : QStringList();
    QPalette p = palette();
    p.setColor(QPalette::Text,
               invalid.isEmpty() ? QPalette().color(QPalette::Text) : QColor(0xc0, 0x1c, 0x28));
    setPalette(p);
    setToolTip(invalid.isEmpty() ? QString()
                                 : tr("Not an email address: %1").arg(invalid.join(QStringLiteral(", "))));
}

} // namespace tributary::ui
