#pragma once

#include "imap/ImapClient.h"
#include "provider/Provider.h"

#include <QObject>

namespace tributary::imap {

//! Owns an account's ImapClient on the account's own thread. vmime blocks and has no
//! locking, so every operation runs here, one after another, posted by the facade.
class ImapWorker : public QObject {
    Q_OBJECT
public:
    ImapWorker(ImapSettings settings, AbortFlag abort);
    ~ImapWorker() override;

    //! Only to be used from the worker's thread.
    ImapClient& client() { return m_client; }
    //! Closes the connection; runs on the worker's thread before it stops.
    void shutdown();

signals:
    void statusChanged(const tributary::ConnectionStatus& status);

private:
    ImapClient m_client;
};

} // namespace tributary::imap
