#pragma once

namespace tributary {
class ProviderRegistry;

//! Registers the IMAP/SMTP provider ("imap"). Call on the main thread: it also sets up
//! vmime's global state, which has no locking.
void registerImapProvider(ProviderRegistry& registry);
} // namespace tributary
