#pragma once

// A small JSON Schema check for payloads no proxy validates: websocket and webhook events
// described by AsyncAPI (Slack's Events API), gateway frames... It understands what those
// descriptions use: $ref within the same document, type (incl. lists of types), required,
// properties, additionalProperties: false, items (one schema), enum and minItems. Tuple
// "items" (a list of schemas) and everything else are not checked.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <cmath>

namespace tributary::test {

namespace detail {

inline QJsonObject resolveSchemaRef(QJsonObject schema, const QJsonObject& document) {
    for (int depth = 0; depth < 16 && schema.contains(QStringLiteral("$ref")); ++depth) {
        const QString ref = schema.value(QStringLiteral("$ref")).toString();
        if (!ref.startsWith(QLatin1String("#/")))
            return {};
        QJsonValue node = document;
        for (const QString& part : ref.mid(2).split(QLatin1Char('/')))
            node = node.toObject().value(part);
        schema = node.toObject();
    }
    return schema;
}

inline bool jsonHasType(const QJsonValue& value, const QString& type) {
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("null"))
        return value.isNull();
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("integer"))
        return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
    return true;
}

} // namespace detail

//! Where `value` breaks `schema` (resolved in `document`), one line per problem; empty if none.
inline QStringList schemaProblems(const QJsonValue& value, const QJsonObject& schemaIn,
                                  const QJsonObject& document,
                                  const QString& where = QStringLiteral("payload")) {
    const QJsonObject schema = detail::resolveSchemaRef(schemaIn, document);
    QStringList problems;
    const QJsonValue type = schema.value(QStringLiteral("type"));
    if (type.isString() || type.isArray()) {
        const QJsonArray types = type.isArray() ? type.toArray() : QJsonArray{type};
        bool any = false;
        for (const QJsonValue& t : types)
            any = any || detail::jsonHasType(value, t.toString());
        if (!any) {
            problems << QStringLiteral("%1: expected type %2")
                            .arg(where, QString::fromUtf8(
                                            QJsonDocument(QJsonArray(types)).toJson(QJsonDocument::Compact)));
            return problems;
        }
    }
    if (schema.contains(QStringLiteral("enum")) &&
        !schema.value(QStringLiteral("enum")).toArray().contains(value))
        problems << QStringLiteral("%1: not one of the allowed values").arg(where);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const QJsonValue& key : schema.value(QStringLiteral("required")).toArray())
            if (!object.contains(key.toString()))
                problems << QStringLiteral("%1: missing required property '%2'").arg(where, key.toString());
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (properties.contains(it.key()))
                problems << schemaProblems(it.value(), properties.value(it.key()).toObject(), document,
                                           where + QLatin1Char('.') + it.key());
            else if (schema.value(QStringLiteral("additionalProperties")) == QJsonValue(false))
                problems << QStringLiteral("%1: property '%2' is not allowed").arg(where, it.key());
        }
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QStringLiteral("minItems")) &&
            array.size() < schema.value(QStringLiteral("minItems")).toInt())
            problems << QStringLiteral("%1: fewer than %2 items")
                            .arg(where)
                            .arg(schema.value(QStringLiteral("minItems")).toInt());
        const QJsonValue items = schema.value(QStringLiteral("items"));
        if (items.isObject())
            for (int i = 0; i < array.size(); ++i)
                problems << schemaProblems(array.at(i), items.toObject(), document,
                                           QStringLiteral("%1[%2]").arg(where, QString::number(i)));
    }
    return problems;
}

} // namespace tributary::test
