#include "accounts/ConnectionTester.h"

#include "accounts/AccountForm.h"
#include "accounts/EndpointProbe.h"
#include "accounts/MemorySecretSource.h"
#include "provider/ProviderRegistry.h"
#include "provider/SecretSource.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QPromise>

namespace tributary {

namespace {

QString translated(const char* text) {
    return QCoreApplication::translate("ConnectionTester", text);
}

struct Endpoint {
    QString host;
    int port = 0;
    bool valid() const { return !host.isEmpty() && port > 0; }
    QString label() const { return host + QLatin1Char(':') + QString::number(port); }
};

//! The server the form's host and port roles name in these settings; a port left empty
//! takes the field's default.
Endpoint endpointOf(const AccountForm* form, const QVariantMap& settings, FormFieldRole hostRole,
                    FormFieldRole portRole) {
    Endpoint e;
    if (!form)
        return e;
    const QString hostKey = form->keyFor(hostRole);
    if (hostKey.isEmpty())
        return e;
    e.host = settings.value(hostKey).toString().trimmed();
    if (const FormField* port = form->fieldFor(portRole)) {
        bool ok = false;
        e.port = settings.value(port->key).toInt(&ok);
        if (!ok || e.port <= 0)
            e.port = port->defaultValue.toInt();
    }
    return e;
}

ConnectionOutcome outcomeForProbe(ProbeOutcome probe) {
    switch (probe) {
    case ProbeOutcome::Reachable:
        return ConnectionOutcome::Success;
    case ProbeOutcome::DnsNotFound:
        return ConnectionOutcome::DnsNotFound;
    case ProbeOutcome::Refused:
        return ConnectionOutcome::Refused;
    case ProbeOutcome::TimedOut:
        return ConnectionOutcome::TimedOut;
    case ProbeOutcome::DnsFailed:
    case ProbeOutcome::Unreachable:
        break;
    }
    return ConnectionOutcome::Unreachable;
}

} // namespace

QString formatFingerprint(const QString& hex) {
    QString digits;
    for (const QChar c : hex) {
        if (c.isDigit() || (c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f')))
            digits += c.toUpper();
    }
    QString out;
    for (qsizetype i = 0; i + 1 < digits.size(); i += 2) {
        if (!out.isEmpty())
            out += QLatin1Char(':');
        out += digits.mid(i, 2);
    }
    return out;
}

QString ConnectionTestResult::formattedFingerprint() const {
    return formatFingerprint(fingerprint);
}

// ---------------------------------------------------------------------------------------

//! One test: owns the throwaway provider and its in-memory secret. Deleting it stops
//! the test (the provider's destructor aborts what is in flight).
class ConnectionTester::Run : public QObject {
public:
    Run(ConnectionTester* tester, const AccountForm* form, Account account,
        const QHash<QString, QByteArray>& secrets)
        : QObject(tester)
        , m_tester(tester)
        , m_form(form)
        , m_account(std::move(account)) {
        for (auto it = secrets.constBegin(); it != secrets.constEnd(); ++it)
            m_secrets.writeSecret(m_account.id, it.key(), it.value());
        m_incoming =
            endpointOf(m_form, m_account.settings, FormFieldRole::IncomingHost, FormFieldRole::IncomingPort);
        m_outgoing =
            endpointOf(m_form, m_account.settings, FormFieldRole::OutgoingHost, FormFieldRole::OutgoingPort);
        m_promise.start();
    }

    ~Run() override {
        if (!m_done) {
            m_promise.future().cancel();
            m_promise.finish();
        }
        // Before m_secrets: the provider may read from it until it is gone.
        m_provider.reset();
    }

    QFuture<ConnectionTestResult> future() { return m_promise.future(); }

    void start() {
        m_provider = m_tester->m_registry.create(m_account, ProviderContext{&m_secrets});
        if (!m_provider) {
            ConnectionTestResult r;
            r.outcome = ConnectionOutcome::InvalidSettings;
            r.message = translated("Unknown account type \"%1\".").arg(m_account.providerId);
            // From the event loop: the caller gets its future before the result.
            QMetaObject::invokeMethod(
                this, [this, r] { finish(r); }, Qt::QueuedConnection);
            return;
        }
        emit m_tester->stepChanged(m_incoming.valid()
                                       ? translated("Connecting to %1\u2026").arg(m_incoming.label())
                                       : translated("Connecting\u2026"));
        whenDone(m_provider->connectAccount(), this, [this](const Result<void>& connected) {
            if (!connected) {
                fail(connected.error());
                return;
            }
            emit m_tester->stepChanged(translated("Signed in. Listing folders\u2026"));
            whenDone(m_provider->listChannels(), this, [this](const Result<QList<Channel>>& channels) {
                if (!channels) {
                    fail(channels.error());
                    return;
                }
                m_channelCount = int(channels.value().size());
                checkOutgoing();
            });
        });
    }

private:
    ConnectionTestResult base() const {
        ConnectionTestResult r;
        r.endpoint = m_incoming.valid() ? m_incoming.label() : QString();
        r.channelCount = m_channelCount;
        r.outgoingEndpoint = m_outgoing.valid() ? m_outgoing.label() : QString();
        return r;
    }

    void fail(const ProviderError& error) {
        ConnectionTestResult r = base();
        r.error = error;
        r.message = error.message;
        r.outcome = outcomeForError(error);
        if (r.outcome == ConnectionOutcome::TlsUntrusted && m_form && m_form->untrustedCertificateFingerprint)
            r.fingerprint = m_form->untrustedCertificateFingerprint(error);
        // "connect_failed" covers a wrong name, a wrong port and a dead network alike.
        const bool vague = error.code == QLatin1String("connect_failed") ||
                           (r.outcome == ConnectionOutcome::Other && error.kind == ErrorKind::Network);
        if (vague && m_incoming.valid()) {
            probe(m_incoming, ConnectionSide::Incoming, r);
            return;
        }
        finish(r);
    }

    void checkOutgoing() {
        if (!m_form || !m_form->isEmail() || !m_outgoing.valid()) {
            ConnectionTestResult r = base();
            r.outcome = ConnectionOutcome::Success;
            finish(r);
            return;
        }
        ConnectionTestResult r = base();
        r.outcome = ConnectionOutcome::Success;
        if (!(m_provider->capabilities() & Capability::VerifySending)) {
            emit m_tester->stepChanged(
                translated("Checking the outgoing server %1\u2026").arg(m_outgoing.label()));
            probe(m_outgoing, ConnectionSide::Outgoing, r);
            return;
        }
        emit m_tester->stepChanged(
            translated("Signing in to the outgoing server %1\u2026").arg(m_outgoing.label()));
        whenDone(m_provider->checkSending(), this, [this, r](const Result<void>& checked) mutable {
            if (checked) {
                r.outgoingReachable = true;
                r.outgoingSignedIn = true;
                finish(r);
                return;
            }
            const ProviderError& error = checked.error();
            r.side = ConnectionSide::Outgoing;
            r.endpoint = m_outgoing.label();
            r.error = error;
            r.message = error.message;
            r.outcome = outcomeForError(error);
            if (r.outcome == ConnectionOutcome::TlsUntrusted && m_form->untrustedCertificateFingerprint)
                r.fingerprint = m_form->untrustedCertificateFingerprint(error);
            if (error.code == QLatin1String("connect_failed") ||
                (r.outcome == ConnectionOutcome::Other && error.kind == ErrorKind::Network)) {
                probe(m_outgoing, ConnectionSide::Outgoing, r);
                return;
            }
            finish(r);
        });
    }

    //! Probes the endpoint; on success keeps `sofar` (the provider's verdict, or success),
    //! otherwise reports what the probe found about that side.
    void probe(const Endpoint& endpoint, ConnectionSide side, ConnectionTestResult sofar) {
        auto* probe = new EndpointProbe(this);
        whenDone(probe->start(endpoint.host, endpoint.port, m_tester->m_probeTimeout), this,
                 [this, side, sofar, endpoint](const ProbeResult& found) {
                     ConnectionTestResult r = sofar;
                     if (found.outcome == ProbeOutcome::Reachable) {
                         if (side == ConnectionSide::Outgoing)
                             r.outgoingReachable = true;
                         finish(r);
                         return;
                     }
                     r.side = side;
                     r.outcome = outcomeForProbe(found.outcome);
                     r.endpoint = endpoint.label();
                     if (side == ConnectionSide::Outgoing || r.message.isEmpty())
                         r.message = found.detail;
                     finish(r);
                 });
    }

    void finish(const ConnectionTestResult& result) {
        if (m_done)
            return;
        m_done = true;
        qCInfo(lcAccounts) << "connection test of" << m_account.id << "ended:" << int(result.outcome)
                           << result.error.code << result.endpoint;
        m_promise.addResult(result);
        m_promise.finish();
        m_tester->onRunFinished(this, result);
    }

    ConnectionTester* m_tester;
    const AccountForm* m_form;
    Account m_account;
    MemorySecretSource m_secrets;
    std::unique_ptr<Provider> m_provider;
    QPromise<ConnectionTestResult> m_promise;
    Endpoint m_incoming;
    Endpoint m_outgoing;
    int m_channelCount = 0;
    bool m_done = false;
};

// ---------------------------------------------------------------------------------------

ConnectionTester::ConnectionTester(const ProviderRegistry& registry, QObject* parent)
    : QObject(parent)
    , m_registry(registry) {
    qRegisterMetaType<ConnectionTestResult>();
}

ConnectionTester::~ConnectionTester() {
    cancel();
}

QFuture<ConnectionTestResult> ConnectionTester::test(const Account& account, const QString& secretKind,
                                                     const QByteArray& secret) {
    return test(account, QHash<QString, QByteArray>{{secretKind, secret}});
}

QFuture<ConnectionTestResult> ConnectionTester::test(const Account& account,
                                                     const QHash<QString, QByteArray>& secrets) {
    cancel();
    auto* run = new Run(this, m_registry.form(account.providerId), account, secrets);
    m_run = run;
    QFuture<ConnectionTestResult> future = run->future();
    run->start();
    return future;
}

QFuture<ConnectionTestResult> ConnectionTester::test(const Account& account, const QByteArray& secret) {
    const AccountForm* form = m_registry.form(account.providerId);
    const FormField* secretField = form ? form->secretField() : nullptr;
    return test(account, secretField ? secretField->key : SecretKind::Password, secret);
}

void ConnectionTester::cancel() {
    delete m_run.data();
    m_run.clear();
}

bool ConnectionTester::isRunning() const {
    return !m_run.isNull();
}

void ConnectionTester::onRunFinished(Run* run, const ConnectionTestResult& result) {
    if (m_run == run)
        m_run.clear();
    // Not now: the run is still on the stack of its own continuation. Detached, so a
    // finished() handler that deletes the tester does not delete it under our feet.
    run->setParent(nullptr);
    run->deleteLater();
    emit finished(result);
}

ConnectionOutcome ConnectionTester::outcomeForError(const ProviderError& error) {
    if (error.kind == ErrorKind::Cancelled)
        return ConnectionOutcome::Cancelled;
    const QString& code = error.code;
    if (code == QLatin1String("tls_untrusted"))
        return ConnectionOutcome::TlsUntrusted;
    if (code == QLatin1String("tls_failed"))
        return ConnectionOutcome::TlsFailed;
    if (code == QLatin1String("auth_failed"))
        return ConnectionOutcome::AuthFailed;
    if (code == QLatin1String("secret_missing"))
        return ConnectionOutcome::MissingSecret;
    if (code == QLatin1String("plaintext_refused"))
        return ConnectionOutcome::PlaintextRefused;
    if (code == QLatin1String("timeout"))
        return ConnectionOutcome::TimedOut;
    // Codes a provider that can tell them apart reports directly.
    if (code == QLatin1String("dns_not_found"))
        return ConnectionOutcome::DnsNotFound;
    if (code == QLatin1String("connection_refused"))
        return ConnectionOutcome::Refused;
    if (code == QLatin1String("connect_failed") || code == QLatin1String("host_unreachable"))
        return ConnectionOutcome::Unreachable;
    if (code == QLatin1String("settings_invalid") || code == QLatin1String("ca_unreadable"))
        return ConnectionOutcome::InvalidSettings;
    switch (error.kind) {
    case ErrorKind::Auth:
        return ConnectionOutcome::AuthFailed;
    case ErrorKind::Invalid:
        return ConnectionOutcome::InvalidSettings;
    default:
        break;
    }
    return ConnectionOutcome::Other;
}

} // namespace tributary
