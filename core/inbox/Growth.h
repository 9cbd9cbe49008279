#pragma once

#include <algorithm>
#include <cstddef>

namespace tributary {

//! Makes room for `more` further elements in a std::vector before a bulk insert, keeping
//! growth geometric: a vector with the room already is left alone, one without grows to at
//! least twice its capacity (reserving the exact size call after call, page after page, would
//! move every element each time).
template <typename Vector>
void reserveVectorFor(Vector& v, std::size_t more) {
    const std::size_t need = v.size() + more;
    if (v.capacity() < need)
        v.reserve(std::max(need, 2 * v.capacity()));
}

//! The same for a QHash or QSet, whose reserve() rebuilds the table even when it is already
//! big enough.
template <typename Hash>
void reserveHashFor(Hash& h, long long more) {
    const long long need = h.size() + more;
    if (h.capacity() < need)
        h.reserve(std::max(need, 2 * static_cast<long long>(h.capacity())));
}

} // namespace tributary
