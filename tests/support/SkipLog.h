#pragma once

namespace tributary::test {

//! Appends one line per skipped test ("Suite.Name<TAB>reason") to the file named by
//! TRIBUTARY_TEST_SKIP_LOG, so tools/test can say in one line what was skipped and why
//! (ctest itself shows only that a test was skipped). Called by the test mains.
void recordSkipsToLog();

} // namespace tributary::test
