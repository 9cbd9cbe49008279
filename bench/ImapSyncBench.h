#pragma once

namespace tributary::bench {

struct ImapBenchOptions;

//! `imap-sync`: connects and signs in (not timed), then times listing the whole folder
//! through ImapProvider::listMessages, page by page, and adding every envelope to an
//! InboxStore (the thread model), as the app does. By default the next page is requested
//! before the current one is threaded (the worker thread fetches while this one threads);
//! `sequential` waits instead. Prints one JSON line: messages, threads, seconds,
//! peak_rss_mb (peak RSS growth over the RSS just before the timed part), and
//! baseline_rss_mb, peak_reset (VmHWM could be reset: else peak_rss_mb is an upper bound),
//! listed, pages, page_size, pipelined, wait_seconds (waiting for pages), thread_seconds
//! (in InboxStore::addMessages), cpu_seconds (all threads). Returns the exit code.
int runImapSync(const ImapBenchOptions& options);

} // namespace tributary::bench
