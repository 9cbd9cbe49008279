#include "imap/VmimeSupport.h"

#include "imap/ImapResponseErrors.h"
#include "imap/VmimeGuards.h"
#include "mail/VmimeInit.h"
#include "util/Logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QObject>
#include <algorithm>
#include <mutex>
#include <vmime/net/imap/IMAPConnection.hpp>
#include <vmime/net/imap/IMAPStore.hpp>
#include <vmime/security/sasl/XOAuth2SASLAuthenticator.hpp>
#include <vmime/security/sasl/XOAuth2SASLMechanism.hpp>

namespace tributary::imap {

namespace cert = vmime::security::cert;
namespace sasl = vmime::security::sasl;

namespace {

//! vmime's XOAUTH2, answering the server's error report the way the mechanism asks for.
//! When a token is refused, the server sends a JSON error as a challenge (IMAP "+ ...",
//! SMTP "334 ...") and expects an empty response before it fails the exchange. vmime's
//! own mechanism answers every challenge with the credentials again, which sends the
//! token a second time.
class XOAuth2Mechanism : public sasl::XOAuth2SASLMechanism {
public:
    XOAuth2Mechanism(vmime::shared_ptr<sasl::SASLContext> ctx, const vmime::string& name)
        : XOAuth2SASLMechanism(std::move(ctx), name) {}

    bool step(vmime::shared_ptr<sasl::SASLSession> session, const vmime::byte_t* challenge,
              const size_t challengeLength, vmime::byte_t** response, size_t* responseLength) override {
        if (!m_sentCredentials) {
            m_sentCredentials = true;
            return XOAuth2SASLMechanism::step(std::move(session), challenge, challengeLength, response,
                                              responseLength);
        }
        // The error report ({"status":"401",...}) names no secret; it helps to see why.
        qCInfo(lcImap) << "XOAUTH2 token refused:"
                       << QByteArray(reinterpret_cast<const char*>(challenge),
                                     static_cast<qsizetype>(challengeLength))
                              .left(200);
        *response = new vmime::byte_t[1];
        *responseLength = 0;
        return true;
    }

private:
    bool m_sentCredentials = false;
};

} // namespace

void initVmime() {
    static std::once_flag once;
    std::call_once(once, [] {
        mail::initVmime();
        // vmime 0.9.2 ships XOAUTH2 but does not register it (TESTBED).
        sasl::SASLMechanismFactory::getInstance()->registerMechanism<XOAuth2Mechanism>("XOAUTH2");
    });
}

// ---------------------------------------------------------------------------------------

AbortableTimeoutHandler::AbortableTimeoutHandler(AbortFlag abort, int idleMs, AbortFlag abandon)
    : m_abort(std::move(abort))
    , m_abandon(std::move(abandon))
    , m_idleMs(idleMs) {
    resetTimeOut();
}

void AbortableTimeoutHandler::setIdleTimeout(int idleMs) {
    m_idleMs = idleMs;
    resetTimeOut();
}

bool AbortableTimeoutHandler::isTimeOut() {
    return (m_abort && m_abort->load()) || (m_abandon && m_abandon->load()) ||
           QDateTime::currentMSecsSinceEpoch() > m_deadline;
}

void AbortableTimeoutHandler::resetTimeOut() {
    m_deadline = QDateTime::currentMSecsSinceEpoch() + m_idleMs;
}

bool AbortableTimeoutHandler::handleTimeOut() {
    return false; // never "keep waiting": vmime then throws operation_timed_out
}

vmime::shared_ptr<vmime::net::timeoutHandler> AbortableTimeoutHandlerFactory::create() {
    return vmime::make_shared<AbortableTimeoutHandler>(m_abort, m_idleMs, m_abandon);
}

// ---------------------------------------------------------------------------------------

namespace {

QByteArray sha256Of(const vmime::shared_ptr<cert::X509Certificate>& certificate) {
    std::string der;
    vmime::utility::outputStreamStringAdapter out(der);
    certificate->write(out, cert::X509Certificate::FORMAT_DER);
    return QCryptographicHash::hash(QByteArrayView(der.data(), static_cast<qsizetype>(der.size())),
                                    QCryptographicHash::Sha256)
        .toHex();
}

//! Certificates of a PEM bundle (several BEGIN/END blocks) or a single DER file.
std::vector<vmime::shared_ptr<cert::X509Certificate>> importCertificates(const QByteArray& data) {
    std::vector<vmime::shared_ptr<cert::X509Certificate>> out;
    static const QByteArray begin = QByteArrayLiteral("-----BEGIN CERTIFICATE-----");
    static const QByteArray end = QByteArrayLiteral("-----END CERTIFICATE-----");
    qsizetype pos = data.indexOf(begin);
    if (pos < 0) {
        auto certificate = cert::X509Certificate::import(
            reinterpret_cast<const vmime::byte_t*>(data.constData()), static_cast<size_t>(data.size()));
        if (certificate)
            out.push_back(certificate);
        return out;
    }
    while (pos >= 0) {
        const qsizetype stop = data.indexOf(end, pos);
        if (stop < 0)
            break;
        const qsizetype length = stop + end.size() - pos;
        auto certificate = cert::X509Certificate::import(
            reinterpret_cast<const vmime::byte_t*>(data.constData() + pos), static_cast<size_t>(length));
        if (certificate)
            out.push_back(certificate);
        pos = data.indexOf(begin, stop);
    }
    return out;
}

//! The system trust store, parsed once per worker thread (vmime objects are not shared
//! across threads).
const std::vector<vmime::shared_ptr<cert::X509Certificate>>& systemRoots() {
    thread_local std::vector<vmime::shared_ptr<cert::X509Certificate>> roots = [] {
        for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                                 "/etc/ssl/cert.pem", "/etc/ssl/ca-bundle.pem"}) {
            QFile file(QString::fromLatin1(path));
            if (file.open(QIODevice::ReadOnly)) {
                auto certs = importCertificates(file.readAll());
                if (!certs.empty())
                    return certs;
            }
        }
        qCWarning(lcImap) << "No system CA bundle found; only account certificates are trusted";
        return std::vector<vmime::shared_ptr<cert::X509Certificate>>();
    }();
    return roots;
}

QString fromStd(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).trimmed();
}

} // namespace

PinningCertificateVerifier::PinningCertificateVerifier(
    QByteArray pinnedSha256, std::vector<vmime::shared_ptr<cert::X509Certificate>> roots)
    : m_pinned(std::move(pinnedSha256))
    , m_roots(std::move(roots)) {}

void PinningCertificateVerifier::verify(vmime::shared_ptr<cert::certificateChain> chain,
                                        const vmime::string& hostname) {
    m_rejected.clear();
    m_reason.clear();
    if (!chain || chain->getCount() == 0)
        throw cert::certificateNotTrustedException();
    const auto leaf = vmime::dynamicCast<cert::X509Certificate>(chain->getAt(0));
    if (!leaf)
        throw cert::unsupportedCertificateTypeException(chain->getAt(0)->getType());
    const QByteArray fingerprint = sha256Of(leaf);
    // The user looked at this exact certificate and chose to trust it.
    if (!m_pinned.isEmpty() && fingerprint == m_pinned)
        return;
    try {
        cert::defaultCertificateVerifier standard;
        standard.setX509RootCAs(m_roots);
        standard.verify(chain, hostname);
    } catch (const vmime::exception& e) {
        m_rejected = fingerprint;
        m_reason = fromStd(e.what());
        throw;
    }
}

Result<vmime::shared_ptr<PinningCertificateVerifier>> makeVerifier(const ImapSettings& settings) {
    std::vector<vmime::shared_ptr<cert::X509Certificate>> roots = systemRoots();
    if (!settings.caCertificate.isEmpty()) {
        QFile file(settings.caCertificate);
        if (!file.open(QIODevice::ReadOnly)) {
            return ProviderError::invalid(QObject::tr("Cannot read the CA certificate file %1: %2")
                                              .arg(settings.caCertificate, file.errorString()),
                                          QStringLiteral("ca_unreadable"));
        }
        const auto extra = importCertificates(file.readAll());
        if (extra.empty()) {
            return ProviderError::invalid(
                QObject::tr("The file %1 holds no PEM or DER certificate.").arg(settings.caCertificate),
                QStringLiteral("ca_unreadable"));
        }
        roots.insert(roots.end(), extra.begin(), extra.end());
    }
    return vmime::make_shared<PinningCertificateVerifier>(settings.trustedCertSha256, std::move(roots));
}

// ---------------------------------------------------------------------------------------

namespace {

//! Thrown instead of sending LOGIN to a server that forbids it (LOGINDISABLED) when it
//! offers no SASL mechanism we could use either.
class LoginDisabledError : public vmime::exceptions::authentication_error {
public:
    LoginDisabledError()
        : authentication_error(
              "The server forbids LOGIN (LOGINDISABLED) and offers no usable SASL mechanism.") {}
};

//! A user name and password IMAP LOGIN can carry as vmime writes them: printable ASCII.
//! vmime puts other bytes raw into a quoted string, which IMAP does not allow; SASL PLAIN
//! carries UTF-8 (base64) instead.
bool loginSafe(const std::string& s) {
    return std::all_of(s.cbegin(), s.cend(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

//! Takes credentials from us instead of session properties, so the secret never sits
//! in vmime's property map (which a tracer or a dump could show).
//!
//! IMAP sign-in uses LOGIN where the server allows it, SASL otherwise. After a SASL
//! exchange vmime wraps the connection in a SASL socket that copies every byte it reads
//! three times even for PLAIN, which has no security layer: 17 % of a 20,000-message
//! sync. LOGIN sends what PLAIN sends (the password, protected by TLS or only on
//! loopback, ImapSettings), so it costs nothing in safety, and vmime then leaves the
//! socket as it is. The choice is made in getAcceptableMechanisms(), which vmime asks
//! after STARTTLS with the capabilities that apply to the secured connection: declining
//! every mechanism makes vmime fall back to LOGIN (options.sasl.fallback). LOGIN is never
//! sent to a server that advertises LOGINDISABLED (RFC 3501 6.2.3): getPassword() refuses
//! outside a SASL exchange then. SMTP has no LOGIN command and always uses SASL.
class PasswordAuthenticator : public vmime::security::sasl::defaultSASLAuthenticator {
public:
    PasswordAuthenticator(std::string username, std::string password)
        : m_username(std::move(username))
        , m_password(std::move(password)) {}
    const vmime::string getUsername() const override { return m_username; }

    const vmime::string getPassword() const override {
        // No live SASL session: vmime is about to send LOGIN.
        if (!getSASLSession()) {
            const auto connection = imapConnection();
            if (connection && connection->hasCapability("LOGINDISABLED")) {
                if (m_saslTried) // the server refused the SASL sign-in: a wrong password
                    throw vmime::exceptions::authentication_error("SASL authentication refused");
                throw LoginDisabledError();
            }
        }
        return m_password;
    }

    const std::vector<vmime::shared_ptr<sasl::SASLMechanism>>
    getAcceptableMechanisms(const std::vector<vmime::shared_ptr<sasl::SASLMechanism>>& available,
                            vmime::shared_ptr<sasl::SASLMechanism> suggested) const override {
        const auto connection = imapConnection();
        if (connection && !connection->hasCapability("LOGINDISABLED") && loginSafe(m_username) &&
            loginSafe(m_password)) {
            return {};
        }
        m_saslTried = true;
        return defaultSASLAuthenticator::getAcceptableMechanisms(available, std::move(suggested));
    }

private:
    //! The IMAP connection being signed in, or null (SMTP).
    vmime::shared_ptr<vmime::net::imap::IMAPConnection> imapConnection() const {
        const auto store = vmime::dynamicCast<vmime::net::imap::IMAPStore>(getService().lock());
        return store ? store->getConnection() : nullptr;
    }

    std::string m_username;
    std::string m_password;
    mutable bool m_saslTried = false;
};

class TokenAuthenticator : public vmime::security::sasl::XOAuth2SASLAuthenticator {
public:
    TokenAuthenticator(std::string username, std::string token)
        : XOAuth2SASLAuthenticator(MODE_EXCLUSIVE)
        , m_username(std::move(username))
        , m_token(std::move(token)) {}
    const vmime::string getUsername() const override { return m_username; }
    const vmime::string getAccessToken() const override { return m_token; }

private:
    std::string m_username;
    std::string m_token;
};

} // namespace

vmime::shared_ptr<vmime::security::authenticator> makeAuthenticator(const ImapSettings& settings,
                                                                    const QByteArray& secret) {
    const std::string user = settings.username.toStdString();
    const std::string value(secret.constData(), static_cast<size_t>(secret.size()));
    if (settings.auth == AuthMethod::XOAuth2)
        return vmime::make_shared<TokenAuthenticator>(user, value);
    return vmime::make_shared<PasswordAuthenticator>(user, value);
}

void configureService(const vmime::shared_ptr<vmime::net::service>& service, const ServerEndpoint& endpoint) {
    const bool startTls = endpoint.security == Security::StartTls;
    service->setProperty("connection.tls", startTls);
    service->setProperty("connection.tls.required", startTls);
    service->setProperty("options.need-authentication", true);
    service->setProperty("options.sasl", true);
    // After a failed SASL exchange vmime falls back to a plain LOGIN. A token has no
    // password for that: vmime would ask the authenticator for one and report a
    // misleading no_auth_information instead of the refused token (TESTBED).
    const bool token = vmime::dynamicCast<TokenAuthenticator>(service->getAuthenticator()) != nullptr;
    service->setProperty("options.sasl.fallback", !token);
}

// ---------------------------------------------------------------------------------------

QString formatFingerprint(const QByteArray& hex) {
    QString out;
    for (qsizetype i = 0; i + 1 < hex.size(); i += 2) {
        if (!out.isEmpty())
            out += QLatin1Char(':');
        out += QString::fromLatin1(hex.mid(i, 2)).toUpper();
    }
    return out;
}

ProviderError untrustedCertificateError(const QByteArray& fingerprintHex) {
    ProviderError e = ProviderError::network(
        QObject::tr(
            "The server's certificate is not trusted (SHA-256 %1). Check it with your provider; if it is "
            "right, choose \u201cTrust this certificate\u201d for this account.")
            .arg(formatFingerprint(fingerprintHex)),
        QStringLiteral("tls_untrusted"));
    e.retryable = false; // retrying cannot help until the user decides
    return e;
}

ProviderError errorFromException(const std::exception& e, const ServerEndpoint& where,
                                 const PinningCertificateVerifier* verifier, const AbortFlag& abort,
                                 AuthMethod auth) {
    if (abort && abort->load())
        return ProviderError::cancelled();
    if (verifier && !verifier->rejectedFingerprint().isEmpty())
        return untrustedCertificateError(verifier->rejectedFingerprint());
    // The guards' own exceptions, also when vmime wrapped them in one of its own.
    for (const vmime::exception* v = dynamic_cast<const vmime::exception*>(&e); v; v = v->other()) {
        if (const auto* big = dynamic_cast<const OversizedResponseError*>(v))
            return oversizedResponse(where, ImapOverflow{false, big->received(), big->limit()});
        if (dynamic_cast<const NestingTooDeepError*>(v))
            return refusedResponse(where, ImapReader::Failure::TooDeep, {});
    }
    const QString what = fromStd(e.what());
    const auto* refused = dynamic_cast<const vmime::exceptions::authentication_error*>(&e);
    // vmime's wording when the server lists no mechanism we may use (AUTH=XOAUTH2 missing).
    if (auth == AuthMethod::XOAuth2 && refused &&
        fromStd(refused->response()).contains(QLatin1String("No SASL mechanism available"))) {
        // Signing in again would not help: the settings or the sign-in method must change.
        return ProviderError::invalid(
            QObject::tr("%1 does not offer sign-in with an access token (XOAUTH2) on this connection. "
                        "Check the connection security (servers often offer it over TLS only), or sign in "
                        "with a password instead.")
                .arg(where.label()),
            QStringLiteral("xoauth2_unsupported"));
    }
    if (dynamic_cast<const LoginDisabledError*>(&e)) {
        // Nothing was sent: the server allows no sign-in with a password on this connection.
        return ProviderError::invalid(
            QObject::tr("%1 does not allow signing in with a password on this connection. Choose TLS or "
                        "STARTTLS for this account.")
                .arg(where.label()),
            QStringLiteral("login_disabled"));
    }
    if (refused || dynamic_cast<const vmime::exceptions::authentication_exception*>(&e)) {
        return ProviderError::auth(
            auth == AuthMethod::XOAuth2
                ? QObject::tr("%1 refused the access token. Sign in again to renew it.").arg(where.label())
                : QObject::tr("%1 rejected the user name or password. Check them and try again.")
                      .arg(where.label()),
            QStringLiteral("auth_failed"));
    }
    if (dynamic_cast<const vmime::exceptions::operation_timed_out*>(&e))
        return ProviderError::network(QObject::tr("%1 did not answer in time.").arg(where.label()),
                                      QStringLiteral("timeout"));
    if (dynamic_cast<const vmime::exceptions::connection_error*>(&e)) {
        QString reason = what;
        if (const vmime::exception* other = dynamic_cast<const vmime::exception*>(&e);
            other && other->other())
            reason = fromStd(other->other()->what());
        return ProviderError::network(QObject::tr("Cannot connect to %1: %2.").arg(where.label(), reason),
                                      QStringLiteral("connect_failed"));
    }
    // vmime 0.9.2 reports a reset or broken connection (ECONNRESET, EPIPE) as a system_error.
    if (dynamic_cast<const vmime::exceptions::socket_exception*>(&e) ||
        dynamic_cast<const vmime::exceptions::system_error*>(&e) ||
        dynamic_cast<const vmime::exceptions::connection_greeting_error*>(&e) ||
        dynamic_cast<const vmime::exceptions::not_connected*>(&e)) {
        return ProviderError::network(
            QObject::tr("The connection to %1 failed: %2.").arg(where.label(), what),
            QStringLiteral("connection_lost"));
    }
    if (dynamic_cast<const vmime::exceptions::tls_exception*>(&e) ||
        dynamic_cast<const cert::certificateException*>(&e)) {
        ProviderError error = ProviderError::network(
            QObject::tr("A secure connection to %1 could not be set up: %2.").arg(where.label(), what),
            QStringLiteral("tls_failed"));
        error.retryable = false;
        return error;
    }
    if (dynamic_cast<const vmime::exceptions::command_error*>(&e) ||
        dynamic_cast<const vmime::exceptions::invalid_response*>(&e)) {
        return ProviderError::protocol(QObject::tr("%1 refused a command: %2").arg(where.label(), what),
                                       QStringLiteral("command_failed"));
    }
    return ProviderError::protocol(QObject::tr("Unexpected error talking to %1: %2").arg(where.label(), what),
                                   QStringLiteral("vmime_error"));
}

} // namespace tributary::imap
