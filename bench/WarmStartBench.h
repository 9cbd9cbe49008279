#pragma once

#include <QString>

namespace tributary::bench {

//! `tributary-bench warm-start --rows N`: a ViewStateCache holding N rows (written first
//! by a child process, untimed), then the app's own start path, timed: open the cache, the SyncController's
//! warm start into the InboxStore, the real MainWindow shown, until the thread list has
//! painted rows. The account's server never answers (a start before the network does).
//! Prints {"rows","rows_at_first_paint","ms_to_first_paint","peak_rss_mb",
//! "messages_after_warm_start","threads_after_warm_start","ms_warm_start_complete",
//! "peak_rss_mb_complete"}: the warm start reads the newest 20,000 rows; peak RSS is
//! the whole process's (VmHWM), Qt included. Needs a QApplication (offscreen without a
//! display). The list's rows (rows_at_first_paint) are threads.
int runWarmStart(int rows);
//! The child's part: writes `rows` synthetic envelopes and their folder into a new cache.
int prepareWarmStartCache(const QString& path, int rows);

} // namespace tributary::bench
