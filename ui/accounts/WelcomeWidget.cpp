#include "accounts/WelcomeWidget.h"

#include "Icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {
QLabel* centred(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignHCenter);
    label->setWordWrap(true);
    return label;
}
} // namespace

WelcomeWidget::WelcomeWidget(QWidget* parent)
    : QWidget(parent)
    , m_add(new QPushButton(tr("&Add an account"), this))
    , m_sandbox(new QPushButton(tr("&Open the local sandbox"), this))
    , m_sandboxText(nullptr)
    , m_hint(nullptr) {
    setObjectName(QStringLiteral("welcome"));
    setAccessibleName(tr("Welcome"));

    auto* icon = new QLabel(this);
    icon->setPixmap(icons::application().pixmap(72, 72));
    icon->setAlignment(Qt::AlignCenter);
    icon->setFixedHeight(80);

    QLabel* title = centred(tr("Welcome to Tributary"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    big.setBold(true);
    title->setFont(big);

    QLabel* intro = centred(tr("Your email and conversations, in one inbox. Add an account to begin: "
                               "Tributary looks up the settings of well-known providers for you."),
                            this);

    m_add->setObjectName(QStringLiteral("welcomeAddAccount"));
    m_add->setAccessibleName(tr("Add an account"));
    m_add->setDefault(true);
    m_add->setAutoDefault(true);
    m_add->setMinimumHeight(m_add->sizeHint().height() + 8);
    m_add->setMinimumWidth(280);
    m_sandbox->setObjectName(QStringLiteral("welcomeOpenSandbox"));
    m_sandbox->setAccessibleName(tr("Open the local sandbox"));
    m_sandbox->setAutoDefault(true);
    m_sandbox->setMinimumWidth(280);

    m_sandboxText =
        centred(tr("Or look around first: the sandbox is a practice mailbox on this computer, with "
                   "sample mail. Nothing you do there leaves this machine."),
                this);
    QPalette muted = m_sandboxText->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_sandboxText->setPalette(muted);
    m_hint = centred(QString(), this);
    m_hint->setObjectName(QStringLiteral("welcomeSandboxHint"));
    m_hint->setPalette(muted);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint->hide();

    connect(m_add, &QPushButton::clicked, this, &WelcomeWidget::addAccountRequested);
    connect(m_sandbox, &QPushButton::clicked, this, &WelcomeWidget::sandboxRequested);

    auto* column = new QWidget(this);
    // A fixed measure: wrapped text in a centred column otherwise gets the width of its
    // shortest line.
    column->setFixedWidth(440);
    auto* inner = new QVBoxLayout(column);
    inner->setSpacing(12);
    inner->addWidget(icon);
    inner->addWidget(title);
    inner->addWidget(intro);
    inner->addSpacing(10);
    inner->addWidget(m_add, 0, Qt::AlignHCenter);
    inner->addSpacing(14);
    inner->addWidget(m_sandboxText);
    inner->addWidget(m_sandbox, 0, Qt::AlignHCenter);
    inner->addWidget(m_hint);

    // Centred by stretches, not by alignment: an aligned item gets its size hint, and a
    // column of wrapped labels hinted at another width came out too short, so the logo
    // overlapped the heading and the last lines were cut. Between stretches the column gets
    // the height its labels need at its width; a window shorter than that scrolls.
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column);
    row->addStretch(1);
    auto* page = new QWidget;
    auto* centred = new QVBoxLayout(page);
    centred->addStretch(2);
    centred->addLayout(row);
    centred->addStretch(3);
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setWidget(page);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

void WelcomeWidget::setSandboxAvailable(bool available, const QString& hint) {
    m_sandbox->setEnabled(available);
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
}

void WelcomeWidget::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    m_add->setFocus(Qt::OtherFocusReason);
}

} // namespace tributary::ui
