#include "triage/TriageBar.h"

#include "triage/AssigneeMark.h"
#include "triage/SnoozePresets.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace tributary::ui {

namespace {

//! Menu buttons say they open a menu with an arrow after their text (the style's own
//! indicator is hidden: it sits on the text's last letter in small buttons).
const QString kMenuArrow = QStringLiteral(" \u25BE");

void setMenuText(QToolButton* button, const QString& text) {
    button->setText(text + kMenuArrow);
}

QToolButton* makeButton(const QString& name, const QString& text, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setObjectName(name);
    b->setText(text);
    b->setAutoRaise(true);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setCursor(Qt::PointingHandCursor);
    return b;
}

//! The assignee's badge as an icon, for the Assign button and menu.
QIcon badgeIcon(const Assignee& a, const QFont& font) {
    const int size = QFontMetrics(font).height();
    QPixmap pixmap(size * 2, size * 2);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    const AssigneeMark mark{QString(), a.id, a.kind == Assignee::Kind::Team};
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(mark.colour());
    if (mark.team)
        p.drawRoundedRect(QRect(0, 0, size, size), 3, 3);
    else
        p.drawEllipse(QRect(0, 0, size, size));
    QFont f = font;
    f.setBold(true);
    f.setPixelSize(std::max(7, size * 9 / 20));
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(QRect(0, 0, size, size), Qt::AlignCenter, AssigneeMark::initials(a.label()));
    return QIcon(pixmap);
}

} // namespace

QString triageStatusText(TriageStatus status, const QDateTime& snoozeUntil, const QDateTime& now) {
    switch (status) {
    case TriageStatus::None:
        return TriageBar::tr("No status");
    case TriageStatus::Open:
        return TriageBar::tr("Open");
    case TriageStatus::Waiting:
        return snoozeUntil.isValid() ? TriageBar::tr("Snoozed until %1").arg(snoozeTimeText(snoozeUntil, now))
                                     : TriageBar::tr("Waiting");
    case TriageStatus::Closed:
        return TriageBar::tr("Closed");
    }
    return {};
}

TriageBar::TriageBar(QWidget* parent)
    : QWidget(parent)
    , m_now([] { return QDateTime::currentDateTime(); }) {
    setObjectName(QStringLiteral("triageBar"));
    setAccessibleName(tr("Triage"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(12, 4, 12, 4);
    row->setSpacing(2);
    column->addLayout(row);
    // A hairline under the bar: it stays while the conversation scrolls beneath it.
    auto* line = new QWidget(this);
    line->setFixedHeight(1);
    line->setBackgroundRole(QPalette::Mid);
    line->setAutoFillBackground(true);
    column->addWidget(line);

    m_assign = makeButton(QStringLiteral("triageAssign"), tr("Assign"), this);
    m_assign->setPopupMode(QToolButton::InstantPopup);
    m_assignMenu = new QMenu(m_assign);
    m_assign->setMenu(m_assignMenu);
    connect(m_assignMenu, &QMenu::aboutToShow, this, &TriageBar::rebuildAssignMenu);

    m_status = makeButton(QStringLiteral("triageStatus"), tr("Status"), this);
    m_status->setPopupMode(QToolButton::InstantPopup);
    m_statusMenu = new QMenu(m_status);
    m_status->setMenu(m_statusMenu);
    for (TriageStatus s : {TriageStatus::Open, TriageStatus::Waiting, TriageStatus::Closed}) {
        QAction* a = m_statusMenu->addAction(triageStatusText(s, {}, {}));
        a->setCheckable(true);
        a->setData(int(s));
        connect(a, &QAction::triggered, this, [this, s] { emit statusRequested(s); });
    }

    m_snooze = makeButton(QStringLiteral("triageSnooze"), tr("Snooze"), this);
    m_snooze->setPopupMode(QToolButton::InstantPopup);
    m_snoozeMenu = new QMenu(m_snooze);
    m_snooze->setMenu(m_snoozeMenu);
    connect(m_snoozeMenu, &QMenu::aboutToShow, this, &TriageBar::rebuildSnoozeMenu);
    rebuildSnoozeMenu();

    m_note = makeButton(QStringLiteral("triageAddNote"), tr("Add note"), this);
    m_note->setToolTip(tr("Write an internal note: only your team sees it"));
    connect(m_note, &QToolButton::clicked, this, &TriageBar::addNoteRequested);

    row->addWidget(m_assign);
    row->addWidget(m_status);
    row->addWidget(m_snooze);
    row->addWidget(m_note);
    row->addStretch(1);
    setState({}, false);
}

void TriageBar::setCapabilities(Capabilities capabilities) {
    m_assign->setVisible(capabilities.testFlag(Capability::Assign));
    m_status->setVisible(capabilities.testFlag(Capability::TriageStatus));
    m_snooze->setVisible(capabilities.testFlag(Capability::Snooze));
    m_note->setVisible(capabilities.testFlag(Capability::InternalNotes));
}

void TriageBar::setState(const ConversationTriage& triage, bool assignedToMe) {
    m_state = triage;
    if (triage.assignee.isEmpty()) {
        setMenuText(m_assign, tr("Assign"));
        m_assign->setIcon(QIcon());
        m_assign->setToolTip(tr("Nobody has this conversation: assign it"));
    } else {
        setMenuText(m_assign,
                    assignedToMe ? tr("Assigned to you") : tr("Assigned to %1").arg(triage.assignee.label()));
        m_assign->setIcon(badgeIcon(triage.assignee, font()));
        m_assign->setToolTip(tr("Assigned to %1: assign to someone else").arg(triage.assignee.label()));
    }
    m_assign->setAccessibleName(m_assign->toolTip());
    const QString status = triageStatusText(triage.status, triage.snoozeUntil, m_now());
    setMenuText(m_status, triage.status == TriageStatus::None ? tr("Status") : status);
    m_status->setAccessibleName(tr("Status: %1").arg(status));
    for (QAction* a : m_statusMenu->actions())
        a->setChecked(a->data().toInt() == int(triage.status));
    const bool snoozed = triage.status == TriageStatus::Waiting && triage.snoozeUntil.isValid();
    setMenuText(m_snooze,
                snoozed ? tr("Until %1").arg(snoozeTimeText(triage.snoozeUntil, m_now())) : tr("Snooze"));
}

void TriageBar::setAssignees(const QList<Assignee>& assignees) {
    m_assignees = assignees;
    m_assigneesError.clear();
    m_assigneesKnown = true;
    rebuildAssignMenu();
}

void TriageBar::setAssigneesError(const QString& message) {
    m_assignees.clear();
    m_assigneesError = message;
    m_assigneesKnown = true;
    rebuildAssignMenu();
}

void TriageBar::rebuildAssignMenu() {
    m_assignMenu->clear();
    if (!m_assigneesKnown) {
        m_assignMenu->addAction(tr("Loading people and teams…"))->setEnabled(false);
        return;
    }
    if (!m_assigneesError.isEmpty()) {
        m_assignMenu->addAction(tr("Could not load people: %1").arg(m_assigneesError))->setEnabled(false);
        return;
    }
    auto add = [this](const Assignee& a, const QString& text) {
        QAction* action = m_assignMenu->addAction(badgeIcon(a, font()), text);
        action->setCheckable(true);
        action->setChecked(a.id == m_state.assignee.id && a.kind == m_state.assignee.kind);
        action->setData(a.id);
        connect(action, &QAction::triggered, this, [this, a] { emit assignRequested(a); });
    };
    for (const Assignee& a : std::as_const(m_assignees)) {
        if (a.isSelf && a.kind == Assignee::Kind::Person)
            add(a, tr("Me (%1)").arg(a.label()));
    }
    m_assignMenu->addSection(tr("People"));
    for (const Assignee& a : std::as_const(m_assignees)) {
        if (!a.isSelf && a.kind == Assignee::Kind::Person)
            add(a, a.label());
    }
    const bool anyTeam = std::any_of(m_assignees.cbegin(), m_assignees.cend(),
                                     [](const Assignee& a) { return a.kind == Assignee::Kind::Team; });
    if (anyTeam) {
        m_assignMenu->addSection(tr("Teams"));
        for (const Assignee& a : std::as_const(m_assignees)) {
            if (a.kind == Assignee::Kind::Team)
                add(a, a.label());
        }
    }
    m_assignMenu->addSeparator();
    QAction* none = m_assignMenu->addAction(tr("Unassign"));
    none->setObjectName(QStringLiteral("triageUnassign"));
    none->setEnabled(!m_state.assignee.isEmpty());
    connect(none, &QAction::triggered, this, [this] { emit assignRequested(Assignee{}); });
}

void TriageBar::rebuildSnoozeMenu() {
    m_snoozeMenu->clear();
    for (const SnoozePreset& preset : snoozePresets(m_now())) {
        QAction* a = m_snoozeMenu->addAction(preset.label);
        const QDateTime until = preset.until;
        connect(a, &QAction::triggered, this, [this, until] { emit snoozeRequested(until); });
    }
    m_snoozeMenu->addSeparator();
    QAction* pick = m_snoozeMenu->addAction(tr("Pick a date and time…"));
    pick->setObjectName(QStringLiteral("triageSnoozePick"));
    connect(pick, &QAction::triggered, this, &TriageBar::pickSnoozeTime);
}

void TriageBar::pickSnoozeTime() {
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("snoozePicker"));
    dialog.setWindowTitle(tr("Snooze until"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("The conversation comes back to Open at:"), &dialog));
    auto* edit = new QDateTimeEdit(m_now().addDays(1), &dialog);
    edit->setCalendarPopup(true);
    edit->setMinimumDateTime(m_now());
    edit->setDisplayFormat(QStringLiteral("ddd d MMM yyyy  HH:mm"));
    layout->addWidget(edit);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Snooze"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() == QDialog::Accepted)
        emit snoozeRequested(edit->dateTime());
}

} // namespace tributary::ui
