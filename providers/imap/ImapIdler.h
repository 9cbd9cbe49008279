#pragma once

#include "imap/ImapSettings.h"
#include "imap/VmimeSupport.h"
#include "net/Liveness.h"

#include <QDateTime>
#include <QObject>
#include <QThread>
#include <memory>
#include <optional>

namespace tributary {
class AccountCredentials;
}

namespace tributary::imap {

class ImapSession;

//! Keeps one folder under IMAP IDLE (RFC 2177) on a connection of its own, so the
//! account's command connection stays free, and announces every change with
//! folderChanged(). A connection that has been quiet for LivenessOptions::probeInterval is
//! probed by ending the IDLE and starting it again: a server that does not answer within
//! probeTimeout is gone (a half-open connection says nothing by itself), so a dead peer is
//! noticed within LivenessOptions::detectionBound(). Servers without IDLE get a NOOP
//! instead. A lost connection is reopened after a jittered, growing delay
//! (ReconnectBackoff), and every new connection announces a change, so what happened
//! meanwhile is fetched. Each connection signs in with the account's current credential;
//! an OAuth token that expires is renewed by opening a new connection with a fresh one,
//! and a refused one is renewed once. Runs on its own thread; signals are emitted from
//! there, so connect them queued (the default across threads).
class ImapIdler : public QObject {
    Q_OBJECT
public:
    //! `credentials` (thread-safe) must outlive the idler.
    ImapIdler(ImapSettings settings, QString folder, AccountCredentials* credentials,
              LivenessOptions liveness);
    //! Stops the thread; an IDLE in progress ends within a few hundred milliseconds.
    ~ImapIdler() override;

    void start();
    bool isRunning() const;
    const QString& folder() const { return m_folder; }

signals:
    void folderChanged(const QString& folder);
    //! Push is live (`live`), or not: `detail` says why in a sentence, `nextAttempt` (UTC)
    //! is when the next connection is tried (invalid: no more tries, the sign-in failed).
    void liveChanged(const QString& folder, bool live, const QString& detail, const QDateTime& nextAttempt);
    //! The folder no longer exists (deleted or renamed on the server): the idler stopped.
    void folderGone(const QString& folder);

private:
    enum class Outcome {
        Stopped,
        Lost,           //!< the connection failed or died: reconnect after a delay
        Renew,          //!< the credential expired: reconnect at once with a fresh one
        SignInRequired, //!< the sign-in was refused and could not be renewed: stop
    };
    void run();
    Outcome serveConnection(ReconnectBackoff& backoff);
    //! Opens and signs in, renewing a refused OAuth token once.
    //! Nothing when signed in (`expiresAt` set to the credential's expiry), else what to do.
    std::optional<Outcome> open(ImapSession& session, std::optional<QDateTime>& expiresAt);
    bool sleepFor(int ms); //!< false when stopped meanwhile

    ImapSettings m_settings;
    QString m_folder;
    AccountCredentials* m_credentials;
    LivenessOptions m_liveness;
    QString m_lastError;
    AbortFlag m_stop;
    std::unique_ptr<QThread> m_thread;
};

} // namespace tributary::imap
