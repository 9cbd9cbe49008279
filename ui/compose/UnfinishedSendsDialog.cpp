#include "compose/UnfinishedSendsDialog.h"

#include "util/Futures.h"

#include <QDialogButtonBox>
#include <QFrame>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {

QString recipients(const UnfinishedSend& send) {
    QStringList names;
    for (const Participant& p : send.to)
        names.append(p.displayName.isEmpty() ? p.address : p.displayName);
    return names.isEmpty() ? UnfinishedSendsDialog::tr("no recipient") : names.join(QStringLiteral(", "));
}

QString subjectOf(const UnfinishedSend& send) {
    return send.subject.trimmed().isEmpty() ? UnfinishedSendsDialog::tr("(no subject)") : send.subject;
}

} // namespace

UnfinishedSendsDialog::UnfinishedSendsDialog(ProviderLookup providers, QWidget* parent)
    : QDialog(parent)
    , m_providers(std::move(providers)) {
    setObjectName(QStringLiteral("UnfinishedSendsDialog"));
    setWindowTitle(tr("Unfinished Sends"));
    setModal(false);
    auto* layout = new QVBoxLayout(this);
    m_intro = new QLabel(tr("Tributary stopped last time while it was sending. Nothing was lost:"), this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* holder = new QWidget(scroll);
    m_rows = new QVBoxLayout(holder);
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->addStretch(1);
    scroll->setWidget(holder);
    layout->addWidget(scroll, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setText(tr("Decide Later"));
    buttons->button(QDialogButtonBox::Close)
        ->setToolTip(
            tr("Messages that may have been sent stay marked in Sent; you are asked again next time."));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 360);
}

void UnfinishedSendsDialog::add(const QString& accountId, const QString& accountName,
                                const QList<UnfinishedSend>& found) {
    for (const UnfinishedSend& send : found)
        m_rows->insertWidget(m_rows->count() - 1, makeRow(accountId, accountName, send));
}

QWidget* UnfinishedSendsDialog::rowFor(const QString& recordId) const {
    return findChild<QWidget*>(QStringLiteral("unfinished-") + recordId);
}

QWidget* UnfinishedSendsDialog::makeRow(const QString& accountId, const QString& accountName,
                                        const UnfinishedSend& send) {
    auto* row = new QFrame(this);
    row->setObjectName(QStringLiteral("unfinished-") + send.recordId);
    row->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(row);
    auto* text = new QLabel(row);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    const QString when =
        send.date.isValid() ? QLocale().toString(send.date.toLocalTime(), QLocale::ShortFormat) : QString();
    const QString what = tr("\u201c%1\u201d to %2 (%3%4)")
                             .arg(subjectOf(send), recipients(send), accountName,
                                  when.isEmpty() ? QString() : QStringLiteral(", ") + when);
    auto* status = new QLabel(row);
    status->setWordWrap(true);
    status->setObjectName(QStringLiteral("status"));
    if (send.outcome == UnfinishedSend::Outcome::NotSent) {
        text->setText(tr("Not sent: %1. It is kept in Drafts; open it there to send it.").arg(what));
        layout->addWidget(text);
        return row;
    }
    ++m_undecided;
    text->setText(tr("May have been sent: %1. The server got the whole message but its answer never came. "
                     "Check your Sent folder or ask the recipient, then choose.")
                      .arg(what));
    layout->addWidget(text);
    auto* buttons = new QHBoxLayout;
    const struct {
        const char* label;
        const char* name;
        UncertainSend decision;
        const char* tip;
    } choices[] = {
        {QT_TR_NOOP("It Was Sent"), "wasSent", UncertainSend::WasSent, QT_TR_NOOP("Keep it in Sent as sent")},
        {QT_TR_NOOP("Send Again"), "sendAgain", UncertainSend::SendAgain,
         QT_TR_NOOP("Send it once more; if the first one arrived, it arrives twice")},
        {QT_TR_NOOP("Keep as Draft"), "keepAsDraft", UncertainSend::KeepAsDraft,
         QT_TR_NOOP("Move it to Drafts to look at later")},
    };
    for (const auto& choice : choices) {
        auto* button = new QPushButton(tr(choice.label), row);
        button->setObjectName(QString::fromLatin1(choice.name));
        button->setToolTip(tr(choice.tip));
        const QString recordId = send.recordId;
        const UncertainSend decision = choice.decision;
        connect(button, &QPushButton::clicked, this, [this, accountId, recordId, decision, row, status] {
            decide(accountId, recordId, decision, row, status);
        });
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(status);
    return row;
}

void UnfinishedSendsDialog::decide(const QString& accountId, const QString& recordId, UncertainSend decision,
                                   QWidget* row, QLabel* status) {
    Provider* provider = m_providers ? m_providers(accountId) : nullptr;
    if (!provider) {
        status->setText(tr("The account is no longer set up."));
        return;
    }
    const QList<QPushButton*> buttons = row->findChildren<QPushButton*>();
    for (QPushButton* b : buttons)
        b->setEnabled(false);
    status->setText(decision == UncertainSend::SendAgain ? tr("Sending…") : tr("Saving your choice…"));
    QPointer<QWidget> guard(row);
    whenResult(provider->resolveUnfinishedSend(recordId, decision), this,
               [this, guard, status, recordId, decision](const Result<SendReceipt>& done) {
                   if (!guard)
                       return;
                   if (!done) {
                       for (QPushButton* b : guard->findChildren<QPushButton*>())
                           b->setEnabled(true);
                       status->setText(tr("That did not work: %1").arg(done.error().message));
                       emit resolved(recordId, decision, done.error().message);
                       return;
                   }
                   --m_undecided;
                   for (QPushButton* b : guard->findChildren<QPushButton*>())
                       b->hide();
                   status->setText(decision == UncertainSend::WasSent     ? tr("Kept in Sent.")
                                   : decision == UncertainSend::SendAgain ? tr("Sent again.")
                                                                          : tr("Moved to Drafts."));
                   emit resolved(recordId, decision, QString());
               });
}

} // namespace tributary::ui
