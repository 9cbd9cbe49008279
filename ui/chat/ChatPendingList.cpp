#include "chat/ChatPendingList.h"

#include "compose/ChatSender.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tributary::ui {

ChatPendingList::ChatPendingList(ChatSender* sender, QWidget* parent)
    : QWidget(parent)
    , m_sender(sender) {
    setObjectName(QStringLiteral("chatPending"));
    setAccessibleName(tr("Messages being sent"));
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(48, 0, 0, 0); // under the bubbles, past the avatars
    m_layout->setSpacing(6);
    if (m_sender)
        connect(m_sender, &ChatSender::pendingChanged, this, [this](const QString& key) {
            if (key == m_key)
                rebuild();
        });
    hide();
}

void ChatPendingList::setTargetKey(const QString& key) {
    m_key = key;
    rebuild();
}

QStringList ChatPendingList::lines() const {
    return m_lines;
}

void ChatPendingList::rebuild() {
    while (QLayoutItem* item = m_layout->takeAt(0)) {
        if (QWidget* w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    m_lines.clear();
    const QList<ChatPending> pending =
        m_sender && !m_key.isEmpty() ? m_sender->pending(m_key) : QList<ChatPending>();
    m_count = int(pending.size());
    for (const ChatPending& p : pending) {
        auto* row = new QWidget(this);
        row->setObjectName(QStringLiteral("chatPendingMessage"));
        auto* column = new QVBoxLayout(row);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        auto* text = new QLabel(p.text, row);
        text->setTextFormat(Qt::PlainText);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // Not confirmed yet: shown a little faded, as chat apps do.
        text->setForegroundRole(p.state == OutboxState::Failed ? QPalette::WindowText
                                                               : QPalette::PlaceholderText);
        column->addWidget(text);

        auto* line = new QHBoxLayout;
        line->setSpacing(6);
        auto* status = new QLabel(row);
        status->setObjectName(QStringLiteral("chatPendingStatus"));
        status->setTextFormat(Qt::PlainText);
        status->setWordWrap(true);
        QFont small = status->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        status->setFont(small);
        line->addWidget(status, 1);
        auto button = [&](const QString& label, const QString& name, auto act) {
            auto* b = new QPushButton(label, row);
            b->setObjectName(name);
            b->setCursor(Qt::PointingHandCursor);
            connect(b, &QPushButton::clicked, this, act);
            line->addWidget(b);
        };
        const QString id = p.clientId;
        QPointer<ChatSender> sender = m_sender;
        switch (p.state) {
        case OutboxState::Pending:
            status->setText(p.detail.isEmpty() ? tr("Sending…") : p.detail);
            break;
        case OutboxState::Sending:
            status->setText(tr("Sending…"));
            break;
        case OutboxState::Sent:
            status->setText(tr("Sent"));
            break;
        case OutboxState::Failed:
            status->setText(tr("Not sent: %1").arg(p.detail));
            status->setStyleSheet(QStringLiteral("color: #c62828;"));
            button(tr("Retry"), QStringLiteral("chatRetry"), [sender, id] {
                if (sender)
                    sender->retry(id);
            });
            button(tr("Discard"), QStringLiteral("chatDiscard"), [this, sender, id] {
                if (!sender)
                    return;
                const QString returned = sender->discard(id);
                if (!returned.isEmpty())
                    emit discarded(returned);
            });
            break;
        case OutboxState::Uncertain:
            status->setText(tr("May have been sent: %1").arg(p.detail));
            button(tr("It Was Sent"), QStringLiteral("chatWasSent"), [sender, id] {
                if (sender)
                    sender->confirmSent(id);
            });
            button(tr("Send Again"), QStringLiteral("chatSendAgain"), [sender, id] {
                if (sender)
                    sender->sendAgain(id);
            });
            break;
        }
        column->addLayout(line);
        m_layout->addWidget(row);
        m_lines.append(p.text + QStringLiteral(" — ") + status->text());
    }
    setVisible(m_count > 0);
}

} // namespace tributary::ui
