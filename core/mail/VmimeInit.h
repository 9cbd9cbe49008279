#pragma once

namespace tributary::mail {

//! Sets up what vmime needs to parse and build messages (its platform handler: host name
//! and clock for Message-IDs and dates), once per process, from any thread. The mail
//! library's entry points call it; a provider that also talks to servers through vmime
//! adds its own services on top (providers/imap's initVmime registers XOAUTH2).
void initVmime();

} // namespace tributary::mail
