#pragma once

#include "imap/OutgoingMime.h"
#include "imap/VmimeSupport.h"

namespace tributary::imap {

//! Submits a composed message over SMTP (vmime), with the account's TLS mode,
//! certificate trust and credentials. Blocking; call from the worker thread.
Result<void> sendOverSmtp(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort,
                          const OutgoingMime& mime);

//! Connects to the SMTP server, negotiates TLS, signs in and leaves (QUIT) without
//! sending: the connection test's check of the outgoing side. Blocking; worker thread.
Result<void> checkSmtpSignIn(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort);

} // namespace tributary::imap
