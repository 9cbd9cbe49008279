#pragma once

#include "accounts/AccountForm.h"

namespace tributary::imap {

//! The settings form of an IMAP/SMTP account (keys of ImapSettings), for the account
//! dialog. The sign-in method ("auth") is not on it: the dialog asks for a password, and
//! keeps an existing account's method when it edits one.
AccountForm imapAccountForm();

} // namespace tributary::imap
