#pragma once

// Bounds on what vmime reads by itself: the greeting, capabilities and sign-in of every IMAP
// connection (before ImapSession takes the socket over with its own framer and budgets), and
// whole SMTP sessions. vmime buffers a line until it ends and parses IMAP responses with a
// recursive parser, so a hostile server could otherwise grow its buffers without end or
// exhaust the worker's stack before the account is even signed in.
//
// - BudgetedSocketFactory wraps the platform's sockets: more than a byte budget received
//   (counted on the wire, so ciphertext under TLS) throws OversizedResponseError. The IMAP
//   session lifts it when it takes the connection over.
// - NestingGuardTracerFactory: vmime hands every IMAP response line (decrypted) to the
//   service's tracer before parsing it; this tracer keeps nothing and logs nothing (the LOGIN
//   line it is shown holds the password), it only counts parentheses and throws
//   NestingTooDeepError past kMaxNesting, before vmime's parser recurses.

#include <QtGlobal>
#include <atomic>
#include <memory>
#include <vmime/vmime.hpp>

namespace tributary::imap {

//! A server sent more than a vmime-read exchange may bring.
class OversizedResponseError : public vmime::exception {
public:
    OversizedResponseError(qint64 received, qint64 limit);
    const char* name() const noexcept override { return "oversized_response"; }
    vmime::exception* clone() const override { return new OversizedResponseError(*this); }
    qint64 received() const { return m_received; }
    qint64 limit() const { return m_limit; }

private:
    qint64 m_received;
    qint64 m_limit;
};

//! A server sent a response nested deeper than kMaxNesting while vmime was reading.
class NestingTooDeepError : public vmime::exception {
public:
    NestingTooDeepError();
    const char* name() const noexcept override { return "nesting_too_deep"; }
    vmime::exception* clone() const override { return new NestingTooDeepError(*this); }
};

//! The bytes one socket may receive while its budget is on. Shared by the socket and whoever
//! lifts the budget later (the socket itself may sit under a TLS layer by then).
struct ReceiveBudget {
    explicit ReceiveBudget(qint64 limit)
        : limit(limit) {}
    std::atomic<qint64> limit; //!< -1: no limit any more
    qint64 received = 0;
    //! Counts `n` more bytes; throws OversizedResponseError past the limit.
    void take(size_t n);
};

//! Creates the platform's sockets, each counting what it receives against `limit` bytes.
class BudgetedSocketFactory : public vmime::net::socketFactory {
public:
    explicit BudgetedSocketFactory(qint64 limit);
    vmime::shared_ptr<vmime::net::socket> create() override;
    vmime::shared_ptr<vmime::net::socket> create(vmime::shared_ptr<vmime::net::timeoutHandler> th) override;
    //! Lifts the budget of every socket made so far (the caller reads with its own bounds now).
    void lift();

private:
    vmime::shared_ptr<vmime::net::socket> wrap(vmime::shared_ptr<vmime::net::socket> socket);

    qint64 m_limit;
    vmime::shared_ptr<vmime::net::socketFactory> m_platform;
    std::vector<std::shared_ptr<ReceiveBudget>> m_budgets;
};

//! Makes NestingGuardTracers (see the file comment).
class NestingGuardTracerFactory : public vmime::net::tracerFactory {
public:
    vmime::shared_ptr<vmime::net::tracer> create(vmime::shared_ptr<vmime::net::service> service,
                                                 int connectionId) override;
};

//! Sets the byte budget on an IMAP store or SMTP transport before it connects, and the
//! nesting guard where vmime parses IMAP; returns the factory, whose budget the caller lifts
//! once it reads the connection itself.
vmime::shared_ptr<BudgetedSocketFactory> guardService(const vmime::shared_ptr<vmime::net::service>& service,
                                                      qint64 receiveLimit, bool imapNesting);

} // namespace tributary::imap
