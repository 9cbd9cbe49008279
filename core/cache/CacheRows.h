#pragma once

#include "model/Model.h"

namespace tributary {

class SqliteStatement;

// How model values map to cache rows. This is where the data policy is enforced:
// only the fields below ever reach the disk. Bodies (text, html), attachment
// metadata, reactions and provider extras are never bound, because extras may
// hold anything a provider put there.
namespace cacherows {

extern const char kMessageUpsert[];
//! The newest `?1` rows, newest first, walking the sort_at index (first paint).
extern const char kMessageSelectNewest[];
//! Every row in storage order; column 20 is the sort key (the full warm start sorts
//! in memory, which beats 100k index-to-row lookups several times over).
extern const char kMessageSelectAll[];

//! Binds the storable fields of `m`. In privacy mode subject, snippet and every
//! participant name are bound empty. The snippet is capped with makeSnippet().
void bindMessage(SqliteStatement& st, const Message& m, bool privacy);

//! "<kind><address>\x1f<name>" records joined by \x1e; kinds t c b r. Control
//! separators inside addresses or names are dropped so records always split cleanly.
QString encodeRecipients(const Message& m, bool withNames);
void decodeRecipients(const QString& encoded, Message& m);

} // namespace cacherows
} // namespace tributary
