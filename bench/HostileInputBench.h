#pragma once

#include <QString>
#include <QStringList>

namespace tributary::bench {

//! `tributary-bench hostile-scans [--bytes N]`: the scans a hostile message could make quadratic,
//! each on N bytes (default 1 MB) of the input that used to hurt it, timed (best of three):
//! entity decoding in both html-to-text paths ("&" without ";"), RFC 2047 encoded words ("=?"
//! without "?="), the HTML sanitizer on <p> with many distinct ids and on open formatting
//! elements before paragraphs, the MIME nesting check on a deeply nested message, and the
//! reader's plain text of HTML nested 100,000 deep. Prints one JSON object: per case
//! {"bytes","ms"}, plus "budget_ms" (100) and "all_within_budget". `only`: the cases whose name
//! contains it. `inputs`: files of real HTML or mail, each repeated to N bytes and timed through
//! the same scans ("real_inputs_ms"). Needs a QApplication.
int runHostileScans(qsizetype bytes, const QString& only = {}, const QStringList& inputs = {});

} // namespace tributary::bench
