#include "ReaderPage.h"

#include "ReaderSchemes.h"
#include "util/Logging.h"

namespace tributary::ui {

bool ReaderPage::acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) {
    if (url.scheme() == readerschemes::documentScheme() && isMainFrame &&
        (type == NavigationTypeTyped || type == NavigationTypeReload || type == NavigationTypeOther))
        return true; // the reader loading its own document
    if (type == NavigationTypeLinkClicked && isMainFrame)
        emit linkClicked(url);
    return false;
}

QWebEnginePage* ReaderPage::createWindow(WebWindowType) {
    return nullptr; // no pop-ups, no new tabs
}

void ReaderPage::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString& message, int,
                                          const QString&) {
    // Chromium reports refused loads (CSP, local resources) here; they are expected.
    qCDebug(lcUi) << "reader console:" << message.left(200);
}

} // namespace tributary::ui
