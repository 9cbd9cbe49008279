#include "imap/ImapWorker.h"

namespace tributary::imap {

ImapWorker::ImapWorker(ImapSettings settings, AbortFlag abort)
    : m_client(std::move(settings), std::move(abort)) {
    // Called on the worker thread; the signal crosses to the facade queued.
    m_client.setStatusCallback([this](const ConnectionStatus& status) { emit statusChanged(status); });
}

ImapWorker::~ImapWorker() {
    m_client.setStatusCallback({});
}

void ImapWorker::shutdown() {
    m_client.setStatusCallback({});
    m_client.shutdown();
}

} // namespace tributary::imap
