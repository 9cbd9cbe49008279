#include "UndoBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

namespace tributary::ui {

UndoBar::UndoBar(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("undoBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->setSpacing(8);
    m_label = new QLabel(this);
    m_label->setTextFormat(Qt::PlainText);
    m_button = new QPushButton(tr("Undo"), this);
    m_button->setObjectName(QStringLiteral("undoButton"));
    m_button->setToolTip(tr("Take the action back (Ctrl+Z)"));
    m_button->setFocusPolicy(Qt::NoFocus); // the list keeps the keyboard
    m_button->setAutoDefault(false);
    layout->addWidget(m_label);
    layout->addWidget(m_button);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &UndoBar::dismiss);
    connect(m_button, &QPushButton::clicked, this, [this] {
        dismiss();
        emit undoRequested();
    });
    hide();
}

void UndoBar::showMessage(const QString& text, int ms) {
    m_label->setText(text);
    show();
    m_timer->start(ms);
}

void UndoBar::dismiss() {
    m_timer->stop();
    hide();
}

QString UndoBar::text() const {
    return isVisible() ? m_label->text() : QString();
}

} // namespace tributary::ui
