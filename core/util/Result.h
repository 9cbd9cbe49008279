#pragma once

#include "provider/ProviderError.h"

#include <optional>
#include <utility>
#include <variant>

namespace tributary {

//! A value or a typed error. Providers return QFuture<Result<T>> so a failure is
//! an ordinary value that crosses threads and continuations without exceptions.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::move(value)) {}
    Result(ProviderError error)
        : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T* operator->() const { return &value(); }
    const T& operator*() const& { return value(); }

    const ProviderError& error() const { return std::get<ProviderError>(m_state); }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, ProviderError> m_state;
};

//! Result<void>: success carries nothing.
struct Done {};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Done) {}
    Result(ProviderError error)
        : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const ProviderError& error() const { return *m_error; }

private:
    std::optional<ProviderError> m_error;
};

} // namespace tributary
