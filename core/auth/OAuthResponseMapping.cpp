#include "auth/OAuthResponseMapping.h"

#include <QJsonValue>

namespace tributary {

OAuthResponseMapper nestedTokenResponse(NestedTokenResponse layout) {
    return [layout = std::move(layout)](const QJsonObject& body) {
        if (!layout.okMember.isEmpty() && !body.value(layout.okMember).toBool(false)) {
            const QString code = body.value(layout.errorMember).toString();
            QString mapped = layout.errorAliases.value(code, code);
            if (mapped.isEmpty())
                mapped = QStringLiteral("invalid_request");
            return QJsonObject{{QStringLiteral("error"), mapped}};
        }
        QJsonObject out = body;
        if (!layout.okMember.isEmpty())
            out.remove(layout.okMember);
        // A refresh answer (Slack's token rotation) has the token members at the top level,
        // with no token object: those are then the ones.
        if (!layout.tokenMember.isEmpty() && body.value(layout.tokenMember).isObject()) {
            const QJsonObject nested = body.value(layout.tokenMember).toObject();
            out.remove(layout.tokenMember);
            // Top-level token members belong to another grant (Slack's bot token, when bot
            // scopes were asked for too): they must not mix with the nested one's.
            for (const QLatin1String member :
                 {QLatin1String("access_token"), QLatin1String("refresh_token"), QLatin1String("expires_in"),
                  QLatin1String("token_type"), QLatin1String("scope")})
                out.remove(member);
            for (auto it = nested.constBegin(); it != nested.constEnd(); ++it)
                out.insert(it.key(), it.value());
        }
        const QString type = out.value(QLatin1String("token_type")).toString();
        if (!type.isEmpty() && layout.bearerTokenTypes.contains(type, Qt::CaseInsensitive))
            out.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
        if (!layout.scopeSeparator.isEmpty() && out.value(QLatin1String("scope")).isString()) {
            const QStringList scopes =
                out.value(QLatin1String("scope")).toString().split(layout.scopeSeparator, Qt::SkipEmptyParts);
            out.insert(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
        }
        return out;
    };
}

} // namespace tributary
