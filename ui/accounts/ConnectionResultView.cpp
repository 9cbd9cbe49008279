#include "accounts/ConnectionResultView.h"

#include "accounts/BusyIndicator.h"
#include "accounts/ConnectionResultText.h"
#include "accounts/StatusBadge.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {
QLabel* wrappingLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

ConnectionResultView::ConnectionResultView(QWidget* parent)
    : QWidget(parent)
    , m_busy(new BusyIndicator(this))
    , m_badge(new StatusBadge(this))
    , m_headline(wrappingLabel(this))
    , m_advice(wrappingLabel(this))
    , m_details(wrappingLabel(this))
    , m_fingerprint(wrappingLabel(this))
    , m_trust(new QPushButton(tr("&Trust this certificate"), this)) {
    setObjectName(QStringLiteral("connectionResult"));
    setAttribute(Qt::WA_StyledBackground);
    setAccessibleName(tr("Connection test result"));

    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_headline->setObjectName(QStringLiteral("resultHeadline"));
    m_advice->setObjectName(QStringLiteral("resultAdvice"));
    m_details->setObjectName(QStringLiteral("resultDetails"));
    QPalette muted = m_details->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_details->setPalette(muted);
    QFont small = m_details->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_details->setFont(small);

    m_fingerprint->setObjectName(QStringLiteral("resultFingerprint"));
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fingerprint->setAccessibleName(tr("Certificate fingerprint (SHA-256)"));
    m_trust->setObjectName(QStringLiteral("trustCertificate"));
    m_trust->setAccessibleName(tr("Trust this certificate"));
    m_trust->setToolTip(tr("Remember this certificate for this account and test again"));
    connect(m_trust, &QPushButton::clicked, this, [this] { emit trustRequested(m_fingerprintHex); });

    auto* marks = new QVBoxLayout;
    marks->setContentsMargins(0, 0, 0, 0);
    marks->addWidget(m_busy);
    marks->addWidget(m_badge);
    marks->addStretch();

    auto* trustRow = new QHBoxLayout;
    trustRow->setContentsMargins(0, 0, 0, 0);
    trustRow->addWidget(m_trust);
    trustRow->addStretch();

    auto* words = new QVBoxLayout;
    words->setContentsMargins(0, 0, 0, 0);
    words->setSpacing(4);
    words->addWidget(m_headline);
    words->addWidget(m_advice);
    words->addWidget(m_fingerprint);
    words->addLayout(trustRow);
    words->addWidget(m_details);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(10);
    layout->addLayout(marks);
    layout->addLayout(words, 1);
    clear();
}

void ConnectionResultView::setTone(Tone tone) {
    // A light wash of the outcome's colour, kept faint so text contrast follows the palette.
    QString background;
    switch (tone) {
    case Tone::Neutral:
        background = QStringLiteral("transparent");
        break;
    case Tone::Success:
        background = QStringLiteral("rgba(47, 168, 79, 0.10)");
        break;
    case Tone::Problem:
        background = QStringLiteral("rgba(224, 155, 18, 0.13)");
        break;
    }
    setStyleSheet(
        QStringLiteral("#connectionResult { background: %1; border-radius: 6px; }").arg(background));
    m_badge->setVisible(tone != Tone::Neutral);
    m_badge->setKind(tone == Tone::Success ? StatusBadge::Kind::Success : StatusBadge::Kind::Problem);
}

void ConnectionResultView::showBusy(const QString& step) {
    clear();
    setTone(Tone::Neutral);
    m_busy->start();
    m_headline->setFont(font());
    m_headline->setText(step);
    m_headline->show();
    show();
    emit changed();
}

void ConnectionResultView::showResult(const ConnectionTestResult& result, bool email) {
    const ConnectionResultText words = describeConnectionResult(result, email);
    showMessage(result.ok() ? Tone::Success : Tone::Problem, words.headline, words.advice);
    m_details->setText(words.details);
    m_details->setVisible(!words.details.isEmpty());
    m_fingerprintHex = result.outcome == ConnectionOutcome::TlsUntrusted ? result.fingerprint : QString();
    if (!m_fingerprintHex.isEmpty()) {
        // Two rows of 16 bytes, as certificate viewers show it, rather than wrapped anywhere.
        const QString formatted = result.formattedFingerprint();
        m_fingerprint->setText(tr("SHA-256 fingerprint:") + QLatin1Char('\n') + formatted.left(47) +
                               QLatin1Char('\n') + formatted.mid(48));
        m_fingerprint->setAccessibleDescription(formatted);
        m_fingerprint->show();
        m_trust->show();
        m_trust->setDefault(true);
    }
    emit changed();
}

void ConnectionResultView::showMessage(Tone tone, const QString& headline, const QString& advice) {
    clear();
    setTone(tone);
    QFont bold = font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_headline->setText(headline);
    m_headline->setVisible(!headline.isEmpty());
    m_advice->setText(advice);
    m_advice->setVisible(!advice.isEmpty());
    show();
    emit changed();
}

void ConnectionResultView::clear() {
    m_busy->stop();
    m_badge->hide();
    for (QLabel* label : {m_headline, m_advice, m_details, m_fingerprint}) {
        label->clear();
        label->hide();
    }
    m_trust->hide();
    m_fingerprintHex.clear();
    setTone(Tone::Neutral);
    hide();
    emit changed();
}

QString ConnectionResultView::text() const {
    QStringList parts;
    for (const QLabel* label : {m_headline, m_advice, m_details}) {
        if (!label->isHidden() && !label->text().isEmpty())
            parts.append(label->text());
    }
    if (!m_fingerprintHex.isEmpty())
        parts.append(formatFingerprint(m_fingerprintHex));
    return parts.join(QLatin1Char('\n'));
}

bool ConnectionResultView::isBusy() const {
    return m_busy->isRunning();
}

} // namespace tributary::ui
