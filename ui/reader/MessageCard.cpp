#include "MessageCard.h"

#include "Avatar.h"
#include "ConversationHtml.h"
#include "ElidedLabel.h"
#include "Icons.h"
#include "MessageReader.h"
#include "PlainText.h"
#include "TimeFormat.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>

namespace tributary::ui {

namespace {

constexpr int kChipsPerRow = 3;

QString names(const QList<Participant>& people) {
    QStringList list;
    for (const Participant& p : people)
        list.append(p.label());
    return list.join(QStringLiteral(", "));
}

//! The bundled monochrome icon in `colour`, so it reads on light and dark buttons alike.
QIcon tinted(const QIcon& icon, const QColor& colour) {
    QPixmap pixmap = icon.pixmap(QSize(16, 16), 2.0);
    QPainter p(&pixmap);
    p.setCompositionMode(QPainter::CompositionMode_SourceIn);
    p.fillRect(pixmap.rect(), colour);
    p.end();
    return QIcon(pixmap);
}

QDateTime shownTime(const Message& m) {
    return m.sentAt.isValid() ? m.sentAt : m.activityAt();
}

} // namespace

MessageCard::MessageCard(const Message& envelope, ReaderSetup setup, QWidget* parent)
    : QFrame(parent)
    , m_setup(std::move(setup))
    , m_message(envelope) {
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(14, 10, 14, 10);
    outer->setSpacing(10);

    m_header = new QWidget(this);
    m_header->setCursor(Qt::PointingHandCursor);
    m_header->installEventFilter(this);
    auto* header = new QHBoxLayout(m_header);
    header->setContentsMargins(0, 0, 0, 0);
    header->setSpacing(10);
    m_avatar = new Avatar(envelope.author.displayName, envelope.author.address, 32, m_header);
    header->addWidget(m_avatar, 0, Qt::AlignTop);

    auto* lines = new QVBoxLayout;
    lines->setSpacing(1);
    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    m_name = new QLabel(m_header);
    m_name->setTextFormat(Qt::PlainText);
    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_address = new QLabel(m_header);
    m_address->setTextFormat(Qt::PlainText);
    m_address->setForegroundRole(QPalette::PlaceholderText);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_snippet = new ElidedLabel(m_header);
    m_snippet->setForegroundRole(QPalette::PlaceholderText);
    top->addWidget(m_name);
    top->addWidget(m_address);
    top->addWidget(m_snippet, 100);
    top->addStretch(1); // keeps name and address together when the snippet is hidden
    m_recipients = new ElidedLabel(m_header);
    m_recipients->setForegroundRole(QPalette::PlaceholderText);
    lines->addLayout(top);
    lines->addWidget(m_recipients);
    header->addLayout(lines, 1);

    m_time = new QLabel(m_header);
    m_time->setTextFormat(Qt::PlainText);
    m_time->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(m_time, 0, Qt::AlignTop);
    m_plainToggle = new QToolButton(m_header);
    m_plainToggle->setAutoRaise(true);
    m_plainToggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_plainToggle->hide();
    header->addWidget(m_plainToggle, 0, Qt::AlignTop);
    outer->addWidget(m_header);

    m_body = new QWidget(this);
    m_bodyLayout = new QVBoxLayout(m_body);
    m_bodyLayout->setContentsMargins(42, 0, 0, 0); // aligned with the sender's name
    m_bodyLayout->setSpacing(8);
    m_status = new QLabel(m_body);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_bodyLayout->addWidget(m_status);
    outer->addWidget(m_body);

    m_chips = new QWidget(this);
    auto* chipRows = new QVBoxLayout(m_chips);
    chipRows->setContentsMargins(42, 0, 0, 0);
    chipRows->setSpacing(6);
    outer->addWidget(m_chips);

    updateHeader();
    updateBody();
}

void MessageCard::setEnvelope(const Message& envelope) {
    m_message.flags = envelope.flags;
    if (m_state == BodyState::Loading)
        m_message = envelope;
    updateHeader();
}

void MessageCard::setBody(const Message& message) {
    const MessageFlags flags = m_message.flags; // the envelope's flags are newer than the fetch's
    m_message = message;
    m_message.flags = flags;
    m_state = BodyState::Loaded;
    updateHeader();
    updateBody();
}

void MessageCard::setBodyFailed(const QString& error) {
    m_state = BodyState::Failed;
    m_error = error;
    updateBody();
}

void MessageCard::setExpanded(bool expanded) {
    if (expanded == m_expanded)
        return;
    m_expanded = expanded;
    updateHeader();
    updateBody();
    emit expandedChanged(expanded);
}

QString MessageCard::snippet() const {
    if (!m_message.snippet.isEmpty())
        return m_message.snippet;
    if (m_state == BodyState::Loaded)
        return makeSnippet(m_reader ? m_reader->plainText() : m_message.text);
    return {};
}

void MessageCard::updateHeader() {
    const Message& m = m_message;
    m_name->setText(m.author.label().isEmpty() ? tr("(unknown sender)") : m.author.label());
    m_address->setText(!m.author.displayName.isEmpty() && !m.author.address.isEmpty()
                           ? QLatin1Char('<') + m.author.address + QLatin1Char('>')
                           : QString());
    m_address->setVisible(m_expanded && !m_address->text().isEmpty());
    m_snippet->setFullText(snippet());
    m_snippet->setVisible(!m_expanded);
    QString recipients;
    if (!m.to.isEmpty())
        recipients = tr("to %1").arg(names(m.to));
    if (!m.cc.isEmpty())
        recipients +=
            (recipients.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("cc %1").arg(names(m.cc));
    m_recipients->setFullText(recipients);
    m_recipients->setVisible(m_expanded && !recipients.isEmpty());
    const QDateTime when = shownTime(m);
    m_time->setText(m_expanded ? fullTime(when) : listTime(when));
    m_time->setToolTip(fullTime(when));
    m_avatar->setFixedSize(m_expanded ? QSize(32, 32) : QSize(24, 24));
    // Collapsed, the card is one line: everything centred on it.
    const Qt::Alignment align = m_expanded ? Qt::AlignTop : Qt::AlignVCenter;
    m_header->layout()->setAlignment(m_time, align);
    m_header->layout()->setAlignment(m_avatar, align);
    QFont nameFont = m_name->font();
    nameFont.setBold(m_expanded || !m.isRead());
    m_name->setFont(nameFont);
    setAccessibleName(tr("Message from %1, %2%3")
                          .arg(m.author.label(), fullTime(when), m.isRead() ? QString() : tr(", unread")));
    setAccessibleDescription(m_expanded ? tr("Expanded. Press Enter to collapse.")
                                        : tr("Collapsed. Press Enter to expand."));
    update();
}

void MessageCard::updateBody() {
    const bool showBody = m_expanded;
    m_body->setVisible(showBody);
    if (!showBody) {
        m_chips->hide();
        m_plainToggle->hide();
        return;
    }
    switch (m_state) {
    case BodyState::Loading:
        m_status->setText(m_message.snippet.isEmpty() ? tr("Loading…")
                                                      : m_message.snippet + QStringLiteral(" …"));
        m_status->show();
        break;
    case BodyState::Failed:
        m_status->setText(tr("This message could not be loaded: %1").arg(m_error));
        m_status->show();
        break;
    case BodyState::Loaded:
        m_status->hide();
        if (!m_reader) {
            m_reader = new MessageReader(m_body);
            if (m_setup)
                m_setup(m_reader);
            connect(m_reader, &MessageReader::linkActivated, this, &MessageCard::linkActivated);
            connect(m_reader, &MessageReader::contentReady, this, &MessageCard::rebuildChips);
            m_bodyLayout->addWidget(m_reader);
            m_plainToggle->setDefaultAction(m_reader->plainTextAction());
        }
        m_reader->setMessage(m_message);
        break;
    }
    m_plainToggle->setVisible(m_reader && m_reader->hasHtml() && m_state == BodyState::Loaded);
    rebuildChips();
}

void MessageCard::rebuildChips() {
    QList<Attachment> shown;
    const QStringList inlineShown = m_reader && m_reader->hasHtml() && !m_reader->plainTextMode()
                                        ? m_reader->shownContentIds()
                                        : QStringList();
    for (const Attachment& a : std::as_const(m_message.attachments)) {
        QString cid = a.contentId;
        cid.remove(QLatin1Char('<')).remove(QLatin1Char('>'));
        const bool shownInBody =
            a.isInline && !cid.isEmpty() && inlineShown.contains(cid, Qt::CaseInsensitive);
        if (shownInBody || (a.isInline && a.fileName.isEmpty()))
            continue;
        shown.append(a);
    }
    qDeleteAll(m_chips->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    m_chipButtons.clear();
    auto* rows = static_cast<QVBoxLayout*>(m_chips->layout());
    while (QLayoutItem* item = rows->takeAt(0))
        delete item; // a row layout; its chips are gone already
    QHBoxLayout* row = nullptr;
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const Attachment& a = shown[i];
        if (i % kChipsPerRow == 0) {
            row = new QHBoxLayout;
            row->setSpacing(6);
            rows->addLayout(row);
        }
        const QString name = a.fileName.isEmpty() ? tr("Unnamed attachment") : a.fileName;
        const QString size = attachmentSizeText(a.size);
        auto* chip = new QToolButton(m_chips);
        chip->setObjectName(QStringLiteral("attachmentChip"));
        chip->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        chip->setIcon(
            tinted(icons::bundled(QStringLiteral("attachment")), palette().color(QPalette::ButtonText)));
        // The sender chose the name: shown as written, never as markup or a shortcut.
        chip->setText(plainButtonText(size.isEmpty() ? name : name + QStringLiteral("  ·  ") + size));
        chip->setToolTip(plainToolTip(tr("Save %1…").arg(name)));
        chip->setAccessibleName(tr("Save attachment %1").arg(name));
        chip->setFocusPolicy(Qt::StrongFocus);
        connect(chip, &QToolButton::clicked, this,
                [this, id = a.id, name] { emit saveAttachmentRequested(m_message.id, id, name); });
        row->addWidget(chip);
        m_chipButtons.append(chip);
        if (i % kChipsPerRow == kChipsPerRow - 1 || i == shown.size() - 1)
            row->addStretch(1);
    }
    m_chips->setVisible(m_expanded && !shown.isEmpty());
}

QString MessageCard::plainText() const {
    QString text = m_message.author.label() + QStringLiteral(" · ") + fullTime(shownTime(m_message));
    if (!m_expanded) {
        const QString s = snippet();
        return s.isEmpty() ? text : text + QLatin1Char('\n') + s;
    }
    if (!m_recipients->fullText().isEmpty())
        text += QLatin1Char('\n') + m_recipients->fullText();
    if (m_state == BodyState::Loaded && m_reader)
        text += QLatin1Char('\n') + m_reader->plainText();
    else
        text += QLatin1Char('\n') + m_status->text();
    for (const QToolButton* chip : m_chipButtons)
        text += QLatin1Char('\n') + QString(chip->text()).replace(QStringLiteral("&&"), QStringLiteral("&"));
    return text;
}

bool MessageCard::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_header && event->type() == QEvent::MouseButtonRelease) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        // A click on the header toggles, unless it was the end of selecting the address.
        if (mouse->button() == Qt::LeftButton && !m_address->hasSelectedText()) {
            setFocus(Qt::MouseFocusReason);
            toggleByUser(!m_expanded);
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

void MessageCard::toggleByUser(bool expanded) {
    if (expanded == m_expanded)
        return;
    setExpanded(expanded);
    emit expandedByUser(expanded);
}

void MessageCard::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        toggleByUser(!m_expanded);
        return;
    case Qt::Key_Right:
        toggleByUser(true);
        return;
    case Qt::Key_Left:
        toggleByUser(false);
        return;
    default:
        QFrame::keyPressEvent(event);
    }
}

void MessageCard::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    QPainterPath path;
    path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    p.fillPath(path, pal.color(QPalette::Base));
    QColor border = hasFocus() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid);
    if (!hasFocus())
        border.setAlphaF(0.45f);
    p.setPen(QPen(border, hasFocus() ? 1.5 : 1.0));
    p.drawPath(path);
    if (!m_message.isRead()) {
        // Unread: a short accent bar at the left edge, as in the thread list.
        p.setPen(Qt::NoPen);
        p.setBrush(pal.color(QPalette::Highlight));
        p.drawRoundedRect(QRectF(3, 12, 3, 18), 1.5, 1.5);
    }
}

void MessageCard::focusInEvent(QFocusEvent* event) {
    QFrame::focusInEvent(event);
    update();
}

void MessageCard::focusOutEvent(QFocusEvent* event) {
    QFrame::focusOutEvent(event);
    update();
}

void MessageCard::changeEvent(QEvent* event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        rebuildChips(); // the chips' icon follows the text colour
        update();
    }
}

} // namespace tributary::ui
