#pragma once

#include "model/Model.h"
#include "util/Result.h"

#include <QSet>
#include <QString>
#include <QVariant>

namespace tributary::imap {

struct ImapSettings;

//! The account form's "Other addresses" (setting "aliases"): RFC 5322 mailboxes separated
//! by commas or line breaks ("Support Team <help@example.com>, jane.doe@example.com"), or a
//! list of such strings (an accounts file). An entry that is no email address is refused
//! with a message that names it.
Result<QList<Participant>> parseAliases(const QVariant& value);

//! Who the user is at this account: the account's address with its name (the default), then
//! each alias (without a name of its own it takes the account's).
QList<Identity> imapIdentities(const ImapSettings& settings);

//! The account's addresses (primary and aliases), lower case, to mark MessageFlag::FromMe.
class OwnAddresses {
public:
    explicit OwnAddresses(const ImapSettings& settings);
    //! Sets MessageFlag::FromMe when the message's author is one of the addresses.
    void mark(Message& message) const;

private:
    QSet<QString> m_addresses;
};

} // namespace tributary::imap
