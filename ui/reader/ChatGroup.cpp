#include "ChatGroup.h"

#include "Avatar.h"
#include "ChatHtml.h"
#include "ConversationHtml.h"
#include "TimeFormat.h"

#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QTextDocument>
#include <cmath>

namespace tributary::ui {

namespace {

constexpr qint64 kGroupGapSecs = 10 * 60; // a pause this long starts a new group
constexpr int kMaxBubbleWidth = 520;

//! A message bubble: a label on a rounded tint of the text colour, so it works in both themes.
class Bubble : public QLabel {
public:
    explicit Bubble(QWidget* parent)
        : QLabel(parent) {
        setWordWrap(true);
        setTextFormat(Qt::RichText);
        setTextInteractionFlags(Qt::TextBrowserInteraction);
        setOpenExternalLinks(false);
        setContentsMargins(10, 6, 10, 6);
        setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
    }

    //! As wide as the text wants, up to a comfortable line length; the layout narrows it further.
    QSize sizeHint() const override {
        QTextDocument doc;
        doc.setDefaultFont(font());
        doc.setHtml(text());
        doc.setTextWidth(kMaxBubbleWidth);
        const QMargins m = contentsMargins();
        const int width = int(std::ceil(doc.idealWidth())) + m.left() + m.right() + 2;
        return {width, heightForWidth(width)};
    }

protected:
    void paintEvent(QPaintEvent* event) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        QColor tint = palette().color(QPalette::Text);
        tint.setAlphaF(0.07f);
        QPainterPath path;
        path.addRoundedRect(QRectF(rect()), 10, 10);
        p.fillPath(path, tint);
        p.end();
        QLabel::paintEvent(event);
    }
};

QDateTime timeOf(const Message& m) {
    return m.sentAt.isValid() ? m.sentAt : m.activityAt();
}

} // namespace

ChatGroup::ChatGroup(const Participant& author, QWidget* parent)
    : QWidget(parent)
    , m_author(author) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(10);
    row->addWidget(new Avatar(author.displayName, author.address, 32, this), 0, Qt::AlignTop);
    m_column = new QVBoxLayout;
    m_column->setSpacing(3);
    auto* header = new QHBoxLayout;
    header->setSpacing(8);
    auto* name = new QLabel(author.label().isEmpty() ? tr("(unknown)") : author.label(), this);
    name->setTextFormat(Qt::PlainText);
    QFont bold = name->font();
    bold.setBold(true);
    name->setFont(bold);
    m_time = new QLabel(this);
    m_time->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(name);
    header->addWidget(m_time);
    header->addStretch(1);
    m_column->addLayout(header);
    row->addLayout(m_column, 1);
    setAccessibleName(tr("Messages from %1").arg(author.label()));
}

bool ChatGroup::accepts(const Message& message) const {
    const bool sameAuthor = !message.author.address.isEmpty()
                                ? message.author.address.compare(m_author.address, Qt::CaseInsensitive) == 0
                                : message.author.label() == m_author.label();
    const QDateTime when = timeOf(message);
    const bool close = !m_lastTime.isValid() || !when.isValid() || m_lastTime.secsTo(when) < kGroupGapSecs;
    return sameAuthor && close;
}

QString ChatGroup::textOf(const Message& m) {
    const QString text = m.text.trimmed();
    return text.isEmpty() ? m.snippet : text;
}

void ChatGroup::fillBubble(QLabel* bubble, const Message& message) {
    const QString text = textOf(message);
    const QColor dim = palette().color(QPalette::PlaceholderText);
    // The formatted body where the account has one (bold, code, quotes…), else the text.
    if (!message.html.trimmed().isEmpty())
        bubble->setText(chatBubbleHtml(message.html, palette()));
    else if (!text.isEmpty())
        bubble->setText(chatTextHtml(text, palette()));
    else
        bubble->setText(QStringLiteral("<i style=\"color:%1\">%2</i>").arg(dim.name(), tr("…")));
    bubble->setToolTip(fullTime(timeOf(message)));
    bubble->setAccessibleName(tr("%1 at %2: %3").arg(m_author.label(), fullTime(timeOf(message)), text));
}

void ChatGroup::addMessage(const Message& message, int replies, const QDateTime& lastReply) {
    if (m_ids.isEmpty()) {
        // Today: the time; earlier: the day and the time, since a chat is read by the minute.
        const QDateTime when = timeOf(message);
        const bool today = when.isValid() && when.toLocalTime().date() == QDate::currentDate();
        m_time->setText(today ? listTime(when) : fullTime(when));
    }
    auto* bubble = new Bubble(this);
    fillBubble(bubble, message);
    connect(bubble, &QLabel::linkActivated, this,
            [this](const QString& link) { emit linkActivated(QUrl(link)); });
    bubble->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(bubble, &QWidget::customContextMenuRequested, this,
            [this, bubble](const QPoint& at) { showMenu(bubble, at); });
    auto* line = new QHBoxLayout;
    line->setContentsMargins(0, 0, 0, 0);
    line->addWidget(bubble);
    line->addStretch(1); // bubbles are as wide as their text, not the pane
    m_column->addLayout(line);
    if (replies > 0) {
        // Under the parent, like Slack: the thread opens from here, its replies stay out of the channel.
        auto* link = new QLabel(this);
        link->setObjectName(QStringLiteral("threadReplies"));
        link->setTextFormat(Qt::RichText);
        link->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        link->setCursor(Qt::PointingHandCursor);
        const QString count = replies == 1 ? tr("1 reply") : tr("%1 replies").arg(replies);
        const QString last = lastReply.isValid() ? tr("Last reply %1").arg(listTime(lastReply)) : QString();
        const QColor dim = palette().color(QPalette::PlaceholderText);
        link->setText(QStringLiteral("<a href=\"thread:\" style=\"text-decoration:none\"><b>%1</b></a>"
                                     "&nbsp;&nbsp;<span style=\"color:%2\">%3</span>")
                          .arg(count.toHtmlEscaped(), dim.name(), last.toHtmlEscaped()));
        link->setAccessibleName(last.isEmpty() ? count : tr("%1, %2").arg(count, last));
        link->setToolTip(tr("Open the thread"));
        const QString id = message.id;
        connect(link, &QLabel::linkActivated, this, [this, id] { emit threadRequested(id); });
        m_column->addWidget(link);
    }
    m_ids.append(message.id);
    m_messages.append(message);
    m_bubbles.append(bubble);
    if (timeOf(message).isValid())
        m_lastTime = timeOf(message);
}

bool ChatGroup::updateMessage(const Message& message) {
    const qsizetype i = m_ids.indexOf(message.id);
    if (i < 0)
        return false;
    m_messages[i] = message;
    fillBubble(m_bubbles[i], message);
    return true;
}

QMenu* ChatGroup::createContextMenu(const QString& messageId, QWidget* parent) {
    const qsizetype i = m_ids.indexOf(messageId);
    if (i < 0)
        return nullptr;
    const Message& message = m_messages.at(i);
    auto* menu = new QMenu(parent);
    const QString text = textOf(message);
    menu->addAction(tr("Copy Text"), this, [text] { QGuiApplication::clipboard()->setText(text); });
    if (m_bubbles.at(i)->hasSelectedText()) {
        const QString selected = m_bubbles.at(i)->selectedText();
        menu->addAction(tr("Copy Selection"), this,
                        [selected] { QGuiApplication::clipboard()->setText(selected); });
    }
    if (m_editable && m_editable(message)) {
        menu->addSeparator();
        const QString id = message.id;
        QAction* edit =
            menu->addAction(tr("Edit Message…"), this, [this, id, text] { emit editRequested(id, text); });
        edit->setObjectName(QStringLiteral("editMessage"));
        QAction* del = menu->addAction(tr("Delete Message…"), this, [this, id] { emit deleteRequested(id); });
        del->setObjectName(QStringLiteral("deleteMessage"));
    }
    return menu;
}

void ChatGroup::showMenu(QLabel* bubble, const QPoint& at) {
    const qsizetype i = m_bubbles.indexOf(bubble);
    if (i < 0)
        return;
    QMenu* menu = createContextMenu(m_ids.at(i), this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(bubble->mapToGlobal(at));
}

QString ChatGroup::plainText() const {
    QStringList lines;
    for (const Message& m : m_messages)
        lines.append(m_author.label() + QStringLiteral(": ") + textOf(m));
    return lines.join(QLatin1Char('\n'));
}

void ChatGroup::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (qsizetype i = 0; i < m_bubbles.size(); ++i)
            fillBubble(m_bubbles[i], m_messages[i]);
    }
}

} // namespace tributary::ui
