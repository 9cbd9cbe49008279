#include "compose/ComposerWindow.h"

#include "Icons.h"
#include "cache/ViewStateCache.h"
#include "compose/AttachmentTray.h"
#include "compose/ComposeIcons.h"
#include "compose/ComposerBody.h"
#include "compose/DraftAutosaver.h"
#include "compose/FormatBar.h"
#include "compose/RecipientEdit.h"
#include "inbox/InboxStore.h"
#include "model/Addresses.h"
#include "sync/SyncController.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QUuid>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {

constexpr int kSideMargin = 16;
constexpr int kCaptionWidth = 64;

//! One line of the header (caption, field, extras) over a hairline, as mail composers draw it.
class HeaderRow : public QWidget {
public:
    HeaderRow(const QString& caption, QWidget* field, QWidget* parent, bool stretchField = true)
        : QWidget(parent)
        , m_layout(new QHBoxLayout(this)) {
        auto* label = new QLabel(caption, this);
        QPalette dim = label->palette();
        dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
        label->setPalette(dim);
        label->setFixedWidth(kCaptionWidth);
        label->setBuddy(field);
        m_layout->setContentsMargins(0, 5, 0, 5);
        m_layout->setSpacing(6);
        m_layout->addWidget(label);
        m_layout->addWidget(field, stretchField ? 1 : 0);
        if (!stretchField)
            m_layout->addStretch(1);
    }

    void addTrailing(QWidget* widget) { m_layout->addWidget(widget); }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        QColor line = palette().color(QPalette::Mid);
        line.setAlpha(70);
        p.setPen(line);
        p.drawLine(0, height() - 1, width(), height() - 1);
    }

private:
    QHBoxLayout* m_layout;
};

QToolButton* toggleButton(const QString& text, const QString& accessible, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setAutoRaise(true);
    b->setCursor(Qt::PointingHandCursor);
    b->setAccessibleName(accessible);
    b->setToolTip(accessible);
    b->setFocusPolicy(Qt::TabFocus);
    return b;
}

//! The From entry of an identity: "Name <address>" for mail, the user's name for chat (the
//! address is a user id there), then the account when its name adds something.
QString identityLabel(const Identity& identity, const Account& account, bool chat) {
    QString label;
    if (chat)
        label = identity.displayName.isEmpty() ? identity.address : identity.displayName;
    else if (!identity.address.isEmpty())
        label = formatAddress(Participant{identity.address, identity.displayName, {}});
    if (label.isEmpty())
        return account.displayName.isEmpty() ? account.id : account.displayName;
    if (!account.displayName.isEmpty() && account.displayName != identity.address &&
        account.displayName != identity.displayName)
        label += QStringLiteral("  ·  ") + account.displayName;
    return label;
}

//! Item data of a From entry: the account (Qt::UserRole, what accountId() answers) and the
//! address of the identity it sends as (empty: the provider reported none yet).
constexpr int kIdentityRole = Qt::UserRole + 1;

QIcon colourDot(const QColor& colour) {
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour.isValid() ? colour : QColor(0x8a, 0x8f, 0x98));
    p.drawEllipse(QRectF(4, 4, 8, 8));
    return QIcon(pixmap);
}

} // namespace

ComposerWindow::ComposerWindow(const ComposerServices& services, QWidget* parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_clientId(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    setAttribute(Qt::WA_DeleteOnClose, false);
    setWindowFlag(Qt::Window);
    setAccessibleName(tr("Compose message"));
    setAcceptDrops(true);
    setWindowIcon(icons::application());
    buildUi();
    if (m_services.outbox)
        connect(m_services.outbox, &Outbox::stateChanged, this, &ComposerWindow::onOutboxState);
    startAutosave();
    resize(760, 620);
    applyPhase();
}

ComposerWindow::~ComposerWindow() = default;

QTextEdit* ComposerWindow::bodyEdit() const {
    return m_body;
}

void ComposerWindow::buildUi() {
    buildToolBar();

    auto* central = new QWidget(this);
    central->setAutoFillBackground(true);
    central->setBackgroundRole(QPalette::Base);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(buildBanner());
    column->addWidget(buildHeader());

    m_body = new ComposerBody(central);
    m_body->setFrameShape(QFrame::NoFrame);
    m_body->document()->setDocumentMargin(kSideMargin);
    m_body->setAcceptRichText(false);
    m_body->setPlaceholderText(tr("Write your message…"));
    connect(m_body, &QTextEdit::textChanged, this, [this] {
        if (!m_filling)
            noteEdited();
    });
    connect(m_body, &ComposerBody::filesDropped, this, &ComposerWindow::attachFiles);

    m_formatBar = new FormatBar(m_body, central);
    m_formatBar->setStyleSheet(
        QStringLiteral("QToolBar#FormatBar { border: none; padding: 0px; padding-left: %1px;"
                       " border-bottom: 1px solid rgba(128, 128, 128, 0.25); }")
            .arg(kSideMargin - 8));
    m_formatBar->setVisible(false);
    column->addWidget(m_formatBar);
    column->addWidget(m_body, 1);

    m_tray = new AttachmentTray(central);
    m_tray->layout()->setContentsMargins(kSideMargin, 8, kSideMargin, 12);
    // Bytes arriving later (a file read, a forwarded attachment) are not an edit by
    // themselves, but a draft already being saved must carry them.
    connect(m_tray, &AttachmentTray::changed, this, [this] {
        if (m_edited && !m_filling)
            noteEdited();
        else
            updateSendEnabled();
    });
    connect(m_tray, &AttachmentTray::removedByUser, this, &ComposerWindow::noteEdited);
    column->addWidget(m_tray);
    setCentralWidget(central);

    buildStatusBar();

    // Files dropped on a field become attachments too, not text in the field.
    for (QWidget* w : {static_cast<QWidget*>(m_to), static_cast<QWidget*>(m_cc), static_cast<QWidget*>(m_bcc),
                       static_cast<QWidget*>(m_subject)})
        w->installEventFilter(this);

    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_cc);
    setTabOrder(m_cc, m_bcc);
    setTabOrder(m_bcc, m_subject);
    setTabOrder(m_subject, m_body);
}

void ComposerWindow::buildToolBar() {
    auto* bar = new QToolBar(tr("Compose"), this);
    bar->setObjectName(QStringLiteral("ComposeToolBar"));
    bar->setMovable(false);
    bar->setFloatable(false);
    bar->setIconSize(QSize(18, 18));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setContextMenuPolicy(Qt::PreventContextMenu);
    addToolBar(Qt::TopToolBarArea, bar);

    m_sendAction =
        new QAction(icons::compose(icons::ComposeIcon::Send, palette().color(QPalette::HighlightedText)),
                    tr("Send"), this);
    m_sendAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_sendAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_sendAction, &QAction::triggered, this, &ComposerWindow::send);
    addAction(m_sendAction);

    // Closing asks first when something would be lost (closeEvent); completion popups and the
    // question itself take Esc before the window does.
    m_closeAction = new QAction(tr("Close"), this);
    m_closeAction->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(Qt::CTRL | Qt::Key_W)});
    m_closeAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_closeAction, &QAction::triggered, this, &QWidget::close);
    addAction(m_closeAction);

    m_sendButton = new QToolButton(bar);
    m_sendButton->setObjectName(QStringLiteral("SendButton"));
    m_sendButton->setDefaultAction(m_sendAction);
    m_sendButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_sendButton->setAccessibleName(tr("Send"));
    m_sendButton->setCursor(Qt::PointingHandCursor);
    m_sendButton->setStyleSheet(QStringLiteral(
        "QToolButton#SendButton { background: palette(highlight); color: palette(highlighted-text);"
        " border: none; border-radius: 5px; padding: 5px 16px 5px 12px; font-weight: 600; }"
        "QToolButton#SendButton:disabled { background: palette(midlight); color: palette(mid); }"
        "QToolButton#SendButton:pressed { padding-top: 6px; padding-bottom: 4px; }"));
    bar->addWidget(m_sendButton);
    bar->addSeparator();

    m_attachAction = bar->addAction(icons::bundled(QStringLiteral("attachment")), tr("Attach"));
    m_attachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_attachAction->setToolTip(
        tr("Attach files (%1)").arg(m_attachAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_attachAction, &QAction::triggered, this, &ComposerWindow::chooseFiles);

    auto* spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    m_richAction = bar->addAction(tr("Rich text"));
    m_richAction->setCheckable(true);
    m_richAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_richAction->setToolTip(tr("Formatting: bold, italic, links and lists (%1)")
                                 .arg(m_richAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_richAction, &QAction::triggered, this, [this](bool on) {
        m_richTouched = true;
        setRichText(on);
        noteEdited();
        if (m_services.cache)
            m_services.cache->setSetting(QStringLiteral("composer/richText"), on);
    });
    for (QAction* a : bar->actions()) {
        if (QWidget* w = bar->widgetForAction(a))
            w->setAccessibleName(a->text());
    }
}

QWidget* ComposerWindow::buildHeader() {
    auto* header = new QWidget(this);
    header->setObjectName(QStringLiteral("ComposerHeader"));
    auto* rows = new QVBoxLayout(header);
    rows->setContentsMargins(kSideMargin, 2, kSideMargin, 0);
    rows->setSpacing(0);

    m_from = new QComboBox(header);
    m_from->setFrame(false);
    m_from->setAccessibleName(tr("From"));
    m_from->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_from, &QComboBox::activated, this, [this] {
        m_fromTouched = true;
        noteEdited();
    });
    connect(m_from, &QComboBox::currentIndexChanged, this, &ComposerWindow::onFromChanged);
    // As wide as the other fields: name, address and account always show in full.
    m_fromRow = new HeaderRow(tr("From"), m_from, header);

    const QList<Participant> people =
        m_services.store ? m_services.store->knownParticipants() : QList<Participant>();
    auto makeRecipients = [&](const QString& name) {
        auto* edit = new RecipientEdit(header);
        edit->setFrame(false);
        edit->setAccessibleName(name);
        edit->setSuggestions(people, ownAddresses());
        connect(edit, &QLineEdit::textEdited, this, &ComposerWindow::noteEdited);
        connect(edit, &RecipientEdit::recipientsChanged, this, &ComposerWindow::updateSendEnabled);
        return edit;
    };
    m_to = makeRecipients(tr("To"));
    m_cc = makeRecipients(tr("Cc"));
    m_bcc = makeRecipients(tr("Bcc"));
    m_to->setPlaceholderText(tr("Name or address; separate several with commas"));

    auto* toRow = new HeaderRow(tr("To"), m_to, header);
    m_ccToggle = toggleButton(tr("Cc"), tr("Show Cc"), header);
    m_bccToggle = toggleButton(tr("Bcc"), tr("Show Bcc"), header);
    connect(m_ccToggle, &QToolButton::clicked, this, [this] {
        setCcVisible(true);
        m_cc->setFocus();
    });
    connect(m_bccToggle, &QToolButton::clicked, this, [this] {
        setBccVisible(true);
        m_bcc->setFocus();
    });
    toRow->addTrailing(m_ccToggle);
    toRow->addTrailing(m_bccToggle);
    m_toRow = toRow;
    m_ccRow = new HeaderRow(tr("Cc"), m_cc, header);
    m_bccRow = new HeaderRow(tr("Bcc"), m_bcc, header);
    m_ccRow->setVisible(false);
    m_bccRow->setVisible(false);

    auto* showCc = new QAction(this);
    showCc->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(showCc, &QAction::triggered, m_ccToggle, &QToolButton::click);
    auto* showBcc = new QAction(this);
    showBcc->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    connect(showBcc, &QAction::triggered, m_bccToggle, &QToolButton::click);
    addAction(showCc);
    addAction(showBcc);

    m_subject = new QLineEdit(header);
    m_subject->setFrame(false);
    m_subject->setAccessibleName(tr("Subject"));
    QFont subjectFont = m_subject->font();
    subjectFont.setWeight(QFont::DemiBold);
    m_subject->setFont(subjectFont);
    connect(m_subject, &QLineEdit::textEdited, this, &ComposerWindow::noteEdited);
    connect(m_subject, &QLineEdit::textChanged, this, &ComposerWindow::updateTitle);
    m_subjectRow = new HeaderRow(tr("Subject"), m_subject, header);

    m_channelLabel = new QLabel(header);
    m_channelLabel->setAccessibleName(tr("Conversation"));
    m_channelLabel->setTextFormat(Qt::PlainText);
    m_channelRow = new HeaderRow(tr("In"), m_channelLabel, header);
    m_channelRow->setVisible(false);

    for (QWidget* row : {m_fromRow, m_channelRow, m_toRow, m_ccRow, m_bccRow, m_subjectRow})
        rows->addWidget(row);
    return header;
}

QWidget* ComposerWindow::buildBanner() {
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("ComposerBanner"));
    m_banner->setAccessibleName(tr("Problem"));
    auto* row = new QHBoxLayout(m_banner);
    row->setContentsMargins(kSideMargin, 8, kSideMargin, 8);
    row->setSpacing(10);
    m_bannerIcon = new QLabel(m_banner);
    m_bannerIcon->setPixmap(icons::bundled(QStringLiteral("warning")).pixmap(18, 18));
    m_bannerIcon->setFixedSize(18, 18);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerText->setAccessibleName(tr("Problem"));
    m_retryButton = new QPushButton(tr("Retry"), m_banner);
    m_retryButton->setAccessibleName(tr("Retry sending"));
    m_retryButton->setCursor(Qt::PointingHandCursor);
    connect(m_retryButton, &QPushButton::clicked, this, &ComposerWindow::retry);
    m_wasSentButton = new QPushButton(tr("It Was Sent"), m_banner);
    m_wasSentButton->setObjectName(QStringLiteral("wasSent"));
    m_wasSentButton->setToolTip(tr("You found it in Sent or the recipient has it: keep it as sent"));
    connect(m_wasSentButton, &QPushButton::clicked, this, &ComposerWindow::confirmSent);
    m_sendAgainButton = new QPushButton(tr("Send Again"), m_banner);
    m_sendAgainButton->setObjectName(QStringLiteral("sendAgain"));
    m_sendAgainButton->setToolTip(tr("Send it once more; if the first one arrived, it arrives twice"));
    connect(m_sendAgainButton, &QPushButton::clicked, this, &ComposerWindow::sendAgain);
    row->addWidget(m_bannerIcon, 0, Qt::AlignTop);
    row->addWidget(m_bannerText, 1);
    row->addWidget(m_retryButton, 0, Qt::AlignVCenter);
    row->addWidget(m_wasSentButton, 0, Qt::AlignVCenter);
    row->addWidget(m_sendAgainButton, 0, Qt::AlignVCenter);
    m_banner->setVisible(false);
    return m_banner;
}

void ComposerWindow::showBanner(const QString& text, bool error) {
    // Light tints with dark text: readable under light and dark palettes alike.
    m_banner->setStyleSheet(
        error ? QStringLiteral("#ComposerBanner { background: #fdecea; border-bottom: 1px solid #f1c4bf; }"
                               "#ComposerBanner QLabel { color: #5c1a13; }")
              : QStringLiteral("#ComposerBanner { background: #fff6dd; border-bottom: 1px solid #efdca3; }"
                               "#ComposerBanner QLabel { color: #4a3800; }"));
    m_bannerText->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void ComposerWindow::buildStatusBar() {
    QStatusBar* bar = statusBar();
    bar->setSizeGripEnabled(true);
    auto* holder = new QWidget(bar);
    auto* row = new QHBoxLayout(holder);
    row->setContentsMargins(kSideMargin - 6, 0, 0, 0);
    row->setSpacing(6);
    m_statusIcon = new QLabel(holder);
    m_statusIcon->setFixedSize(16, 16);
    m_statusLabel = new QLabel(holder);
    m_statusLabel->setAccessibleName(tr("Sending status"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_statusIcon);
    row->addWidget(m_statusLabel, 1);
    bar->addWidget(holder, 1);

    m_draftLabel = new QLabel(bar);
    m_draftLabel->setAccessibleName(tr("Draft status"));
    QPalette dim = m_draftLabel->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    m_draftLabel->setPalette(dim);
    bar->addPermanentWidget(m_draftLabel);
}

void ComposerWindow::populateFrom(Capability needed, const QString& onlyAccount) {
    m_fromNeeded = needed;
    m_fromOnly = onlyAccount;
    const QSignalBlocker block(m_from);
    m_from->clear();
    if (!m_services.sync)
        return;
    for (const QString& id : m_services.sync->accountIds()) {
        if (!onlyAccount.isEmpty() && id != onlyAccount)
            continue;
        Provider* p = m_services.sync->provider(id);
        if (!p || !p->capabilities().testFlag(needed))
            continue;
        // Mail goes from mail accounts: a chat account answers in its own conversations.
        const bool chat = p->capabilities().testFlag(Capability::ChatChannels);
        if (!m_chat && chat)
            continue;
        // A provider that learns who the user is at sign-in may tell us while this is open.
        connect(p, &Provider::identitiesChanged, this, &ComposerWindow::refreshFrom, Qt::UniqueConnection);
        const QList<Identity> identities = p->identities();
        const QList<Identity> entries = identities.isEmpty() ? QList<Identity>{Identity{}} : identities;
        for (const Identity& identity : entries) {
            m_from->addItem(colourDot(p->account().colour), identityLabel(identity, p->account(), chat), id);
            m_from->setItemData(m_from->count() - 1, identity.address, kIdentityRole);
            m_from->setItemData(m_from->count() - 1, p->account().displayName, Qt::ToolTipRole);
        }
    }
}

void ComposerWindow::refreshFrom() {
    if (!editable())
        return;
    const QString account = accountId();
    const QString address = m_from->currentData(kIdentityRole).toString();
    populateFrom(m_fromNeeded, m_fromOnly);
    const QSignalBlocker block(m_from);
    if (address.isEmpty())
        selectAccount(account); // it had none: now its default
    else
        selectIdentity(account, Participant{address, {}, {}});
    m_from->setEnabled(m_from->count() > 1);
}

void ComposerWindow::selectAccount(const QString& accountId) {
    const Provider* p = m_services.sync ? m_services.sync->provider(accountId) : nullptr;
    selectIdentity(accountId, p ? p->defaultIdentity().participant() : Participant{});
}

void ComposerWindow::selectIdentity(const QString& accountId, const Participant& who) {
    int index = -1;
    for (int i = 0; i < m_from->count(); ++i) {
        if (m_from->itemData(i).toString() != accountId)
            continue;
        if (index < 0)
            index = i; // the account's first entry, when `who` is none of its identities
        const QString address = m_from->itemData(i, kIdentityRole).toString();
        if (!address.isEmpty() && address.compare(who.address.trimmed(), Qt::CaseInsensitive) == 0) {
            index = i;
            break;
        }
    }
    if (index >= 0)
        m_from->setCurrentIndex(index);
    onFromChanged();
}

QString ComposerWindow::accountId() const {
    return m_from->currentData().toString();
}

void ComposerWindow::onFromChanged() {
    if (m_autosaver && m_services.sync)
        m_autosaver->setProvider(m_services.sync->provider(accountId()));
    updateSendEnabled();
}

void ComposerWindow::noteEdited() {
    if (m_filling)
        return;
    if (editable()) {
        m_edited = true;
        if (m_autosaver)
            m_autosaver->update(message());
    }
    updateSendEnabled();
}

bool ComposerWindow::editable() const {
    return m_phase == Phase::Editing || m_phase == Phase::Failed;
}

bool ComposerWindow::canSend() const {
    if (!editable() || accountId().isEmpty() || m_tray->isLoading() || m_tray->hasFailures())
        return false;
    if (m_chat)
        return !m_base.channelId.isEmpty() &&
               (!m_body->toPlainText().trimmed().isEmpty() || m_tray->count() > 0);
    for (const RecipientEdit* edit : {m_to, m_cc, m_bcc}) {
        if (!edit->invalidEntries().isEmpty())
            return false;
    }
    return !(m_to->recipients().isEmpty() && m_cc->recipients().isEmpty() && m_bcc->recipients().isEmpty());
}

void ComposerWindow::updateSendEnabled() {
    const bool ok = canSend();
    m_sendAction->setEnabled(ok);
    QString why;
    if (ok || !editable())
        why = tr("Send (%1)").arg(QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText));
    else if (accountId().isEmpty())
        why = tr("No account can send this message");
    else if (m_tray->isLoading())
        why = tr("Waiting for the attachments");
    else if (m_tray->hasFailures())
        why = tr("Remove the attachments that could not be read");
    else if (m_chat)
        why = tr("Write something to send");
    else
        why = tr("Add a recipient to send");
    m_sendAction->setToolTip(why);
}

void ComposerWindow::updateTitle() {
    QString title;
    if (m_chat)
        title = m_channelLabel->text().isEmpty() ? tr("Reply in thread")
                                                 : tr("Reply in %1").arg(m_channelLabel->text());
    else if (!m_subject->text().trimmed().isEmpty())
        title = m_subject->text().trimmed();
    else
        title = m_kind == SendKind::Forward ? tr("Forward") : tr("New message");
    setWindowTitle(title);
}

void ComposerWindow::setPhase(Phase phase) {
    m_phase = phase;
    applyPhase();
}

void ComposerWindow::setNotice(const QString& notice) {
    m_notice = notice;
    applyPhase();
}

void ComposerWindow::applyPhase() {
    const bool canEdit = editable();
    for (QLineEdit* edit : {static_cast<QLineEdit*>(m_to), static_cast<QLineEdit*>(m_cc),
                            static_cast<QLineEdit*>(m_bcc), m_subject})
        edit->setReadOnly(!canEdit);
    m_body->setReadOnly(!canEdit);
    m_from->setEnabled(canEdit && m_from->count() > 1);
    m_attachAction->setEnabled(canEdit);
    m_richAction->setEnabled(canEdit);
    m_formatBar->setEnabled(canEdit);
    m_tray->setReadOnly(!canEdit);
    m_ccToggle->setEnabled(canEdit);
    m_bccToggle->setEnabled(canEdit);

    // Problems stand out above the message; progress stays in the status bar.
    QString icon;
    switch (m_phase) {
    case Phase::Loading:
    case Phase::Sending:
        icon = QStringLiteral("syncing");
        break;
    case Phase::Sent:
        icon = QStringLiteral("sent");
        break;
    case Phase::Editing:
    case Phase::Failed:
    case Phase::MaybeSent:
        break;
    }
    const bool problem = m_phase == Phase::Failed || m_phase == Phase::MaybeSent ||
                         (m_phase == Phase::Editing && !m_notice.isEmpty());
    showBanner(problem ? statusText() : QString(), m_phase == Phase::Failed);
    m_retryButton->setVisible(m_phase == Phase::Failed);
    m_wasSentButton->setVisible(m_phase == Phase::MaybeSent);
    m_sendAgainButton->setVisible(m_phase == Phase::MaybeSent);
    m_statusIcon->setPixmap(icon.isEmpty() ? QPixmap() : icons::bundled(icon).pixmap(16, 16));
    m_statusLabel->setText(problem ? QString() : statusText());
    updateSendEnabled();
}

QString ComposerWindow::statusText() const {
    switch (m_phase) {
    case Phase::Loading:
        return m_resumingDraft ? tr("Loading the draft…") : tr("Loading the original message…");
    case Phase::Editing:
        return m_notice;
    case Phase::Sending:
        if (m_outboxState == OutboxState::Sending)
            return tr("Sending…");
        return m_outboxDetail.isEmpty() ? tr("Waiting to send…") : m_outboxDetail;
    case Phase::Sent:
        return tr("Sent");
    case Phase::Failed:
        return tr("Could not send: %1").arg(m_outboxDetail);
    case Phase::MaybeSent:
        return m_outboxDetail;
    }
    return {};
}

Participant ComposerWindow::fromParticipant() const {
    const Provider* p = m_services.sync ? m_services.sync->provider(accountId()) : nullptr;
    const QString address = m_from->currentData(kIdentityRole).toString();
    if (!p || address.isEmpty())
        return {}; // the provider sends from its default
    const Identity* identity = findIdentity(p->identities(), Participant{address, {}, {}});
    return identity ? identity->participant() : Participant{};
}

QList<Identity> ComposerWindow::ownIdentities() const {
    QList<Identity> out;
    if (!m_services.sync)
        return out;
    for (const QString& id : m_services.sync->accountIds()) {
        if (const Provider* p = m_services.sync->provider(id))
            out += p->identities();
    }
    return out;
}

QStringList ComposerWindow::ownAddresses() const {
    QStringList out;
    for (const Identity& identity : ownIdentities())
        out.append(identity.address);
    return out;
}

bool ComposerWindow::isRichText() const {
    return m_body->acceptRichText();
}

void ComposerWindow::setRichText(bool on) {
    m_richAction->setChecked(on);
    if (on == isRichText())
        return;
    m_filling = true;
    if (!on) {
        // Plain from here on: keep what the formatting said (bullets, numbers, link addresses).
        const OutgoingMessage current = message();
        m_body->setAcceptRichText(false);
        m_body->setPlainText(current.text);
    } else {
        m_body->setAcceptRichText(true);
    }
    m_filling = false;
    m_formatBar->setVisible(on);
    updateSendEnabled();
}

void ComposerWindow::setCcVisible(bool visible) {
    m_ccRow->setVisible(visible);
    m_ccToggle->setVisible(!visible);
}

void ComposerWindow::setBccVisible(bool visible) {
    m_bccRow->setVisible(visible);
    m_bccToggle->setVisible(!visible);
}

void ComposerWindow::chooseFiles() {
    auto* dialog = new QFileDialog(this, tr("Attach files"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    connect(dialog, &QFileDialog::filesSelected, this, &ComposerWindow::attachFiles);
    dialog->open();
}

void ComposerWindow::attachFiles(const QStringList& paths) {
    if (!editable())
        return;
    m_tray->addFiles(paths);
    noteEdited();
}

} // namespace tributary::ui
