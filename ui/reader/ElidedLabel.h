#pragma once

#include <QLabel>

namespace tributary::ui {

//! A one-line label that shortens its text with "…" to the width it gets, instead of
//! asking for the whole text's width (which would push a card wider than the pane).
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    QString fullText() const { return m_text; }
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elide();

    QString m_text;
};

} // namespace tributary::ui
