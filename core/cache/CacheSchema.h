#pragma once

namespace tributary {

class SqliteDatabase;

//! The cache's schema, versioned with `PRAGMA user_version` and migrated step by step
//! (after Trojitá's SQLCache): each step runs in its own transaction together with the
//! user_version bump, so a crash between steps leaves a valid older version behind.
namespace cacheschema {

//! The version this build writes. Bump it only by appending a step in CacheSchema.cpp.
constexpr int kCurrentVersion = 2;

struct Outcome {
    int rc = 0;          //!< SQLITE_OK, or the code of the failing statement
    int fromVersion = 0; //!< user_version found in the file
    bool tooNew = false; //!< the file was written by a newer build: leave it alone
};

//! Brings the schema of `db` from its user_version to kCurrentVersion.
Outcome migrate(SqliteDatabase& db);

//! The DDL of schema version 1, kept verbatim as the first migration step.
const char* version1Ddl();

} // namespace cacheschema
} // namespace tributary
