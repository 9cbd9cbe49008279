#pragma once

#include "model/Model.h"
#include "provider/ProviderError.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <chrono>

namespace tributary {

class ProviderRegistry;
struct AccountForm;

//! What a connection test found, in the terms a person can act on.
enum class ConnectionOutcome {
    Success,
    MissingSecret,    //!< no password or token was entered
    DnsNotFound,      //!< the server name does not exist
    Unreachable,      //!< no route, network down, or the name could not be looked up
    Refused,          //!< the host answered, nothing listens on that port
    TimedOut,         //!< no answer in time
    TlsUntrusted,     //!< the certificate is not trusted; see fingerprint
    TlsFailed,        //!< the secure connection could not be set up (often a wrong security setting)
    AuthFailed,       //!< the server refused the user name or password
    PlaintextRefused, //!< unencrypted connection to a remote host, refused before connecting
    InvalidSettings,  //!< a setting is missing or wrong (message says which)
    Cancelled,
    Other, //!< anything else: message has the details
};

//! Which server a result is about.
enum class ConnectionSide { Incoming, Outgoing };

struct ConnectionTestResult {
    ConnectionOutcome outcome = ConnectionOutcome::Other;
    ConnectionSide side = ConnectionSide::Incoming;
    //! "host:port" of the server the outcome is about, when the form names it.
    QString endpoint;
    //! TlsUntrusted: the certificate's SHA-256, lowercase hex, for the form's
    //! TrustedFingerprint setting. Empty when the provider cannot tell.
    QString fingerprint;
    //! The provider's or the system's own words, for "details".
    QString message;
    //! The provider's error, when the outcome comes from one.
    ProviderError error;
    //! Success: how many folders or channels the account has.
    int channelCount = 0;
    //! Email accounts: the outgoing server accepted a connection.
    bool outgoingReachable = false;
    //! ... and the sign-in for sending worked (providers with Capability::VerifySending;
    //! for the others only reachability is checked, and the outgoing password is first
    //! used when a message is sent).
    bool outgoingSignedIn = false;
    QString outgoingEndpoint;

    bool ok() const { return outcome == ConnectionOutcome::Success; }
    //! The fingerprint as "AA:BB:...".
    QString formattedFingerprint() const;
};

//! "AA:BB:..." from hex digits (any case, separators ignored).
QString formatFingerprint(const QString& hex);

//! Tests an account's settings and a secret before anything is saved: builds a throwaway
//! provider through the registry (reading the secret from memory, not the keychain),
//! connects, lists the channels, signs in to an email account's outgoing server (or,
//! when the provider cannot, checks that it answers),
//! and classifies the outcome by the provider's error codes. When a provider's code
//! cannot tell a wrong name from a wrong port ("connect_failed"), the endpoint named by
//! the form is probed (DNS lookup, TCP connect) to say which.
//!
//! One test at a time, on the calling (GUI) thread's event loop; nothing blocks.
class ConnectionTester : public QObject {
    Q_OBJECT
public:
    //! The registry must outlive the tester.
    explicit ConnectionTester(const ProviderRegistry& registry, QObject* parent = nullptr);
    ~ConnectionTester() override;

    //! Tests `account` with `secret` stored under `secretKind` (see SecretKind). Cancels a
    //! test in progress (its future is cancelled, it emits nothing). The result arrives
    //! through finished() and the returned future.
    QFuture<ConnectionTestResult> test(const Account& account, const QString& secretKind,
                                       const QByteArray& secret);
    //! Tests `account` with several secrets, by kind (SecretKind), e.g. a user token and
    //! an app-level token; empty values count as missing.
    QFuture<ConnectionTestResult> test(const Account& account, const QHash<QString, QByteArray>& secrets);
    //! test() with the secret kind of the provider's form (its Secret field), else a password.
    QFuture<ConnectionTestResult> test(const Account& account, const QByteArray& secret);
    //! Stops the test in progress, if any; emits nothing.
    void cancel();
    bool isRunning() const;

    //! How long each DNS/TCP probe may take (default 10 s).
    void setProbeTimeout(std::chrono::milliseconds timeout) { m_probeTimeout = timeout; }

    //! The outcome for a provider error, from its code (and kind as a fallback). A
    //! "connect_failed" maps to Unreachable here; test() refines it by probing.
    static ConnectionOutcome outcomeForError(const ProviderError& error);

signals:
    //! What the test is doing now ("Connecting to imap.example.com:993…"), for a spinner.
    void stepChanged(const QString& description);
    void finished(const tributary::ConnectionTestResult& result);

private:
    class Run;
    friend class Run;
    void onRunFinished(Run* run, const ConnectionTestResult& result);

    const ProviderRegistry& m_registry;
    QPointer<Run> m_run;
    std::chrono::milliseconds m_probeTimeout{10000};
};

} // namespace tributary

Q_DECLARE_METATYPE(tributary::ConnectionTestResult)
