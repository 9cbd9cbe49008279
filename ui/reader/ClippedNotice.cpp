#include "ClippedNotice.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace tributary::ui {

ClippedNotice::ClippedNotice(QWidget* parent)
    : QWidget(parent) {
    setAccessibleName(tr("Message clipped"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    m_label = new QLabel(tr("This message is long: only its beginning is shown."), this);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    m_button = new QPushButton(tr("Show the whole message"), this);
    m_button->setAutoDefault(false);
    m_button->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    row->addWidget(m_label, 1);
    row->addWidget(m_button);
    connect(m_button, &QPushButton::clicked, this, &ClippedNotice::showWholeClicked);
}

QString ClippedNotice::text() const {
    return m_label->text();
}

} // namespace tributary::ui
