#pragma once

// The glue between vmime's services (IMAP store, SMTP transport) and the provider:
// one-time global setup, an abortable timeout handler, authenticators that take the
// secret from us (never from session properties), certificate verification with a
// user-approved pin, and the mapping from vmime exceptions to ProviderError.

#include "imap/ImapSettings.h"
#include "provider/ProviderError.h"

#include <QByteArray>
#include <atomic>
#include <memory>
#include <vmime/vmime.hpp>

namespace tributary::imap {

//! Sets up vmime's global state once (platform handler, XOAUTH2 mechanism). vmime's
//! factories have no locking, so call this on the main thread before any worker starts.
void initVmime();

//! Shared between the GUI-thread facade and its worker: set to stop every blocking
//! vmime call of that worker within a few milliseconds.
using AbortFlag = std::shared_ptr<std::atomic_bool>;

//! Fails a blocking socket operation after `idleMs` without data, or at once when aborted.
//! `abandon` (optional) gives up this one connection: the operation fails as if the server
//! had timed out, so it counts as a lost connection rather than a cancellation.
class AbortableTimeoutHandler : public vmime::net::timeoutHandler {
public:
    AbortableTimeoutHandler(AbortFlag abort, int idleMs, AbortFlag abandon = nullptr);
    //! From now on, fail after `idleMs` without data (the wait in progress starts over).
    void setIdleTimeout(int idleMs);
    int idleTimeout() const { return m_idleMs; }
    bool isTimeOut() override;
    void resetTimeOut() override;
    bool handleTimeOut() override;

private:
    AbortFlag m_abort;
    AbortFlag m_abandon;
    int m_idleMs;
    qint64 m_deadline = 0;
};

class AbortableTimeoutHandlerFactory : public vmime::net::timeoutHandlerFactory {
public:
    AbortableTimeoutHandlerFactory(AbortFlag abort, int idleMs, AbortFlag abandon = nullptr)
        : m_abort(std::move(abort))
        , m_abandon(std::move(abandon))
        , m_idleMs(idleMs) {}
    vmime::shared_ptr<vmime::net::timeoutHandler> create() override;

private:
    AbortFlag m_abort;
    AbortFlag m_abandon;
    int m_idleMs;
};

//! Accepts a server certificate that chains to a system CA or the account's extra CA
//! certificate (hostname checked), or whose SHA-256 fingerprint the user approved.
//! Remembers the fingerprint of a rejected certificate for the error message.
class PinningCertificateVerifier : public vmime::security::cert::certificateVerifier {
public:
    PinningCertificateVerifier(QByteArray pinnedSha256,
                               std::vector<vmime::shared_ptr<vmime::security::cert::X509Certificate>> roots);
    void verify(vmime::shared_ptr<vmime::security::cert::certificateChain> chain,
                const vmime::string& hostname) override;

    //! Lowercase hex SHA-256 of the last rejected leaf certificate, or empty.
    QByteArray rejectedFingerprint() const { return m_rejected; }
    QString rejectionReason() const { return m_reason; }

private:
    QByteArray m_pinned;
    std::vector<vmime::shared_ptr<vmime::security::cert::X509Certificate>> m_roots;
    QByteArray m_rejected;
    QString m_reason;
};

//! Builds the verifier for an account: system CAs plus caCertificate (if set).
Result<vmime::shared_ptr<PinningCertificateVerifier>> makeVerifier(const ImapSettings& settings);

//! Creates the authenticator for the account's method, holding the secret.
vmime::shared_ptr<vmime::security::authenticator> makeAuthenticator(const ImapSettings& settings,
                                                                    const QByteArray& secret);

//! "AA:BB:..." for messages.
QString formatFingerprint(const QByteArray& hex);
//! The tls_untrusted error for a rejected certificate.
ProviderError untrustedCertificateError(const QByteArray& fingerprintHex);

//! Maps an exception from a vmime connect/command to a typed error. `where` names the
//! server; `verifier` (may be null) tells a certificate rejection from other TLS failures.
ProviderError errorFromException(const std::exception& e, const ServerEndpoint& where,
                                 const PinningCertificateVerifier* verifier, const AbortFlag& abort,
                                 AuthMethod auth);

//! Session properties for a store or transport: TLS mode and authentication.
void configureService(const vmime::shared_ptr<vmime::net::service>& service, const ServerEndpoint& endpoint);

} // namespace tributary::imap
