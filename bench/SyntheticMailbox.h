#pragma once

#include "model/Model.h"

namespace tributary::bench {

//! `count` realistic envelopes: conversations of 1..40 messages shaped as random reply
//! trees over two years, with authors, subjects, snippets and flags. Deterministic.
QList<Message> syntheticEnvelopes(int count, quint32 seed = 42);

} // namespace tributary::bench
