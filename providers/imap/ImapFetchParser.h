#pragma once

// Parsing of FETCH responses: flags, dates, ENVELOPE (with RFC 2047 decoding),
// BODYSTRUCTURE (attachment detection and the part tree) and body sections.

#include "imap/ImapResponseParser.h"
#include "model/Model.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <vector>

namespace tributary::imap {

struct ImapAddress {
    QString name;    //!< decoded display name, may be empty
    QString address; //!< mailbox@host, or just the mailbox for group-less local names
};

struct ImapEnvelope {
    QDateTime date; //!< the Date header, UTC; invalid if missing or unparseable
    QString subject;
    QList<ImapAddress> from;
    QList<ImapAddress> sender;
    QList<ImapAddress> replyTo;
    QList<ImapAddress> to;
    QList<ImapAddress> cc;
    QList<ImapAddress> bcc;
    QString inReplyTo; //!< first message id, without angle brackets
    QString messageId; //!< without angle brackets
};

//! A leaf of a BODYSTRUCTURE (message/rfc822 parts are leaves too: we do not descend).
struct ImapBodyPart {
    QByteArray path;        //!< IMAP part specifier: "1", "2.1"
    QByteArray type;        //!< lowercase: "text", "image"
    QByteArray subtype;     //!< lowercase: "plain", "png"
    QByteArray charset;     //!< as sent (case kept)
    QByteArray encoding;    //!< lowercase Content-Transfer-Encoding
    QByteArray contentId;   //!< without angle brackets
    QByteArray disposition; //!< lowercase: "inline", "attachment" or empty
    QString fileName;       //!< decoded (RFC 2231 / 2047) from disposition filename or type name
    qint64 size = -1;       //!< encoded size in bytes
    bool formatFlowed = false;
    bool delSp = false;
    bool inAlternative = false;
    bool inRelated = false;
    bool attachment = false; //!< per mail::isAttachmentPart()

    QByteArray mimeType() const { return type + '/' + subtype; }
};

//! A body section returned by BODY[...] or BINARY[...].
struct ImapSection {
    QByteArray spec;    //!< the text between the brackets: "", "1.2", "HEADER", "1.MIME"
    qint64 origin = -1; //!< the <origin> of a partial fetch, else -1
    QByteArray data;
    bool nil = false;
};

//! One FETCH response.
struct ImapFetchItem {
    quint32 seq = 0;
    quint32 uid = 0;
    bool hasFlags = false;
    MessageFlags flags;
    QDateTime internalDate;
    qint64 size = -1;
    quint64 modseq = 0;
    bool hasEnvelope = false;
    ImapEnvelope envelope;
    bool hasBodyStructure = false;
    bool hasAttachments = false;
    QList<ImapBodyPart> parts; //!< only with FetchOptions::collectParts
    QStringList references;    //!< from a HEADER.FIELDS (REFERENCES) section
    QList<ImapSection> sections;
    QString preview; //!< PREVIEW / SNIPPET, if the server sent one
};

//! Decodes the strings of a FETCH stream once per distinct raw value: across thousands of
//! envelopes the same names, addresses, subjects and Message-IDs recur, so each is decoded
//! once and its QString is shared (implicitly) by every message that carries it. That saves
//! the decoding work and keeps one copy in memory instead of one per message. Bounded; use
//! one per listing (one thread).
class ImapStringCache {
public:
    //! mail::decodeHeader(raw).
    QString header(QByteArrayView raw);
    //! QString::fromUtf8(raw).
    QString utf8(QByteArrayView raw);

private:
    //! An open-addressing table (linear probing) keyed by raw bytes kept in one arena: a
    //! lookup is one hash over the bytes and, on a hit, one memcmp; nothing is allocated.
    struct Slot {
        quint64 hash = 0;
        qsizetype keyOffset = -1; //!< into `keys`; -1 for an empty slot
        qsizetype keySize = 0;
        QString value;
    };
    struct Table {
        std::vector<Slot> buckets;
        QByteArray keys;
        size_t used = 0;
    };
    template <typename Decode>
    QString lookup(Table& table, QByteArrayView raw, Decode decode);
    static void grow(Table& table);

    Table m_headers;
    Table m_utf8;
};

struct FetchOptions {
    //! Keep the BODYSTRUCTURE part list (reading a message); listing only needs hasAttachments.
    bool collectParts = false;
    //! Shares decoded strings across the FETCH responses of one listing; may be null.
    ImapStringCache* strings = nullptr;
};

//! Maps one IMAP flag ("\\Seen", "$Forwarded") to a model flag; NoFlags if it has none.
MessageFlag flagFromImap(QByteArrayView flag);

//! Parses an untagged FETCH response. False if it is not one or is malformed; then `failure`
//! (if given) says why (ImapReader::Failure::TooDeep for hostile nesting).
bool parseFetch(const ImapResponse& response, ImapFetchItem& out, const FetchOptions& options = {},
                ImapReader::Failure* failure = nullptr);

//! Parses a BODYSTRUCTURE value at the reader's position.
void parseBodyStructure(ImapReader& reader, ImapFetchItem& out, bool collectParts);

} // namespace tributary::imap
