#include "model/Ids.h"

#include <QUrl>

namespace tributary {

namespace {
const QByteArray kSafe = QByteArrayLiteral("-._~");

QString encodePart(const QString& part) {
    return QString::fromLatin1(QUrl::toPercentEncoding(part, kSafe));
}

QString decodePart(QStringView part) {
    return QUrl::fromPercentEncoding(part.toLatin1());
}
} // namespace

QString GlobalId::toString() const {
    return QStringLiteral("v%1:%2:%3:%4")
        .arg(kSchemeVersion)
        .arg(QChar::fromLatin1(static_cast<char>(kind)), encodePart(accountId), encodePart(nativeId));
}

std::optional<GlobalId> GlobalId::parse(const QString& id) {
    const QList<QStringView> parts = QStringView(id).split(QLatin1Char(':'));
    if (parts.size() != 4 || parts[0] != QStringLiteral("v1") || parts[1].size() != 1)
        return std::nullopt;
    const char k = parts[1].at(0).toLatin1();
    switch (k) {
    case 'a':
    case 'c':
    case 't':
    case 'm':
    case 'p':
    case 'f':
        break;
    default:
        return std::nullopt;
    }
    GlobalId g;
    g.kind = static_cast<IdKind>(k);
    g.accountId = decodePart(parts[2]);
    g.nativeId = decodePart(parts[3]);
    return g;
}

QString makeId(IdKind kind, const QString& accountId, const QString& nativeId) {
    return GlobalId{kind, accountId, nativeId}.toString();
}

QString accountOf(const QString& globalId) {
    const auto g = GlobalId::parse(globalId);
    return g ? g->accountId : QString();
}

QString nativeOf(const QString& globalId) {
    const auto g = GlobalId::parse(globalId);
    return g ? g->nativeId : QString();
}

} // namespace tributary
