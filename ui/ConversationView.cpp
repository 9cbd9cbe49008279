#include "ConversationView.h"

#include "cache/ExpandedMessages.h"
#include "html/RemoteContentPolicy.h"
#include "reader/ChatGroup.h"
#include "reader/MessageCard.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {

bool hasBody(const Message& m) {
    return m.bodyLoaded && (!m.text.isEmpty() || !m.html.isEmpty());
}

} // namespace

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

    // Cards sit on the window colour, each on the base colour, like a stack of letters.
    m_scroll = new QScrollArea(m_stack);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setAccessibleName(tr("Messages"));
    auto* page = new QWidget(m_scroll);
    page->setBackgroundRole(QPalette::Window);
    page->setAutoFillBackground(true);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(18, 16, 18, 18);
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
    m_meta->setWordWrap(true);
    m_meta->setForegroundRole(QPalette::PlaceholderText);
    m_meta->setTextFormat(Qt::PlainText);
    m_notice = new QFrame(page);
    m_notice->setObjectName(QStringLiteral("conversationNotice"));
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setBackgroundRole(QPalette::AlternateBase);
    m_notice->setAutoFillBackground(true);
    auto* noticeRow = new QHBoxLayout(m_notice);
    noticeRow->setContentsMargins(12, 6, 8, 6);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setTextFormat(Qt::PlainText);
    m_noticeText->setWordWrap(true);
    m_noticeButton = new QPushButton(m_notice);
    m_noticeButton->setObjectName(QStringLiteral("conversationNoticeButton"));
    m_noticeButton->setCursor(Qt::PointingHandCursor);
    noticeRow->addWidget(m_noticeText, 1);
    noticeRow->addWidget(m_noticeButton);
    m_notice->hide();
    connect(m_noticeButton, &QPushButton::clicked, this, [this] {
        if (m_noticeAction && m_noticeAction->isEnabled())
            m_noticeAction->trigger();
    });
    pageLayout->addWidget(m_notice);
    pageLayout->addSpacing(2);
    pageLayout->addWidget(m_subject);
    pageLayout->addWidget(m_meta);
    pageLayout->addSpacing(10);
    m_list = new QVBoxLayout;
    m_list->setSpacing(8);
    pageLayout->addLayout(m_list);
    m_tailSlot = new QVBoxLayout;
    pageLayout->addLayout(m_tailSlot);
    pageLayout->addStretch(1);
    m_scroll->setWidget(page);
    m_stack->addWidget(m_scroll);

    // A chat opens at its newest message and stays there while bubbles get their heights
    // (and new messages arrive), until the user scrolls away from the bottom.
    QScrollBar* bar = m_scroll->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followNewest)
            bar->setValue(max);
    });
    connect(bar, &QScrollBar::actionTriggered, this, [this, bar] {
        // The action applies after this signal: look once it has.
        QTimer::singleShot(0, this, [this, bar] { m_followNewest = bar->value() >= bar->maximum(); });
    });
}

void ConversationView::setChatBox(QWidget* box) {
    m_chatBox = box;
    layout()->addWidget(box);
    box->setVisible(isShowingChat());
}

void ConversationView::setTranscriptTail(QWidget* tail) {
    m_tail = tail;
    tail->setParent(m_scroll->widget());
    m_tailSlot->addWidget(tail);
}

void ConversationView::setAttachmentFetcher(AttachmentFetcher fetcher) {
    m_fetchAttachment = std::move(fetcher);
}

void ConversationView::setNotice(const QString& text, QAction* action) {
    m_noticeAction = action;
    m_noticeText->setText(text);
    QString label = action ? action->text() : QString();
    label.remove(QLatin1Char('&'));
    m_noticeButton->setText(label);
    m_noticeButton->setVisible(action != nullptr);
    m_notice->setVisible(!text.isEmpty());
}

QString ConversationView::noticeText() const {
    return m_notice->isVisibleTo(m_notice->parentWidget()) ? m_noticeText->text() : QString();
}

void ConversationView::setRemoteContentPolicy(RemoteContentPolicy* policy) {
    m_policy = policy;
}

void ConversationView::clear() {
    ++m_generation;
    m_followNewest = false;
    m_threadId.clear();
    m_requested.clear();
    removeContent();
    m_stack->setCurrentIndex(0);
    if (m_chatBox)
        m_chatBox->hide();
}

void ConversationView::removeContent() {
    // Later, not now: a card may be in the middle of one of its own signals.
    const auto drop = [this](QWidget* w) {
        m_list->removeWidget(w);
        w->hide();
        w->deleteLater();
    };
    for (QWidget* w : std::as_const(m_cards))
        drop(w);
    for (QWidget* w : std::as_const(m_groups))
        drop(w);
    m_cards.clear();
    m_groups.clear();
    m_chatMessages.clear();
}

void ConversationView::showThread(const Thread& thread, const QList<Message>& messages) {
    const bool sameThread = thread.id == m_threadId && !m_threadId.isEmpty();
    if (!sameThread) {
        ++m_generation;
        m_requested.clear();
        removeContent();
    }
    m_threadId = thread.id;
    m_kind = thread.kind;

    const QString where = m_kind == ConversationKind::Chat && m_channelLabel && !thread.channelIds.isEmpty()
                              ? m_channelLabel(thread.channelIds.first())
                              : QString();
    if (!where.isEmpty())
        m_subject->setText(where);
    else if (thread.subject.isEmpty())
        m_subject->setText(m_kind == ConversationKind::Email ? tr("(no subject)") : QString());
    else
        m_subject->setText(thread.subject);
    QStringList people;
    for (const Participant& p : thread.participants)
        people.append(p.label());
    const QString count = messages.size() == 1 ? tr("1 message") : tr("%1 messages").arg(messages.size());
    m_meta->setText(people.isEmpty() ? count
                                     : count + QStringLiteral(" · ") + people.join(QStringLiteral(", ")));
    m_subject->setVisible(m_kind == ConversationKind::Email || !m_subject->text().isEmpty());
    m_stack->setCurrentIndex(1);

    if (m_chatBox)
        m_chatBox->setVisible(m_kind == ConversationKind::Chat);
    if (m_kind == ConversationKind::Chat) {
        showChat(messages, sameThread);
    } else {
        m_followNewest = false;
        showEmail(messages, sameThread);
    }
}

void ConversationView::setExpandedMessages(ExpandedMessages* memory) {
    m_memory = memory;
}

MessageCard* ConversationView::createCard(const Message& envelope) {
    auto* card = new MessageCard(
        envelope,
        [this](MessageReader* reader) {
            reader->setAttachmentFetcher(m_fetchAttachment);
            reader->setRemoteContentPolicy(m_policy);
        },
        m_scroll->widget());
    connect(card, &MessageCard::expandedChanged, this, [this, card](bool expanded) {
        if (expanded && card->bodyState() == MessageCard::BodyState::Loading &&
            !m_requested.contains(card->messageId()))
            fetch(card->messageId());
    });
    connect(card, &MessageCard::expandedByUser, this, [this, card](bool expanded) {
        if (m_memory)
            m_memory->remember(card->messageId(), expanded);
    });
    connect(card, &MessageCard::linkActivated, this, &ConversationView::linkActivated);
    connect(card, &MessageCard::saveAttachmentRequested, this, &ConversationView::saveAttachmentRequested);
    if (hasBody(envelope))
        card->setBody(envelope);
    return card;
}

void ConversationView::showEmail(const QList<Message>& messages, bool sameThread) {
    QHash<QString, MessageCard*> existing;
    for (MessageCard* card : std::as_const(m_cards))
        existing.insert(card->messageId(), card);
    QList<MessageCard*> ordered;
    QList<MessageCard*> added;
    for (const Message& m : messages) {
        MessageCard* card = existing.take(m.id);
        if (card) {
            card->setEnvelope(m);
        } else {
            card = createCard(m);
            added.append(card);
        }
        ordered.append(card);
    }
    for (MessageCard* gone : std::as_const(existing)) {
        m_list->removeWidget(gone);
        gone->hide();
        gone->deleteLater();
    }
    for (MessageCard* card : std::as_const(ordered))
        m_list->removeWidget(card);
    for (qsizetype i = 0; i < ordered.size(); ++i)
        m_list->insertWidget(int(i), ordered[i]);
    m_cards = ordered;

    // Open: the newest message and the unread ones (the newest few, so a long unread thread
    // does not start with dozens of readers). A refresh opens only what is new.
    QList<MessageCard*> toExpand;
    for (MessageCard* card : std::as_const(m_cards)) {
        const bool candidate = !sameThread || added.contains(card);
        if (candidate && !card->message().isRead())
            toExpand.append(card);
    }
    if (toExpand.size() > kMaxInitiallyExpanded)
        toExpand = toExpand.mid(toExpand.size() - kMaxInitiallyExpanded);
    if (!m_cards.isEmpty() && (!sameThread || added.contains(m_cards.last())) &&
        !toExpand.contains(m_cards.last()))
        toExpand.append(m_cards.last());
    // What the user chose for a message last time wins over the default.
    if (m_memory) {
        for (MessageCard* card : std::as_const(m_cards)) {
            if (sameThread && !added.contains(card))
                continue;
            if (const std::optional<bool> chosen = m_memory->isExpanded(card->messageId())) {
                toExpand.removeOne(card);
                if (*chosen)
                    toExpand.append(card);
            }
        }
    }
    for (MessageCard* card : std::as_const(toExpand))
        card->setExpanded(true); // fetches the body through expandedChanged
    for (MessageCard* card : std::as_const(m_cards)) {
        card->show();
        if (card->isExpanded() && card->bodyState() == MessageCard::BodyState::Loading &&
            !m_requested.contains(card->messageId()))
            fetch(card->messageId());
    }
    if (!sameThread && !toExpand.isEmpty())
        scrollToCard(toExpand.first());
}

void ConversationView::showChat(const QList<Message>& messages, bool sameThread) {
    // Keep bodies fetched earlier in this thread; rebuild the (cheap) bubbles.
    QHash<QString, Message> known;
    for (const Message& m : std::as_const(m_chatMessages))
        known.insert(m.id, m);
    for (ChatGroup* group : std::as_const(m_groups)) {
        m_list->removeWidget(group);
        group->hide();
        group->deleteLater();
    }
    m_groups.clear();
    m_chatMessages.clear();
    QStringList toFetch;
    for (Message m : messages) {
        const auto it = known.constFind(m.id);
        if (it != known.cend() && hasBody(*it)) {
            if (it->snippet == m.snippet) {
                const MessageFlags flags = m.flags;
                m = *it;
                m.flags = flags;
            } else {
                m_requested.remove(m.id); // edited: the text shown so far is old
            }
        }
        m_chatMessages.append(m);
        if (m.text.isEmpty() && !hasBody(m) && !m_requested.contains(m.id))
            toFetch.append(m.id);
        if (m_groups.isEmpty() || !m_groups.last()->accepts(m)) {
            auto* group = new ChatGroup(m.author, m_scroll->widget());
            connect(group, &ChatGroup::linkActivated, this, &ConversationView::linkActivated);
            connect(group, &ChatGroup::editRequested, this, &ConversationView::editMessageRequested);
            connect(group, &ChatGroup::deleteRequested, this, &ConversationView::deleteMessageRequested);
            group->setEditable(m_chatEditable);
            m_list->addWidget(group);
            m_groups.append(group);
        }
        m_groups.last()->addMessage(m);
    }
    if (!sameThread)
        m_followNewest = true;
    if (m_followNewest)
        m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
    for (const QString& id : std::as_const(toFetch))
        fetch(id);
}

void ConversationView::scrollToCard(MessageCard* card) {
    QPointer<MessageCard> target(card);
    QPointer<QScrollArea> scroll(m_scroll);
    // After the layout has placed the cards.
    QTimer::singleShot(0, this, [target, scroll] {
        if (target && scroll)
            scroll->verticalScrollBar()->setValue(std::max(0, target->y() - 12));
    });
}

void ConversationView::applyBody(const QString& messageId, const Result<Message>& result) {
    if (m_kind == ConversationKind::Chat) {
        for (Message& m : m_chatMessages) {
            if (m.id != messageId || !result.ok())
                continue;
            const MessageFlags flags = m.flags;
            m = result.value();
            m.flags = flags;
            for (ChatGroup* group : std::as_const(m_groups)) {
                if (group->updateMessage(m))
                    break;
            }
        }
        return;
    }
    for (MessageCard* card : std::as_const(m_cards)) {
        if (card->messageId() != messageId)
            continue;
        if (result.ok())
            card->setBody(result.value());
        else
            card->setBodyFailed(result.error().message);
    }
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

QString ConversationView::plainText() const {
    if (m_stack->currentIndex() == 0)
        return {};
    QStringList parts{m_subject->text()};
    for (const MessageCard* card : m_cards)
        parts.append(card->plainText());
    for (const ChatGroup* group : m_groups)
        parts.append(group->plainText());
    return parts.join(QStringLiteral("\n\n"));
}

void ConversationView::expandAll() {
    for (MessageCard* card : std::as_const(m_cards)) {
        card->setExpanded(true);
        if (m_memory)
            m_memory->remember(card->messageId(), true);
    }
}

void ConversationView::collapseAll() {
    for (MessageCard* card : std::as_const(m_cards)) {
        card->setExpanded(false);
        if (m_memory)
            m_memory->remember(card->messageId(), false);
    }
}

} // namespace tributary::ui
