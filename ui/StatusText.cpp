#include "StatusText.h"

#include <QCoreApplication>
#include <QLocale>

namespace tributary::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("tributary::ui::StatusText", text);
}
} // namespace

QString groupedNumber(qint64 n) {
    // The C locale omits group separators, and test machines and containers often run under it.
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(n);
}

QString statusText(const ConnectionStatus& status) {
    auto withDetail = [&](const QString& head) {
        return status.detail.isEmpty() ? head : head + QStringLiteral(": ") + status.detail;
    };
    switch (status.state) {
    case ConnectionState::Offline:
        return withDetail(tr("offline"));
    case ConnectionState::Connecting:
        return tr("connecting");
    case ConnectionState::Online:
        return tr("up to date");
    case ConnectionState::Syncing:
        if (status.progressTotal > 0)
            return tr("syncing %1 / %2")
                .arg(groupedNumber(std::min(status.progressDone, status.progressTotal)),
                     groupedNumber(status.progressTotal));
        if (status.progressDone > 0)
            return tr("syncing %1").arg(groupedNumber(status.progressDone));
        return tr("syncing");
    case ConnectionState::NeedsSignIn:
        return tr("needs sign-in");
    case ConnectionState::Error:
        return withDetail(tr("error"));
    }
    return {};
}

} // namespace tributary::ui
