#pragma once

// Parsers for the untagged data responses other than FETCH: LIST, STATUS, SEARCH,
// ESEARCH, NAMESPACE, CAPABILITY, and sequence sets.

#include "imap/ImapResponseParser.h"

#include <QByteArrayList>
#include <QList>
#include <QSet>
#include <optional>

namespace tributary::imap {

struct ImapListEntry {
    QByteArrayList attributes; //!< as sent: "\\Noselect", "\\Sent"
    char delimiter = 0;        //!< 0 when the server says NIL (flat namespace)
    QByteArray name;           //!< on-the-wire name (modified UTF-7)

    bool hasAttribute(QByteArrayView attribute) const;
};

struct ImapStatus {
    QByteArray mailbox; //!< on-the-wire name
    qint64 messages = -1;
    qint64 unseen = -1;
    qint64 uidNext = -1;
    qint64 uidValidity = -1;
    quint64 highestModSeq = 0;
};

struct ImapNamespace {
    QByteArray prefix;
    char delimiter = 0;
};

struct ImapNamespaces {
    QList<ImapNamespace> personal;
    QList<ImapNamespace> otherUsers;
    QList<ImapNamespace> shared;
};

//! "* LIST (\\HasNoChildren) "/" INBOX" (also LSUB).
std::optional<ImapListEntry> parseList(const ImapResponse& response);
//! "* STATUS INBOX (MESSAGES 3 UNSEEN 1)".
std::optional<ImapStatus> parseStatus(const ImapResponse& response);
//! The most numbers one sequence set or search result may expand to, unless the caller
//! knows a tighter bound (the selected mailbox's size): 40 MB of UIDs.
inline constexpr qsizetype kMaxSequenceNumbers = 10'000'000;

//! Numbers from "* SEARCH 1 2 3" or "* ESEARCH (TAG "t1") UID ALL 1:3,5" (appended). False
//! when the response is malformed (a non-number, 0, a number past 32 bits) or `out` would
//! hold more than `maxCount` numbers: a result that cannot be read must not be mistaken for
//! "nothing matched".
bool parseSearch(const ImapResponse& response, QList<quint32>& out, qsizetype maxCount = kMaxSequenceNumbers,
                 ImapReader::Failure* failure = nullptr);
//! "* NAMESPACE (("" "/")) NIL (("Public/" "/"))".
std::optional<ImapNamespaces> parseNamespace(const ImapResponse& response);
//! Upper-cased capability atoms from "IMAP4rev1 IDLE AUTH=PLAIN ...".
QSet<QByteArray> parseCapabilities(QByteArrayView text);

//! Expands a sequence set "1:3,5" (no "*", no 0) into its numbers, appended to `out`. False
//! if it is malformed or `out` would hold more than `maxCount` numbers (checked before
//! anything is expanded).
bool parseSequenceSet(QByteArrayView set, QList<quint32>& out, qsizetype maxCount = kMaxSequenceNumbers);
//! A compact sequence set for ascending, unique numbers: {1,2,3,5} -> "1:3,5".
QByteArray formatSequenceSet(const QList<quint32>& ascending);

} // namespace tributary::imap
