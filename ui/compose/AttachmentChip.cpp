#include "compose/AttachmentChip.h"

#include "Icons.h"
#include "PlainText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeDatabase>
#include <QToolButton>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {

QIcon iconFor(const QString& mimeType) {
    const QMimeType type = QMimeDatabase().mimeTypeForName(mimeType);
    const QIcon fallback = icons::bundled(QStringLiteral("attachment"));
    if (!type.isValid())
        return fallback;
    return QIcon::fromTheme(type.iconName(), QIcon::fromTheme(type.genericIconName(), fallback));
}

} // namespace

AttachmentChip::AttachmentChip(const QString& fileName, const QString& mimeType, QWidget* parent)
    : QFrame(parent)
    , m_fileName(fileName)
    , m_icon(new QLabel(this))
    , m_name(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_remove(new QToolButton(this)) {
    setObjectName(QStringLiteral("AttachmentChip"));
    setAccessibleName(tr("Attachment %1").arg(fileName));
    setStyleSheet(QStringLiteral("#AttachmentChip { border: 1px solid palette(mid); border-radius: 6px;"
                                 " background: palette(base); }"
                                 "#AttachmentChip QLabel { border: none; background: transparent; }"));
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);

    m_icon->setPixmap(iconFor(mimeType).pixmap(24, 24));
    m_icon->setFixedSize(24, 24);

    // The name is someone's file name, never markup: shown as written, everywhere.
    const QFontMetrics fm(m_name->font());
    m_name->setTextFormat(Qt::PlainText);
    m_name->setText(fm.elidedText(fileName, Qt::ElideMiddle, 200));
    m_name->setToolTip(plainToolTip(fileName));
    m_detail->setTextFormat(Qt::PlainText);
    QFont small = m_detail->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_detail->setFont(small);
    QPalette dim = m_detail->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    m_detail->setPalette(dim);

    m_remove->setText(QStringLiteral("×"));
    m_remove->setAutoRaise(true);
    m_remove->setCursor(Qt::PointingHandCursor);
    m_remove->setToolTip(plainToolTip(tr("Remove %1").arg(fileName)));
    m_remove->setAccessibleName(tr("Remove %1").arg(fileName));
    connect(m_remove, &QToolButton::clicked, this, &AttachmentChip::removeRequested);

    auto* text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(m_name);
    text->addWidget(m_detail);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(8, 4, 2, 4);
    row->setSpacing(8);
    row->addWidget(m_icon);
    row->addLayout(text);
    row->addWidget(m_remove);
}

void AttachmentChip::showSize(qint64 bytes) {
    m_detail->setText(bytes >= 0 ? QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat)
                                 : QString());
    QPalette dim = m_detail->palette();
    dim.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_detail->setPalette(dim);
    m_detail->setToolTip({});
}

void AttachmentChip::showLoading(const QString& what) {
    m_detail->setText(what);
}

void AttachmentChip::showFailure(const QString& reason) {
    m_detail->setText(tr("Could not attach"));
    m_detail->setToolTip(plainToolTip(reason)); // names the file
    setToolTip(plainToolTip(reason));
    QPalette red = m_detail->palette();
    red.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_detail->setPalette(red);
}

void AttachmentChip::setRemovable(bool removable) {
    m_remove->setEnabled(removable);
}

QString AttachmentChip::detailText() const {
    return m_detail->text();
}

} // namespace tributary::ui
