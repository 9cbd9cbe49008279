#pragma once

#include "imap/OutgoingMime.h"
#include "imap/VmimeSupport.h"

namespace tributary::imap {

//! Submits a composed message over SMTP (vmime), with the account's TLS mode,
//! certificate trust and credentials. Blocking; call from the worker thread.
Result<void> sendOverSmtp(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort,
                          const OutgoingMime& mime);

} // namespace tributary::imap
