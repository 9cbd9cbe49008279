#pragma once

#include "model/Model.h"
#include "net/Clock.h"
#include "provider/SecretSource.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace QKeychain {
class Job;
}

namespace tributary {

//! Codes (ProviderError::code) of keychain failures. Each comes with a message the
//! UI can show as is.
namespace KeychainErrorCode {
//! No D-Bus session to reach a keyring through (kind Storage).
inline const QString NoDbusSession = QStringLiteral("no_dbus_session");
//! D-Bus is there but nothing provides org.freedesktop.secrets (kind Storage).
inline const QString NoKeyringService = QStringLiteral("no_keyring_service");
//! The keyring is locked, or has no unlocked collection to write to (kind Storage).
inline const QString KeyringLocked = QStringLiteral("keyring_locked");
//! The keyring did not answer in time, typically blocked on an unlock prompt (kind Storage).
inline const QString KeyringTimeout = QStringLiteral("keyring_timeout");
//! Any other keyring failure, with QtKeychain's message (kind Storage).
inline const QString KeyringError = QStringLiteral("keyring_error");
//! No such secret is stored: the UI should ask for the credential (kind Auth).
inline const QString SecretMissing = QStringLiteral("secret_missing");
} // namespace KeychainErrorCode

//! Passwords and tokens in the desktop keyring through QtKeychain (Secret Service
//! via libsecret on Linux). Never a plaintext fallback: if the keyring cannot be
//! used, every call fails with a typed, actionable ProviderError.
//!
//! Entries: service "Tributary", key "<accountId>/<kind>", stored as binary (so any
//! bytes round-trip exactly).
//!
//! Calls may come from any thread and return at once; the work happens on the
//! store's thread (create it on the GUI thread: libsecret answers through the main
//! GLib context). QtKeychain jobs run strictly one at a time in submission order.
//! Before each job the session bus is checked without touching D-Bus (no bus → fail
//! fast), and each job is guarded by a timeout, because a locked keyring with a display
//! waits for an unlock prompt indefinitely. A job that times out is abandoned, not
//! killed (QtKeychain cannot cancel one): until it ends, further calls fail fast with
//! keyring_timeout instead of piling up behind it; when it ends, recovered() is
//! emitted. A write that timed out may still land afterwards.
//!
//! libsecret answers "not found" when reading from a locked keyring and silently
//! deletes nothing there; so after such an answer the store asks the Secret Service
//! (SearchItems, which never prompts) whether a locked item matches, and reports
//! keyring_locked if one does.
class TokenStore : public QObject, public SecretSource {
    Q_OBJECT
public:
    struct Options {
        QString service = QStringLiteral("Tributary");
        //! How long one keychain job may take before it is abandoned.
        std::chrono::milliseconds timeout{15000};
    };

    explicit TokenStore(QObject* parent = nullptr);
    TokenStore(Options options, std::shared_ptr<Clock> clock, QObject* parent = nullptr);
    //! Calls still queued finish with a keyring_error ("closed").
    ~TokenStore() override;

    //! The secret, byte-exact; a missing one is ErrorKind::Auth "secret_missing".
    QFuture<Result<QByteArray>> readSecret(const QString& accountId, const QString& kind) override;
    //! Creates or replaces the secret.
    QFuture<Result<void>> writeSecret(const QString& accountId, const QString& kind,
                                      const QByteArray& secret) override;
    //! Deletes one secret; deleting a missing secret succeeds.
    QFuture<Result<void>> remove(const QString& accountId, const QString& kind);
    //! Deletes the account's secrets of every kind in `kinds` (QtKeychain cannot list
    //! entries, so the kinds are named). Fails with the first error met, after trying all.
    QFuture<Result<void>> removeAccount(const QString& accountId, const QStringList& kinds = knownKinds());

    //! Every SecretKind, and OAuthSecretKind::AccessTokenExpiry.
    static QStringList knownKinds();
    //! The kinds `account` may have stored: knownKinds() plus those its settings name (the
    //! OAuth client secret's kind), so removing an account leaves nothing behind.
    static QStringList kindsFor(const Account& account);
    //! "<accountId>/<kind>"
    static QString keyFor(const QString& accountId, const QString& kind);
    //! Why no keyring can be reached, judged from the environment alone (no D-Bus
    //! traffic, so it cannot hang): no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus
    //! and no X11 DISPLAY to autolaunch one. Nothing when it is worth trying.
    static std::optional<ProviderError> sessionBusProblem();
    //! Turns a QtKeychain error (QKeychain::Error and errorString) into a typed error.
    static ProviderError errorFromKeychain(int keychainError, const QString& keychainMessage,
                                           const QString& kind);

Q_SIGNALS:
    //! A keychain job that had timed out finished after all: the keyring answers again.
    void recovered();

private:
    enum class OpType { Read, Write, Delete };
    struct Op {
        OpType type = OpType::Read;
        QString accountId;
        QString kind;
        QByteArray data;
        std::function<void(Result<QByteArray>)> done;
    };

    void submit(Op op);
    void scheduleStart();
    void startNext();
    void onJobFinished(QKeychain::Job* job);
    void onJobTimeout(QKeychain::Job* job);
    //! libsecret reports a locked item as "not found" on read and silently keeps it on
    //! delete; asks the Secret Service whether a locked item matches before believing it.
    void checkForLockedItem(Result<QByteArray> result);
    void finishCurrent(Result<QByteArray> result);
    QKeychain::Job* createJob(const Op& op) const;
    ProviderError stalledError() const;

    Options m_options;
    std::shared_ptr<Clock> m_clock;
    std::deque<Op> m_queue;
    std::optional<Op> m_current;
    QPointer<QKeychain::Job> m_currentJob; //!< QtKeychain deletes its jobs itself
    Clock::TimerId m_timeoutTimer = 0;
    QPointer<QKeychain::Job> m_stalledJob;
    bool m_startScheduled = false;
};

} // namespace tributary
