#pragma once

// How deeply a raw message nests multiparts, found before the message reaches vmime: vmime's
// MIME parser recurses once per nested multipart without a limit, so a message of 100,000
// nested multiparts (4 MB) would exhaust the worker thread's stack.

#include <QByteArrayView>

namespace tributary::mail {

//! Nested multiparts a message may have; the same bound as the walk over vmime's result and
//! the BODYSTRUCTURE parser.
inline constexpr int kMaxMimeDepth = 50;

//! True if vmime would recurse through more than `limit` nested multiparts parsing `raw`.
//! Cheap for ordinary mail: if the whole message declares at most `limit` multipart
//! Content-Types, it cannot nest deeper. Otherwise the structure is walked without recursion,
//! splitting parts the way vmime does (vmime reads each part's header), so a digest of many
//! multiparts side by side is not mistaken for a deep one.
bool nestedDeeperThan(QByteArrayView raw, int limit = kMaxMimeDepth);

} // namespace tributary::mail
