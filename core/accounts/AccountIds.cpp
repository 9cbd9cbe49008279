#include "accounts/AccountIds.h"

#include <array>

namespace tributary {

QString suggestAccountId(const QString& seed, const QStringList& taken) {
    QString base;
    bool dash = false;
    for (const QChar c : seed.trimmed().toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            base += c;
            dash = false;
        } else if (!base.isEmpty() && !dash) {
            base += QLatin1Char('-');
            dash = true;
        }
    }
    while (base.endsWith(QLatin1Char('-')))
        base.chop(1);
    base = base.left(48);
    if (base.isEmpty())
        base = QStringLiteral("account");
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = base + QLatin1Char('-') + QString::number(n);
    return id;
}

QColor suggestAccountColour(int index) {
    static const std::array<QRgb, 8> palette{0x2f6fde, 0x2fa84f, 0xd9622b, 0x8e44ad,
                                             0x16a2b8, 0xc0392b, 0xb7950b, 0x5d6d7e};
    const auto i = static_cast<size_t>(index < 0 ? 0 : index) % palette.size();
    return QColor::fromRgb(palette[i]);
}

} // namespace tributary
