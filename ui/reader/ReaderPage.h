#pragma once

#include <QWebEnginePage>

namespace tributary::ui {

//! The page of a message reader: it shows exactly one document, ours. Every navigation
//! away (a clicked link, a meta refresh that slipped through, a form) is refused; a click
//! is reported through linkClicked() so the reader can show the real target first.
class ReaderPage : public QWebEnginePage {
    Q_OBJECT
public:
    using QWebEnginePage::QWebEnginePage;

signals:
    void linkClicked(const QUrl& url);

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) override;
    QWebEnginePage* createWindow(WebWindowType type) override;
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString& message, int line,
                                  const QString& source) override;
};

} // namespace tributary::ui
