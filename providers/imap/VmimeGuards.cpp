#include "imap/VmimeGuards.h"

#include "imap/ImapResponseParser.h"

namespace tributary::imap {

OversizedResponseError::OversizedResponseError(qint64 received, qint64 limit)
    : vmime::exception("the server sent an oversized response")
    , m_received(received)
    , m_limit(limit) {}

NestingTooDeepError::NestingTooDeepError()
    : vmime::exception("the server sent a response nested too deeply") {}

void ReceiveBudget::take(size_t n) {
    received += qint64(n);
    const qint64 max = limit.load();
    if (max >= 0 && received > max)
        throw OversizedResponseError(received, max);
}

namespace {

//! The platform's socket, counting what it receives.
class BudgetedSocket : public vmime::net::socket {
public:
    BudgetedSocket(vmime::shared_ptr<vmime::net::socket> inner, std::shared_ptr<ReceiveBudget> budget)
        : m_inner(std::move(inner))
        , m_budget(std::move(budget)) {}

    void connect(const vmime::string& address, const vmime::port_t port) override {
        m_inner->connect(address, port);
    }
    void disconnect() override { m_inner->disconnect(); }
    bool isConnected() const override { return m_inner->isConnected(); }
    bool waitForRead(const int msecs) override { return m_inner->waitForRead(msecs); }
    bool waitForWrite(const int msecs) override { return m_inner->waitForWrite(msecs); }
    void receive(vmime::string& buffer) override {
        m_inner->receive(buffer);
        m_budget->take(buffer.size());
    }
    size_t receiveRaw(vmime::byte_t* buffer, const size_t count) override {
        const size_t n = m_inner->receiveRaw(buffer, count);
        m_budget->take(n);
        return n;
    }
    void send(const vmime::string& buffer) override { m_inner->send(buffer); }
    void send(const char* str) override { m_inner->send(str); }
    void sendRaw(const vmime::byte_t* buffer, const size_t count) override {
        m_inner->sendRaw(buffer, count);
    }
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, const size_t count) override {
        return m_inner->sendRawNonBlocking(buffer, count);
    }
    size_t getBlockSize() const override { return m_inner->getBlockSize(); }
    unsigned int getStatus() const override { return m_inner->getStatus(); }
    const vmime::string getPeerName() const override { return m_inner->getPeerName(); }
    const vmime::string getPeerAddress() const override { return m_inner->getPeerAddress(); }
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override {
        return m_inner->getTimeoutHandler();
    }
    void setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) override { m_inner->setTracer(tracer); }
    vmime::shared_ptr<vmime::net::tracer> getTracer() override { return m_inner->getTracer(); }

private:
    vmime::shared_ptr<vmime::net::socket> m_inner;
    std::shared_ptr<ReceiveBudget> m_budget;
};

//! Counts the parentheses of each response line vmime is about to parse (see the header).
//! Remembers nothing of the text: it is shown the LOGIN command with the password.
class NestingGuardTracer : public vmime::net::tracer {
public:
    void traceSend(const vmime::string&) override {}
    void traceReceive(const vmime::string& line) override {
        // A response continues on the next line after a literal ({n} ends this one); its
        // contents are read apart and never shown here, so they cannot open or close lists.
        bool quoted = false;
        for (size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quoted) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                if (++m_depth > kMaxNesting)
                    throw NestingTooDeepError();
            } else if (c == ')' && m_depth > 0) {
                --m_depth;
            }
        }
        if (line.empty() || line.back() != '}')
            m_depth = 0;
    }

private:
    int m_depth = 0;
};

} // namespace

BudgetedSocketFactory::BudgetedSocketFactory(qint64 limit)
    : m_limit(limit)
    , m_platform(vmime::platform::getHandler()->getSocketFactory()) {}

vmime::shared_ptr<vmime::net::socket>
BudgetedSocketFactory::wrap(vmime::shared_ptr<vmime::net::socket> socket) {
    auto budget = std::make_shared<ReceiveBudget>(m_limit);
    m_budgets.push_back(budget);
    return vmime::make_shared<BudgetedSocket>(std::move(socket), std::move(budget));
}

vmime::shared_ptr<vmime::net::socket> BudgetedSocketFactory::create() {
    return wrap(m_platform->create());
}

vmime::shared_ptr<vmime::net::socket>
BudgetedSocketFactory::create(vmime::shared_ptr<vmime::net::timeoutHandler> th) {
    return wrap(m_platform->create(std::move(th)));
}

void BudgetedSocketFactory::lift() {
    for (const auto& budget : m_budgets)
        budget->limit = -1;
}

vmime::shared_ptr<vmime::net::tracer>
NestingGuardTracerFactory::create(vmime::shared_ptr<vmime::net::service>, int) {
    return vmime::make_shared<NestingGuardTracer>();
}

vmime::shared_ptr<BudgetedSocketFactory> guardService(const vmime::shared_ptr<vmime::net::service>& service,
                                                      qint64 receiveLimit, bool imapNesting) {
    auto sockets = vmime::make_shared<BudgetedSocketFactory>(receiveLimit);
    service->setSocketFactory(sockets);
    if (imapNesting)
        service->setTracerFactory(vmime::make_shared<NestingGuardTracerFactory>());
    return sockets;
}

} // namespace tributary::imap
