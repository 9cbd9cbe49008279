#pragma once

#include "model/Model.h"

#include <QByteArrayView>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tributary {

class SqliteStatement;

//! Turns message rows into Messages for the warm start, where 100k rows must load
//! fast. Most of that cost is memory allocation, so values that repeat across rows
//! (account and channel ids, authors, recipient lists) are decoded once and shared
//! through Qt's implicit sharing: fewer allocations now, less memory for the list.
class MessageRowReader {
public:
    //! Fills `m` from a row of cacherows::kMessageSelect*; bodyLoaded stays false.
    void read(const SqliteStatement& st, Message& m);

private:
    struct Recipients {
        QList<Participant> to;
        QList<Participant> cc;
        QList<Participant> bcc;
        QList<Participant> replyTo;
    };
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    template <typename V>
    using Pool = std::unordered_map<std::string, V, Hash, std::equal_to<>>;

    QString shared(QByteArrayView utf8);
    const Recipients& recipients(QByteArrayView utf8);

    //! Bounds the pools: past this many distinct values, new ones are decoded unshared.
    static constexpr size_t kMaxPooled = 20000;
    Pool<QString> m_strings;
    Pool<Recipients> m_recipients;
    Recipients m_scratch;
};

} // namespace tributary
