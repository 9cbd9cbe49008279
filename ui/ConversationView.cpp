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
#include <algorithm>

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
    m_threadBar = new QFrame(page);
    m_threadBar->setObjectName(QStringLiteral("chatThreadBar"));
    auto* threadRow = new QHBoxLayout(m_threadBar);
    threadRow->setContentsMargins(0, 0, 0, 0);
    m_threadBack = new QPushButton(m_threadBar);
    m_threadBack->setObjectName(QStringLiteral("chatThreadBack"));
    m_threadBack->setCursor(Qt::PointingHandCursor);
    m_threadBarText = new QLabel(m_threadBar);
    m_threadBarText->setTextFormat(Qt::PlainText);
    m_threadBarText->setForegroundRole(QPalette::PlaceholderText);
    threadRow->addWidget(m_threadBack);
    threadRow->addWidget(m_threadBarText, 1);
    m_threadBar->hide();
    connect(m_threadBack, &QPushButton::clicked, this, &ConversationView::closeChatThread);
    pageLayout->addWidget(m_threadBar);
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
        if (!m_startAt.isEmpty()) // once the layout that changed the range has placed the groups too
            QMetaObject::invokeMethod(this, &ConversationView::applyChatStart, Qt::QueuedConnection);
        else if (m_followNewest)
            bar->setValue(max);
        else if (m_keepFromBottom >= 0) // older messages came in above: what was read stays put
            bar->setValue(std::max(0, max - m_keepFromBottom));
    });
    connect(bar, &QScrollBar::actionTriggered, this, [this, bar] {
        m_keepFromBottom = -1;
        m_startAt.clear();
        // The action applies after this signal: look once it has.
        QTimer::singleShot(0, this, [this, bar] {
            m_followNewest = bar->value() >= bar->maximum();
            // Scrolled up to the oldest message loaded: a chat pages in older history.
            if (m_kind == ConversationKind::Chat && m_chatThreadKey.isEmpty() && !m_chatChannelId.isEmpty() &&
                bar->maximum() > 0 && bar->value() <= bar->minimum() && !m_askedOlder) {
                m_askedOlder = true;
                emit olderHistoryRequested(m_chatChannelId);
            }
        });
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
    m_keepFromBottom = -1;
    m_startAt.clear();
    m_threadId.clear();
    m_conversation.clear();
    m_chatBodies.clear();
    m_chatChannelId.clear();
    if (!m_chatThreadKey.isEmpty()) {
        m_chatThreadKey.clear();
        emit chatThreadChanged({});
    }
    updateThreadBar();
    m_requested.clear();
    removeContent();
    m_stack->setCurrentIndex(0);
    emit threadShown(QString());
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
        m_chatBodies.clear();
        m_askedOlder = false;
        m_keepFromBottom = -1;
        m_startAt.clear();
        removeContent();
        if (!m_chatThreadKey.isEmpty()) {
            m_chatThreadKey.clear();
            emit chatThreadChanged({});
        }
    }
    m_threadId = thread.id;
    m_kind = thread.kind;
    m_chatChannelId = m_kind == ConversationKind::Chat && thread.channelIds.size() == 1
                          ? thread.channelIds.first()
                          : QString();

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
    emit threadShown(m_threadId);
}

void ConversationView::setTriageWidgets(QWidget* bar, QWidget* notes) {
    static_cast<QVBoxLayout*>(layout())->insertWidget(0, bar);
    auto* page = static_cast<QVBoxLayout*>(m_list->parentWidget()->layout());
    page->insertWidget(page->indexOf(m_list) + 1, notes);
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
    if (sameThread && messages.size() > m_conversation.size()) {
        m_askedOlder = false; // something arrived: the top may be reached again
        // Older history arrived above what is read (not a new message at the bottom): keep it in view.
        QScrollBar* bar = m_scroll->verticalScrollBar();
        if (!m_followNewest && !messages.isEmpty() && !m_conversation.isEmpty() &&
            messages.first().id != m_conversation.first().id)
            m_keepFromBottom = bar->maximum() - bar->value();
    }
    m_conversation = messages;
    QList<Message> shown;
    QHash<QString, chatthreads::Summary> summaries;
    if (!m_chatThreadKey.isEmpty()) {
        shown = chatthreads::thread(messages, m_chatThreadKey);
        if (shown.isEmpty()) { // the thread is gone (deleted): back to its channel
            m_chatThreadKey.clear();
            emit chatThreadChanged({});
        }
    }
    if (m_chatThreadKey.isEmpty()) {
        shown = chatthreads::transcript(messages);
        summaries = chatthreads::summaries(messages);
    }
    updateThreadBar();
    buildChatGroups(shown, summaries);
    if (!sameThread) {
        scrollChatToStart();
    } else if (m_followNewest) {
        m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
    }
}

void ConversationView::buildChatGroups(const QList<Message>& shown,
                                       const QHash<QString, chatthreads::Summary>& summaries) {
    // Keep bodies fetched earlier in this conversation; rebuild the (cheap) bubbles.
    for (ChatGroup* group : std::as_const(m_groups)) {
        m_list->removeWidget(group);
        group->hide();
        group->deleteLater();
    }
    m_groups.clear();
    m_chatMessages.clear();
    QStringList toFetch;
    for (Message m : shown) {
        const auto it = m_chatBodies.constFind(m.id);
        if (it != m_chatBodies.cend()) {
            if (it->snippet == m.snippet) {
                const MessageFlags flags = m.flags;
                m = *it;
                m.flags = flags;
            } else {
                m_chatBodies.remove(m.id); // edited: the text shown so far is old
                m_requested.remove(m.id);
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
            connect(group, &ChatGroup::threadRequested, this, &ConversationView::openChatThread);
            group->setEditable(m_chatEditable);
            m_list->addWidget(group);
            m_groups.append(group);
        }
        const chatthreads::Summary replies = summaries.value(m.id);
        m_groups.last()->addMessage(m, replies.replies, replies.lastReply);
    }
    for (const QString& id : std::as_const(toFetch))
        fetch(id);
}

void ConversationView::scrollChatToStart() {
    // At the first unread message when there is one, else at the newest (the bottom).
    const auto unread = std::find_if(m_chatMessages.cbegin(), m_chatMessages.cend(),
                                     [](const Message& m) { return !m.isRead(); });
    m_keepFromBottom = -1;
    m_startAt.clear();
    QScrollBar* bar = m_scroll->verticalScrollBar();
    if (unread == m_chatMessages.cend()) {
        m_followNewest = true;
        bar->setValue(bar->maximum());
        return;
    }
    // The groups get their places when the layout runs (after this), and move as bodies arrive
    // (the conversation may be rebuilt meanwhile, as it is marked read): the range changes each
    // time, and each time the first unread message is put back at the top, until the user
    // scrolls. Near the bottom, the bottom shows it anyway.
    m_startAt = unread->id;
    m_followNewest = false;
    QMetaObject::invokeMethod(this, &ConversationView::applyChatStart, Qt::QueuedConnection);
}

void ConversationView::applyChatStart() {
    ChatGroup* target = m_startAt.isEmpty() ? nullptr : groupOf(m_startAt);
    if (!target)
        return;
    QScrollBar* bar = m_scroll->verticalScrollBar();
    bar->setValue(std::max(0, target->y() - 12));
    m_followNewest = bar->value() >= bar->maximum();
}

void ConversationView::openChatThread(const QString& messageId) {
    const auto it = std::find_if(m_conversation.cbegin(), m_conversation.cend(),
                                 [&messageId](const Message& m) { return m.id == messageId; });
    if (it == m_conversation.cend() || it->nativeThreadKey.isEmpty() || m_kind != ConversationKind::Chat)
        return;
    m_chatThreadKey = it->nativeThreadKey;
    m_keepFromBottom = -1;
    m_startAt.clear();
    updateThreadBar();
    buildChatGroups(chatthreads::thread(m_conversation, m_chatThreadKey), {});
    // A thread reads from its parent down, like the channel from the newest up.
    m_followNewest = false;
    m_scroll->verticalScrollBar()->setValue(0);
    emit chatThreadChanged(chatThreadParentId());
}

void ConversationView::closeChatThread() {
    if (m_chatThreadKey.isEmpty())
        return;
    const QString key = m_chatThreadKey;
    m_chatThreadKey.clear();
    updateThreadBar();
    buildChatGroups(chatthreads::transcript(m_conversation), chatthreads::summaries(m_conversation));
    // Back where the thread's parent is.
    m_followNewest = false;
    m_keepFromBottom = -1;
    m_startAt.clear();
    const QList<Message> thread = chatthreads::thread(m_conversation, key);
    if (!thread.isEmpty()) {
        const QString parent = thread.first().id;
        const quint64 generation = m_generation;
        QTimer::singleShot(0, this, [this, parent, generation] {
            if (ChatGroup* target = generation == m_generation ? groupOf(parent) : nullptr)
                m_scroll->verticalScrollBar()->setValue(std::max(0, target->y() - 12));
        });
    }
    emit chatThreadChanged({});
}

ChatGroup* ConversationView::groupOf(const QString& messageId) const {
    for (ChatGroup* group : m_groups) {
        if (group->messageIds().contains(messageId))
            return group;
    }
    return nullptr;
}

QString ConversationView::chatThreadParentId() const {
    const QList<Message> messages = chatthreads::thread(m_conversation, m_chatThreadKey);
    return messages.isEmpty() ? QString() : messages.first().id;
}

void ConversationView::updateThreadBar() {
    const bool inThread = m_kind == ConversationKind::Chat && !m_chatThreadKey.isEmpty();
    m_threadBar->setVisible(inThread);
    if (!inThread)
        return;
    const QString where =
        m_channelLabel && !m_chatChannelId.isEmpty() ? m_channelLabel(m_chatChannelId) : QString();
    m_threadBack->setText(where.isEmpty() ? tr("Back to the conversation") : tr("Back to %1").arg(where));
    const qsizetype replies =
        std::max<qsizetype>(0, chatthreads::thread(m_conversation, m_chatThreadKey).size() - 1);
    const QString count = replies == 1 ? tr("1 reply") : tr("%1 replies").arg(replies);
    m_threadBarText->setText(where.isEmpty() ? tr("Thread · %1").arg(count)
                                             : tr("Thread in %1 · %2").arg(where, count));
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
        if (result.ok())
            m_chatBodies.insert(messageId, result.value());
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
