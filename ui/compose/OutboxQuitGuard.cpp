#include "compose/OutboxQuitGuard.h"

#include "compose/Outbox.h"
#include "util/Logging.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QWidget>
#include <memory>

namespace tributary::ui {

OutboxQuitGuard::OutboxQuitGuard(Outbox* outbox, QWidget* window, QObject* parent)
    : QObject(parent)
    , m_outbox(outbox)
    , m_window(window) {
    if (m_outbox)
        connect(m_outbox, &Outbox::stateChanged, this, &OutboxQuitGuard::onOutboxChanged);
}

QMessageBox* OutboxQuitGuard::prompt() const {
    return m_prompt.data();
}

bool OutboxQuitGuard::hasInFlight() const {
    for (const OutboxEntry& e : m_outbox->entries()) {
        if (e.state == OutboxState::Sending)
            return true;
    }
    return false;
}

bool OutboxQuitGuard::hasQueued() const {
    for (const OutboxEntry& e : m_outbox->entries()) {
        if (e.state == OutboxState::Pending || e.state == OutboxState::Failed)
            return true;
    }
    return false;
}

QString OutboxQuitGuard::summary() const {
    int waiting = 0;
    int failed = 0;
    int uncertain = 0;
    for (const OutboxEntry& e : m_outbox ? m_outbox->entries() : QList<OutboxEntry>()) {
        switch (e.state) {
        case OutboxState::Pending:
        case OutboxState::Sending:
            ++waiting;
            break;
        case OutboxState::Failed:
            ++failed;
            break;
        case OutboxState::Uncertain:
            ++uncertain;
            break;
        case OutboxState::Sent:
            break;
        }
    }
    QStringList parts;
    if (waiting)
        parts.append(tr("%n waiting to be sent", nullptr, waiting));
    if (failed)
        parts.append(tr("%n could not be sent", nullptr, failed));
    if (uncertain)
        parts.append(tr("%n may have been sent (it stays marked in Sent; you are asked again next time)",
                        nullptr, uncertain));
    return parts.join(QStringLiteral("; "));
}

bool OutboxQuitGuard::allowClose() {
    if (m_closing || !m_outbox)
        return true;
    // A message that may have been sent is safe on its server: quitting loses nothing.
    if (!hasQueued() && !hasInFlight())
        return true;
    if (m_prompt) {
        m_prompt->raise();
        return false;
    }
    if (m_waiting || m_saving)
        return false; // already on the way out, as the user chose
    ask(tr("Some messages are not sent yet."));
    return false;
}

void OutboxQuitGuard::ask(const QString& lead) {
    auto* box = new QMessageBox(m_window);
    box->setObjectName(QStringLiteral("quitWithUnsent"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Quit Tributary"));
    box->setText(lead);
    box->setInformativeText(
        summary() + QStringLiteral(".\n\n") +
        tr("Quit When Sent: Tributary quits as soon as they are sent. Save as Drafts: they stay on "
           "their servers, to send later. Discard: they are lost."));
    QPushButton* wait = nullptr;
    if (hasInFlight() || hasQueued()) {
        wait = box->addButton(tr("Quit When Sent"), QMessageBox::AcceptRole);
        wait->setObjectName(QStringLiteral("wait"));
    }
    QPushButton* drafts = nullptr;
    if (hasQueued()) {
        drafts = box->addButton(tr("Save as Drafts and Quit"), QMessageBox::AcceptRole);
        drafts->setObjectName(QStringLiteral("drafts"));
    }
    QPushButton* discard = box->addButton(tr("Discard and Quit"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discard"));
    QPushButton* cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancel"));
    box->setDefaultButton(drafts ? drafts : cancel);
    box->setEscapeButton(cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, wait, drafts, discard](QAbstractButton* clicked) {
        if (clicked == wait && wait)
            carryOut(Choice::Wait);
        else if (clicked == drafts && drafts)
            carryOut(Choice::Drafts);
        else if (clicked == discard)
            carryOut(Choice::Discard);
        else
            carryOut(Choice::Cancel);
    });
    m_prompt = box;
    box->open();
}

void OutboxQuitGuard::carryOut(Choice choice) {
    if (!m_outbox)
        return closeNow();
    switch (choice) {
    case Choice::Cancel:
        return;
    case Choice::Wait:
        qCInfo(lcUi) << "Quitting once the outbox has sent everything";
        m_waiting = true;
        // Failed messages would wait for ever: try them once more now.
        for (const OutboxEntry& e : m_outbox->entries()) {
            if (e.state == OutboxState::Failed)
                m_outbox->retry(e.message.clientId);
        }
        break;
    case Choice::Discard:
        for (const OutboxEntry& e : m_outbox->entries())
            m_outbox->discard(e.message.clientId); // refused for sends in flight and Uncertain
        qCInfo(lcUi) << "Quitting: the user discarded the unsent messages";
        m_waiting = true;
        break;
    case Choice::Drafts: {
        m_saving = true;
        const QPointer<OutboxQuitGuard> guard(this);
        m_outbox->keepAsDrafts().then(this, [this, guard](const QList<OutboxEntry>&) {
            if (!guard)
                return;
            m_saving = false;
            if (hasQueued()) {
                // Some could not be kept (an account without drafts, a server that said no).
                QTimer::singleShot(0, this,
                                   [this] { ask(tr("Some messages could not be kept as drafts.")); });
                return;
            }
            m_waiting = true;
            onOutboxChanged();
        });
        return;
    }
    }
    onOutboxChanged();
}

void OutboxQuitGuard::onOutboxChanged() {
    if (!m_waiting || m_closing || !m_outbox)
        return;
    if (hasInFlight())
        return;
    bool pending = false;
    bool failed = false;
    for (const OutboxEntry& e : m_outbox->entries()) {
        pending = pending || e.state == OutboxState::Pending;
        failed = failed || e.state == OutboxState::Failed;
    }
    if (pending)
        return;
    if (failed) {
        // Waiting gets nowhere: what failed needs a decision.
        m_waiting = false;
        QTimer::singleShot(0, this, [this] { ask(tr("Some messages could not be sent.")); });
        return;
    }
    closeNow();
}

void OutboxQuitGuard::closeNow() {
    m_closing = true;
    m_waiting = false;
    emit closingNow();
    if (m_window)
        QTimer::singleShot(0, m_window, [window = m_window] {
            if (window)
                window->close();
        });
}

void OutboxQuitGuard::keepForSessionEnd(std::chrono::milliseconds timeout) {
    if (!m_outbox || m_outbox->isEmpty())
        return;
    qCInfo(lcUi) << "Session ends: keeping unsent messages as drafts";
    if (m_prompt)
        m_prompt->close();
    m_closing = true;
    QDeadlineTimer deadline(timeout);
    auto saved = std::make_shared<bool>(false);
    m_outbox->keepAsDrafts().then(this, [saved](const QList<OutboxEntry>&) { *saved = true; });
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(20);
    connect(&tick, &QTimer::timeout, &loop, [&] {
        if ((*saved && !hasInFlight()) || deadline.hasExpired())
            loop.quit();
    });
    tick.start();
    loop.exec();
    if (!m_outbox->isEmpty())
        qCWarning(lcUi) << "Session ends with" << m_outbox->unsentCount()
                        << "message(s) still in the outbox:" << summary();
}

} // namespace tributary::ui
