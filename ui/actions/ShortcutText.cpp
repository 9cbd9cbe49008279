#include "actions/ShortcutText.h"

#include <QAction>

namespace tributary::ui {

QString typedShortcutText(const QString& nativeText) {
    if (nativeText.size() == 1 && nativeText.at(0) >= QLatin1Char('A') &&
        nativeText.at(0) <= QLatin1Char('Z'))
        return nativeText.toLower();
    return nativeText;
}

QString typedShortcut(const QKeySequence& keys) {
    return typedShortcutText(keys.toString(QKeySequence::NativeText));
}

QString shortcutsText(const QAction* action) {
    QStringList keys;
    for (const QKeySequence& k : action->shortcuts()) {
        const QString text = typedShortcut(k);
        if (!text.isEmpty() && !keys.contains(text))
            keys.append(text);
    }
    return keys.join(QStringLiteral("  ·  "));
}

} // namespace tributary::ui
