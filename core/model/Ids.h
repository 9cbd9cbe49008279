#pragma once

#include <QString>
#include <optional>

namespace tributary {

//! Kinds of object that carry a global id.
enum class IdKind : char {
    Account = 'a',
    Channel = 'c',
    Thread = 't',
    Message = 'm',
    Participant = 'p',
    Attachment = 'f',
};

//! The stable, versioned id scheme. Changing how ids are derived duplicates every
//! cached row, so the scheme carries its version: "v1:m:<account>:<native>".
//! The native part is percent-encoded so any provider id (IMAP "INBOX/123:45",
//! Slack "C123/1700000000.000100") is safe; the whole id is ASCII.
struct GlobalId {
    static constexpr int kSchemeVersion = 1;

    IdKind kind = IdKind::Message;
    QString accountId;
    QString nativeId;

    QString toString() const;
    static std::optional<GlobalId> parse(const QString& id);
};

QString makeId(IdKind kind, const QString& accountId, const QString& nativeId);
//! The account part of any global id, or an empty string if the id is malformed.
QString accountOf(const QString& globalId);
//! The native part of any global id, or an empty string if the id is malformed.
QString nativeOf(const QString& globalId);

} // namespace tributary
