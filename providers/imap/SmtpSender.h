#pragma once

#include "imap/VmimeSupport.h"
#include "mail/OutgoingMime.h"

#include <functional>

namespace tributary::imap {

//! What a submission does at its point of no return.
struct SmtpSubmitHooks {
    //! Runs once the server has taken the envelope and every byte of the message, just
    //! before the end-of-data mark: the last moment at which nothing can be delivered.
    //! An error abandons the submission there (the connection is dropped without the
    //! mark, so the server discards the message) and is what sendOverSmtp returns.
    std::function<Result<void>()> beforeCommit;
};

//! Submits a composed message over SMTP (vmime connects, secures and signs in; the mail
//! transaction is ours, so that we know where it stopped). Blocking; worker thread.
//! A failure before the end-of-data mark left nothing delivered: it is retryable when the
//! cause is (network, 4xx). A reply to the mark is final either way. Losing the connection
//! or waiting in vain after the mark is SendErrorCode::Uncertain: the server may have
//! taken the message, so it must not be sent again without the user.
Result<void> sendOverSmtp(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort,
                          const mail::OutgoingMime& mime, const SmtpSubmitHooks& hooks = {});

//! Connects to the SMTP server, negotiates TLS, signs in and leaves (QUIT) without
//! sending: the connection test's check of the outgoing side. Blocking; worker thread.
Result<void> checkSmtpSignIn(const ImapSettings& settings, const QByteArray& secret, const AbortFlag& abort);

//! The error of a submission whose end-of-data mark went out without an answer.
ProviderError uncertainSendError(const ServerEndpoint& where);

} // namespace tributary::imap
