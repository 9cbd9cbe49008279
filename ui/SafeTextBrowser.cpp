#include "SafeTextBrowser.h"

#include "Icons.h"

namespace tributary::ui {

SafeTextBrowser::SafeTextBrowser(QWidget* parent)
    : QTextBrowser(parent) {
    setReadOnly(true);
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
}

QVariant SafeTextBrowser::loadResource(int type, const QUrl& name) {
    // Our own icons ("tributary-icon:attachment") are the only images a message view shows.
    if (type == QTextDocument::ImageResource && name.scheme() == QLatin1String("tributary-icon")) {
        const QIcon icon = icons::bundled(name.path());
        if (!icon.isNull())
            return icon.pixmap(QSize(16, 16), devicePixelRatioF());
    }
    return {};
}

} // namespace tributary::ui
