#include "chat/ChatInput.h"

#include "compose/ChatSender.h"
#include "util/EmojiShortcodes.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextEdit>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace tributary::ui {

namespace {

enum SuggestionRole { KindRole = Qt::UserRole, InsertRole, MarkupRole };
enum class SuggestionKind { Person = 1, Emoji = 2 };

} // namespace

ChatInput::ChatInput(ChatSender* sender, QWidget* parent)
    : QWidget(parent)
    , m_sender(sender) {
    setObjectName(QStringLiteral("chatInput"));
    setAccessibleName(tr("Message box"));
    setSizePolicy(QSizePolicy::Preferred,
                  QSizePolicy::Fixed); // as tall as its text, the transcript takes the rest
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 6, 14, 8);
    layout->setSpacing(4);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("chatInputBanner"));
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setForegroundRole(QPalette::PlaceholderText);
    m_banner->hide();
    layout->addWidget(m_banner);

    // Suggestions sit right above the box, in the pane (not a popup that takes the keys).
    m_suggestions = new QListWidget(this);
    m_suggestions->setObjectName(QStringLiteral("chatSuggestions"));
    m_suggestions->setAccessibleName(tr("Suggestions"));
    m_suggestions->setFocusPolicy(Qt::NoFocus);
    m_suggestions->setUniformItemSizes(true);
    m_suggestions->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_suggestions->hide();
    connect(m_suggestions, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        m_suggestions->setCurrentItem(item);
        acceptSuggestion();
        m_editor->setFocus(Qt::OtherFocusReason);
    });
    layout->addWidget(m_suggestions);

    auto* frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("chatBoxFrame"));
    frame->setStyleSheet(QStringLiteral("QFrame#chatBoxFrame { background: palette(base); border: 1px solid "
                                        "palette(mid); border-radius: 8px; }"));
    auto* row = new QHBoxLayout(frame);
    row->setContentsMargins(8, 4, 4, 4);
    row->setSpacing(4);
    m_editor = new QTextEdit(frame);
    m_editor->setObjectName(QStringLiteral("chatEditor"));
    m_editor->setAccessibleName(tr("Message"));
    m_editor->setAcceptRichText(false);
    m_editor->setTabChangesFocus(true);
    m_editor->setFrameShape(QFrame::NoFrame);
    m_editor->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_editor->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_editor->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_editor->document()->setDocumentMargin(2);
    m_editor->installEventFilter(this);
    connect(m_editor, &QTextEdit::textChanged, this, &ChatInput::onTextChanged);
    connect(m_editor, &QTextEdit::cursorPositionChanged, this, [this] {
        if (!m_filling)
            updateSuggestions();
    });
    row->addWidget(m_editor, 1);
    m_send = new QToolButton(frame);
    m_send->setObjectName(QStringLiteral("chatSend"));
    m_send->setText(tr("Send"));
    m_send->setToolTip(tr("Send (Enter)"));
    m_send->setCursor(Qt::PointingHandCursor);
    m_send->setAutoRaise(true);
    m_send->setEnabled(false);
    connect(m_send, &QToolButton::clicked, this, &ChatInput::submit);
    row->addWidget(m_send, 0, Qt::AlignBottom);
    layout->addWidget(frame);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("chatInputStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_status->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_status->setFont(small);
    layout->addWidget(m_status);
    showStatus({});
    updateHeight();
}

void ChatInput::setTarget(const ChatTarget& target) {
    if (target == m_target)
        return;
    if (isEditing())
        cancelEdit();
    if (m_sender && m_target.isValid())
        m_sender->setUnsent(m_target.key(), draft());
    m_target = target;
    setDraft(m_sender && target.isValid() ? m_sender->unsent(target.key()) : ChatDraft{});
    m_editor->setPlaceholderText(placeholder());
    showStatus({});
    updateBanner();
}

void ChatInput::setMentions(People people, Markup markup) {
    m_people = std::move(people);
    m_markup = std::move(markup);
}

QString ChatInput::placeholder() const {
    if (m_target.isThread())
        return tr("Reply in thread");
    if (m_target.label.isEmpty())
        return tr("Message");
    return tr("Message %1").arg(m_target.label);
}

void ChatInput::beginEdit(const QString& messageId, const QString& text) {
    if (!isEditing())
        m_beforeEdit = draft();
    m_editingId = messageId;
    ChatDraft d;
    d.text = text;
    // Mentions of people the box knows are kept as mentions when the edit is saved.
    if (m_people && m_markup) {
        for (const Participant& p : m_people(m_target)) {
            const QString shown = QLatin1Char('@') + p.label();
            const QString markup = m_markup(m_target, p);
            if (!markup.isEmpty() && text.contains(shown))
                d.mentions.append({shown, markup});
        }
    }
    setDraft(d);
    updateBanner();
    focusInput();
}

void ChatInput::cancelEdit() {
    if (!isEditing())
        return;
    m_editingId.clear();
    setDraft(m_beforeEdit);
    m_beforeEdit = {};
    updateBanner();
}

void ChatInput::showStatus(const QString& text) {
    m_statusText = text;
    m_status->setText(text.isEmpty() ? hint() : text);
    m_status->setForegroundRole(text.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
}

QString ChatInput::statusText() const {
    return m_statusText;
}

QString ChatInput::hint() const {
    if (isEditing())
        return tr("Enter saves the edit · Esc cancels");
    return tr("Enter sends · Shift+Enter adds a line · @ mentions · : emoji");
}

ChatDraft ChatInput::draft() const {
    ChatDraft d;
    d.text = m_editor->toPlainText();
    for (const ChatMention& m : m_mentions) {
        if (d.text.contains(m.shown) && !d.mentions.contains(m))
            d.mentions.append(m);
    }
    return d;
}

void ChatInput::putBack(const QString& text) {
    ChatDraft d = draft();
    d.text = d.isEmpty() ? text : d.text + QLatin1Char('\n') + text;
    setDraft(d);
    if (m_sender && m_target.isValid() && !isEditing())
        m_sender->setUnsent(m_target.key(), d);
    focusInput();
}

void ChatInput::setDraft(const ChatDraft& draft) {
    m_filling = true;
    m_mentions = draft.mentions;
    m_editor->setPlainText(draft.text);
    QTextCursor end = m_editor->textCursor();
    end.movePosition(QTextCursor::End);
    m_editor->setTextCursor(end);
    m_filling = false;
    hideSuggestions();
    m_send->setEnabled(!draft.isEmpty());
    updateHeight();
}

void ChatInput::focusInput() {
    QTextCursor end = m_editor->textCursor();
    end.movePosition(QTextCursor::End);
    m_editor->setTextCursor(end);
    m_editor->setFocus(Qt::OtherFocusReason);
}

void ChatInput::updateBanner() {
    if (isEditing())
        m_banner->setText(tr("Editing your message"));
    else if (m_target.isThread())
        m_banner->setText(
            m_target.label.isEmpty()
                ? tr("Replying in a thread · Esc writes to the channel")
                : tr("Replying in a thread in %1 · Esc writes to the channel").arg(m_target.label));
    m_banner->setVisible(isEditing() || m_target.isThread());
    m_editor->setPlaceholderText(placeholder());
    if (m_statusText.isEmpty())
        showStatus({});
}

bool ChatInput::eventFilter(QObject* watched, QEvent* event) {
    if (watched != m_editor)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        // The window's single-key and Esc shortcuts must not fire while the user types here.
        auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Escape:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Tab:
            event->accept();
            return true;
        default:
            break;
        }
        return false;
    }
    if (event->type() == QEvent::KeyPress)
        return handleKey(static_cast<QKeyEvent*>(event));
    if (event->type() == QEvent::Resize)
        updateHeight(); // the text wraps differently
    return QWidget::eventFilter(watched, event);
}

bool ChatInput::handleKey(QKeyEvent* key) {
    const bool listing = m_suggestions->isVisible();
    const bool plain = !(key->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier));
    switch (key->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (listing) {
            acceptSuggestion();
            return true;
        }
        if (key->modifiers() & Qt::ShiftModifier) {
            m_editor->textCursor().insertText(QStringLiteral("\n"));
            return true;
        }
        submit();
        return true;
    case Qt::Key_Tab:
        if (listing) {
            acceptSuggestion();
            return true;
        }
        return false;
    case Qt::Key_Up:
        if (listing) {
            moveSuggestion(-1);
            return true;
        }
        if (plain && m_editor->toPlainText().isEmpty() && !isEditing()) {
            emit editLastRequested(m_target);
            return true;
        }
        return false;
    case Qt::Key_Down:
        if (listing) {
            moveSuggestion(+1);
            return true;
        }
        return false;
    case Qt::Key_Escape:
        if (listing) {
            hideSuggestions();
            return true;
        }
        if (isEditing()) {
            cancelEdit();
            return true;
        }
        if (m_target.isThread()) {
            emit leaveThreadRequested();
            return true;
        }
        return false;
    default:
        return false;
    }
}

void ChatInput::submit() {
    const ChatDraft d = draft();
    if (d.isEmpty())
        return;
    if (isEditing()) {
        const QString id = m_editingId;
        m_editingId.clear();
        setDraft(m_beforeEdit);
        m_beforeEdit = {};
        updateBanner();
        emit editSubmitted(id, d.outgoingText());
        return;
    }
    const QString clientId = m_sender ? m_sender->send(m_target, d) : QString();
    if (clientId.isEmpty()) {
        showStatus(tr("This conversation cannot receive messages from here; your text is kept."));
        return;
    }
    setDraft({});
    if (m_sender)
        m_sender->setUnsent(m_target.key(), {});
    showStatus({});
    emit messageSent(clientId);
}

void ChatInput::onTextChanged() {
    updateHeight();
    if (m_filling)
        return;
    const ChatDraft d = draft();
    m_send->setEnabled(!d.isEmpty());
    if (m_sender && m_target.isValid() && !isEditing())
        m_sender->setUnsent(m_target.key(), d);
    if (!m_statusText.isEmpty())
        showStatus({}); // typing again answers whatever the line said
    updateSuggestions();
}

void ChatInput::updateHeight() {
    const QFontMetrics fm(m_editor->font());
    const int frame = 2 * m_editor->frameWidth() + int(2 * m_editor->document()->documentMargin());
    const int oneLine = fm.lineSpacing() + frame;
    const int most = fm.lineSpacing() * kMaxLines + frame;
    m_editor->document()->setTextWidth(m_editor->viewport()->width());
    const int wanted =
        int(m_editor->document()->documentLayout()->documentSize().height()) + 2 * m_editor->frameWidth();
    const int height = std::clamp(wanted, oneLine, most);
    if (m_editor->height() != height)
        m_editor->setFixedHeight(height);
}

void ChatInput::updateSuggestions() {
    const QTextCursor cursor = m_editor->textCursor();
    const QString text = m_editor->toPlainText();
    const ChatCompletionQuery q = chatCompletionAt(text, cursor.position());
    m_suggestions->clear();
    m_queryStart = q.start;
    if (q.kind == ChatCompletionQuery::Kind::Person && m_people) {
        for (const Participant& p : peopleMatching(m_people(m_target), q.prefix, kMaxSuggestions)) {
            auto* item = new QListWidgetItem(p.label(), m_suggestions);
            item->setData(KindRole, int(SuggestionKind::Person));
            item->setData(InsertRole, QLatin1Char('@') + p.label());
            item->setData(MarkupRole, m_markup ? m_markup(m_target, p) : QString());
        }
    } else if (q.kind == ChatCompletionQuery::Kind::Emoji) {
        for (const EmojiShortcode& e : emojiMatching(q.prefix, kMaxSuggestions)) {
            auto* item = new QListWidgetItem(QStringLiteral("%1   :%2:").arg(e.emoji, e.name), m_suggestions);
            item->setData(KindRole, int(SuggestionKind::Emoji));
            item->setData(InsertRole, e.emoji);
        }
    }
    if (m_suggestions->count() == 0) {
        hideSuggestions();
        return;
    }
    m_suggestions->setCurrentRow(0);
    const int rows = std::min(m_suggestions->count(), kMaxSuggestions);
    m_suggestions->setFixedHeight(rows * m_suggestions->sizeHintForRow(0) + 2 * m_suggestions->frameWidth());
    m_suggestions->show();
}

void ChatInput::moveSuggestion(int delta) {
    const int count = m_suggestions->count();
    if (count == 0)
        return;
    m_suggestions->setCurrentRow((m_suggestions->currentRow() + delta + count) % count);
}

void ChatInput::acceptSuggestion() {
    QListWidgetItem* item = m_suggestions->currentItem();
    if (!item || m_queryStart < 0) {
        hideSuggestions();
        return;
    }
    const QString insert = item->data(InsertRole).toString();
    const QString markup = item->data(MarkupRole).toString();
    if (SuggestionKind(item->data(KindRole).toInt()) == SuggestionKind::Person && !markup.isEmpty()) {
        const ChatMention mention{insert, markup};
        if (!m_mentions.contains(mention))
            m_mentions.append(mention);
    }
    QTextCursor cursor = m_editor->textCursor();
    const int end = cursor.position();
    cursor.setPosition(m_queryStart);
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    m_filling = true; // no new query from our own insertion
    cursor.insertText(insert + QLatin1Char(' '));
    m_filling = false;
    m_editor->setTextCursor(cursor);
    hideSuggestions();
    onTextChanged();
    hideSuggestions(); // the text after the insertion is no query
}

void ChatInput::hideSuggestions() {
    m_suggestions->hide();
    m_suggestions->clear();
    m_queryStart = -1;
}

} // namespace tributary::ui
