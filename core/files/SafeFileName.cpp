#include "files/SafeFileName.h"

#include <QStringList>

namespace tributary {

namespace {

bool isInvisibleOrControl(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
           // Marks and overrides that reorder what is shown: "\u202Egpj.exe" reads "exe.jpg".
           c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

bool isWindowsReserved(char32_t c) {
    return c == U'<' || c == U'>' || c == U':' || c == U'"' || c == U'|' || c == U'?' || c == U'*';
}

bool isReservedDeviceName(const QString& name) {
    const QString stem = name.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    static const QStringList fixed{QStringLiteral("CON"),    QStringLiteral("PRN"),
                                   QStringLiteral("AUX"),    QStringLiteral("NUL"),
                                   QStringLiteral("CONIN$"), QStringLiteral("CONOUT$")};
    if (fixed.contains(stem))
        return true;
    return stem.size() == 4 &&
           (stem.startsWith(QLatin1String("COM")) || stem.startsWith(QLatin1String("LPT"))) &&
           stem.at(3) >= QLatin1Char('0') && stem.at(3) <= QLatin1Char('9');
}

//! The last non-empty path component, by either separator.
QString lastComponent(const QString& name) {
    const QStringList parts =
        QString(name).replace(QLatin1Char('\\'), QLatin1Char('/')).split(QLatin1Char('/'));
    for (auto it = parts.crbegin(); it != parts.crend(); ++it) {
        if (!it->trimmed().isEmpty())
            return *it;
    }
    return {};
}

QString trimmedEnds(QString name) {
    qsizetype begin = 0;
    while (begin < name.size() && (name.at(begin) == QLatin1Char('.') || name.at(begin).isSpace()))
        ++begin;
    qsizetype end = name.size();
    while (end > begin && (name.at(end - 1) == QLatin1Char('.') || name.at(end - 1).isSpace()))
        --end;
    return name.mid(begin, end - begin);
}

//! `text` cut to at most `maxBytes` of UTF-8, never inside a character.
QString cutToBytes(const QString& text, qsizetype maxBytes) {
    QString out;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size();) {
        const qsizetype width = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QString ch = text.mid(i, width);
        const qsizetype size = ch.toUtf8().size();
        if (bytes + size > maxBytes)
            break;
        out += ch;
        bytes += size;
        i += width;
    }
    return out;
}

QString cleaned(const QString& proposed, int maxBytes) {
    QString name;
    const QString last = lastComponent(proposed);
    name.reserve(last.size());
    for (const char32_t c : last.toUcs4()) {
        if (isInvisibleOrControl(c))
            continue;
        if (isWindowsReserved(c))
            name += QLatin1Char('_');
        else
            name += QString::fromUcs4(&c, 1);
    }
    name = trimmedEnds(name);
    if (name.isEmpty())
        return {};
    if (isReservedDeviceName(name))
        name.prepend(QLatin1Char('_'));
    if (name.toUtf8().size() <= maxBytes)
        return name;
    // Too long: keep a short extension whole and cut the stem.
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    const QString extension = dot > 0 ? name.mid(dot) : QString();
    const qsizetype extensionBytes = extension.toUtf8().size();
    if (extensionBytes > 0 && extensionBytes <= 16 && extensionBytes < maxBytes) {
        const QString stem = trimmedEnds(cutToBytes(name.left(dot), maxBytes - extensionBytes));
        if (!stem.isEmpty())
            return stem + extension;
    }
    return trimmedEnds(cutToBytes(name, maxBytes));
}

} // namespace

QString safeFileName(const QString& proposed, const QString& fallback, int maxBytes) {
    maxBytes = std::max(maxBytes, 16);
    QString name = cleaned(proposed, maxBytes);
    if (name.isEmpty())
        name = cleaned(fallback, maxBytes);
    return name.isEmpty() ? QStringLiteral("attachment") : name;
}

} // namespace tributary
