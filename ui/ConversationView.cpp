#include "ConversationView.h"

#include "SafeTextBrowser.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tributary::ui {

ConversationView::ConversationView(BodyFetcher fetchBody, QWidget* parent)
    : QWidget(parent)
    , m_fetchBody(std::move(fetchBody)) {
    setAccessibleName(tr("Conversation"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    auto* empty = new QLabel(tr("No conversation selected"), m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setForegroundRole(QPalette::PlaceholderText);
    empty->setAccessibleName(tr("No conversation selected"));
    m_stack->addWidget(empty);

    // The reading pane is one white page: header and messages on the same background.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    auto* page = new QWidget(m_stack);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(24, 18, 24, 0);
    pageLayout->setSpacing(4);
    m_subject = new QLabel(page);
    m_subject->setWordWrap(true);
    m_subject->setTextFormat(Qt::PlainText);
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subject->setAccessibleName(tr("Subject"));
    QFont subjectFont = m_subject->font();
    subjectFont.setPointSizeF(subjectFont.pointSizeF() * 1.35);
    subjectFont.setBold(true);
    m_subject->setFont(subjectFont);
    m_meta = new QLabel(page);
    m_meta->setForegroundRole(QPalette::PlaceholderText);
    m_meta->setTextFormat(Qt::PlainText);
    m_browser = new SafeTextBrowser(page);
    m_browser->setFrameShape(QFrame::NoFrame);
    m_browser->setAccessibleName(tr("Messages"));
    m_browser->document()->setDocumentMargin(0);
    pageLayout->addWidget(m_subject);
    pageLayout->addWidget(m_meta);
    pageLayout->addSpacing(8);
    pageLayout->addWidget(m_browser, 1);
    m_stack->addWidget(page);

    connect(m_browser, &QTextBrowser::anchorClicked, this, &ConversationView::linkActivated);
}

void ConversationView::clear() {
    ++m_generation;
    m_threadId.clear();
    m_entries.clear();
    m_browser->clear();
    m_stack->setCurrentIndex(0);
}

void ConversationView::showThread(const Thread& thread, const QList<Message>& messages) {
    const bool sameThread = thread.id == m_threadId;
    if (!sameThread) {
        ++m_generation;
        m_entries.clear();
        m_requested.clear();
    }
    m_threadId = thread.id;

    // A refresh of the same thread (a new reply, a flag change) keeps the bodies it has.
    QList<ConversationEntry> entries;
    QStringList toFetch;
    for (const Message& m : messages) {
        ConversationEntry entry;
        entry.message = m;
        const auto old = std::find_if(m_entries.cbegin(), m_entries.cend(),
                                      [&](const ConversationEntry& e) { return e.message.id == m.id; });
        if (old != m_entries.cend() && old->body != ConversationEntry::Body::Loading) {
            entry = *old;
            entry.message.flags = m.flags; // the envelope's flags are newer than the fetch's
        }
        if (entry.body == ConversationEntry::Body::Loading && !m_requested.contains(m.id))
            toFetch.append(m.id);
        entries.append(entry);
    }
    m_entries = entries;

    m_subject->setText(thread.subject.isEmpty() ? tr("(no subject)") : thread.subject);
    QStringList people;
    for (const Participant& p : thread.participants)
        people.append(p.label());
    const QString count = messages.size() == 1 ? tr("1 message") : tr("%1 messages").arg(messages.size());
    m_meta->setText(people.isEmpty() ? count
                                     : count + QStringLiteral(" · ") + people.join(QStringLiteral(", ")));
    m_stack->setCurrentIndex(1);
    render();
    if (!sameThread)
        m_browser->verticalScrollBar()->setValue(0);
    for (const QString& id : std::as_const(toFetch))
        fetch(id);
}

void ConversationView::applyBody(const QString& messageId, const Result<Message>& result) {
    for (ConversationEntry& e : m_entries) {
        if (e.message.id != messageId)
            continue;
        if (result.ok()) {
            const MessageFlags flags = e.message.flags;
            e.message = result.value();
            e.message.flags = flags; // the envelope's flags are newer than the fetch's
            e.body = ConversationEntry::Body::Loaded;
        } else {
            e.body = ConversationEntry::Body::Failed;
            e.error = result.error().message;
        }
    }
    render();
}

void ConversationView::fetch(const QString& messageId) {
    if (!m_fetchBody)
        return;
    m_requested.insert(messageId);
    const quint64 generation = m_generation;
    QPointer<ConversationView> self(this);
    // Continuations run on this widget's thread; `self` guards against the view going
    // away, `generation` against the user having moved on to another thread.
    m_fetchBody(messageId)
        .then(this,
              [self, generation, messageId](const Result<Message>& result) {
                  if (self && self->m_generation == generation)
                      self->applyBody(messageId, result);
              })
        .onCanceled(this, [self, generation, messageId] {
            if (self && self->m_generation == generation)
                self->applyBody(messageId, ProviderError::cancelled());
        });
}

void ConversationView::render() {
    QScrollBar* bar = m_browser->verticalScrollBar();
    const int position = bar->value();
    m_browser->setHtml(conversationHtml(m_entries, palette()));
    bar->setValue(position);
}

QString ConversationView::plainText() const {
    return m_stack->currentIndex() == 0 ? QString()
                                        : m_subject->text() + QLatin1Char('\n') + m_browser->toPlainText();
}

void ConversationView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_entries.isEmpty())
        render();
}

} // namespace tributary::ui
