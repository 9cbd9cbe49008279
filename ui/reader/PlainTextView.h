#pragma once

#include "SafeTextBrowser.h"

namespace tributary::ui {

//! A plain-text message body in the reader: as tall as its text (no inner scroll bar, so
//! readers stack in a conversation), wrapping long words such as URLs instead of growing
//! wider than the pane, and loading nothing (SafeTextBrowser). Links are reported through
//! anchorClicked().
class PlainTextView : public SafeTextBrowser {
    Q_OBJECT
public:
    explicit PlainTextView(QWidget* parent = nullptr);

    //! Shows `html` (from plainTextHtml()) with every line at least `lineHeight` pixels
    //! high, the line spacing of the HTML reader.
    void setBody(const QString& html, qreal lineHeight);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitHeight();
};

} // namespace tributary::ui
