#pragma once

namespace tributary::bench {

struct ImapBenchOptions;

//! `imap-fetch-floor`: the protocol floor for imap-sync. Signs in over a bare socket
//! (not timed), SELECTs the folder, then times one `UID FETCH 1:*` with exactly the items
//! the IMAP provider lists with (kEnvelopeItems), reading bytes until the tagged reply
//! without parsing anything. Prints {"messages","seconds","bytes"}. Returns the exit code.
int runImapFetchFloor(const ImapBenchOptions& options);

} // namespace tributary::bench
