#pragma once

// What the abstract provider contract (ProviderContractTests.h and the ProviderContract*Tests.h
// beside it) needs from a provider's test peer. Every provider's fixture implements it against
// its real peer (Dovecot and Postfix, an emulator) in tests/providers/<id>/integration/.
//
// The out-of-band hooks change the server behind the provider's back, as another client or the
// server itself would (after Sink's MailSyncTest: createMessage, removeMessage, markAsImportant).
// Where a peer cannot do what a hook asks (IMAP has no rate-limit answer), the hook answers false
// and says why in `whyNot`: the case SKIPs with that reason.

#include "provider/Provider.h"

#include <QList>
#include <QString>
#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace tributary::test {

class ProviderHarness {
public:
    virtual ~ProviderHarness() = default;
    //! A provider on a working account at the peer.
    virtual std::unique_ptr<Provider> createProvider() = 0;
    //! The same account with a wrong password or revoked token.
    virtual std::unique_ptr<Provider> createProviderWithBadCredentials() = 0;
    //! The channel seeded messages arrive in (an email Inbox, a chat channel).
    virtual Channel primaryChannel(const QList<Channel>& channels) = 0;
    //! Puts `count` messages whose subject/text contain `marker` into the primary
    //! channel out of band (LMTP delivery, emulator API), from someone else. Synchronous.
    virtual bool seedMessages(int count, const QString& marker) = 0;
    //! A new message to the primary channel (for email: to the account itself).
    virtual OutgoingMessage outgoing(const QString& marker) = 0;
    //! Returns once everything sent so far has reached the peer's mailboxes (email goes
    //! through a mail queue; a chat post is there when the call returns).
    virtual bool waitForDeliveries() { return true; }

    // --- out of band -----------------------------------------------------------------------

    //! One message in the primary channel whose text contains `marker`, written by the user
    //! (a chat lets one edit and delete only one's own; email lets one move and delete any).
    virtual bool seedOwnMessage(const QString& marker) { return seedMessages(1, marker); }
    //! Deletes the message at the server (expunged, deleted by its author).
    virtual bool deleteOutOfBand(const Message& message) = 0;
    //! Marks the message read at the server (another client of the same user read it).
    virtual bool markReadOutOfBand(const Message& message) = 0;
    //! Gives the message a new text at the server (its author edited it; for email another
    //! client replaced it with an edited copy). `text` keeps the message's marker.
    virtual bool editOutOfBand(const Message& message, const QString& text) = 0;
    //! Makes the server forget the sync positions it handed out for the channel (an IMAP
    //! folder's new UIDVALIDITY): the next syncChanges from an older state must ask for a reset.
    virtual bool expireSyncState(const Channel& channel, QString* whyNot) = 0;

    // --- capabilities ------------------------------------------------------------------------

    //! With Capability::Move: a channel other than the primary one to move messages into.
    virtual Channel moveTarget(const QList<Channel>& channels) {
        Q_UNUSED(channels);
        return {};
    }
    //! With Capability::Push, after subscribe(): true once the push connection is live, so that
    //! what changes from now on is announced. `events` are those the provider sent so far.
    virtual bool pushIsLive(Provider& provider, const QList<Event>& events) = 0;

    // --- faults --------------------------------------------------------------------------------

    //! A provider on the same account whose requests reach a peer the two hooks below steer
    //! (an emulator addressed directly, a proxy in front of the server).
    virtual std::unique_ptr<Provider> createProviderForFaults() { return createProvider(); }
    //! The next `count` requests of providers from createProviderForFaults() are refused with the
    //! peer's "slow down, try again in `retryAfter`" (HTTP 429 + Retry-After).
    virtual bool rateLimitNextCalls(int count, std::chrono::seconds retryAfter, QString* whyNot) = 0;
    //! From now on the peer takes requests of providers from createProviderForFaults() but holds
    //! their answers back until releaseAnswers(); true once a request is held.
    virtual bool holdAnswers() = 0;
    virtual bool waitForHeldRequest() = 0;
    virtual void releaseAnswers() = 0;
};

struct HarnessFactory {
    std::string name;
    std::function<std::unique_ptr<ProviderHarness>()> make;
};

inline void PrintTo(const HarnessFactory& f, std::ostream* os) {
    *os << f.name;
}

} // namespace tributary::test
