#pragma once

#include "imap/ImapSettings.h"
#include "imap/VmimeSupport.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace tributary::imap {

//! Keeps one folder under IMAP IDLE (RFC 2177) on a connection of its own, so the
//! account's command connection stays free, and announces every change with
//! folderChanged(). IDLE is renewed well before the 30 minutes after which servers may
//! drop a quiet client; a dropped connection is reopened after a growing, jittered delay,
//! and a reopened one announces a change too (something may have happened meanwhile).
//! Servers without IDLE are polled with NOOP instead. Runs on its own thread; signals
//! are emitted from there, so connect them queued (the default across threads).
class ImapIdler : public QObject {
    Q_OBJECT
public:
    struct Options {
        int renewMs = 25 * 60 * 1000; //!< RFC 2177: re-issue IDLE at least every 29 minutes
        int retryMinMs = 1000;
        int retryMaxMs = 5 * 60 * 1000;
        int pollMs = 60 * 1000; //!< NOOP interval for servers without IDLE
    };

    ImapIdler(ImapSettings settings, QString folder, QByteArray secret, Options options);
    ImapIdler(ImapSettings settings, QString folder, QByteArray secret);
    //! Stops the thread; an IDLE in progress ends within a few hundred milliseconds.
    ~ImapIdler() override;

    void start();
    bool isRunning() const;
    const QString& folder() const { return m_folder; }

signals:
    void folderChanged(const QString& folder);
    //! Push is live (`live`), or not, with a sentence for the status bar.
    void liveChanged(bool live, const QString& detail);

private:
    void run();
    //! One connection's life: open, select, idle until it drops. False on a sign-in
    //! failure, which retrying cannot fix.
    bool serveConnection(int& attempt);
    bool sleepFor(int ms); //!< false when stopped meanwhile
    int retryDelay(int attempt) const;

    ImapSettings m_settings;
    QString m_folder;
    QByteArray m_secret;
    Options m_options;
    AbortFlag m_stop;
    std::unique_ptr<QThread> m_thread;
};

} // namespace tributary::imap
