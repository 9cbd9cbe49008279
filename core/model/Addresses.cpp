#include "model/Addresses.h"

#include <QStringList>

namespace tributary {

namespace {

//! RFC 5322 3.2.3 specials, plus "=?" (RFC 2047 5: no encoded word inside a quoted-string).
bool needsQuoting(const QString& name) {
    static const QString specials = QStringLiteral("()<>[]:;@\\,.\"");
    for (const QChar c : name) {
        if (specials.contains(c))
            return true;
    }
    return name.contains(QLatin1String("=?"));
}

QString phrase(QString name) {
    if (!needsQuoting(name))
        return name;
    name.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    name.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + name + QLatin1Char('"');
}

} // namespace

QString formatAddress(const Participant& person) {
    if (person.address.isEmpty())
        return person.displayName;
    if (person.displayName.isEmpty() || person.displayName == person.address)
        return person.address;
    return phrase(person.displayName) + QLatin1String(" <") + person.address + QLatin1Char('>');
}

QString formatAddressList(const QList<Participant>& people) {
    QStringList parts;
    parts.reserve(people.size());
    for (const Participant& p : people)
        parts.append(formatAddress(p));
    return parts.join(QLatin1String(", "));
}

} // namespace tributary
