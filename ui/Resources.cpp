#include "Resources.h"

#include "util/Logging.h"

#include <QFile>
#include <QImageReader>

// Q_INIT_RESOURCE must be called from the global namespace.
static void initTributaryResources() {
    Q_INIT_RESOURCE(tributary);
}

namespace tributary::ui {

void initResources() {
    static const bool done = [] {
        initTributaryResources();
        // The bundled icons are SVG, drawn by Qt's SVG plugin (Debian: libqt6svg6).
        if (!QImageReader::supportedImageFormats().contains("svg"))
            qCWarning(lcUi) << "Qt has no SVG support (install libqt6svg6): bundled icons will not show";
        return true;
    }();
    Q_UNUSED(done);
}

QString styleSheet() {
    initResources();
    QFile file(QStringLiteral(":/style/tributary.qss"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace tributary::ui
