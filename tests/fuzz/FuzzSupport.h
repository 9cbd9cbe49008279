#pragma once

// What every fuzz target shares: property checks that abort (so libFuzzer keeps the input as
// a crash), and a deterministic way to derive choices from the input without taking bytes
// from it, so that seed files stay what they look like (a real IMAP transcript, a real mail).

#include <QByteArrayView>
#include <QString>
#include <cstddef>
#include <cstdint>

namespace tributary::fuzz {

//! Reports a broken property. The default prints `property` and `detail` to stderr and
//! aborts; the replay test installs a handler that turns it into a test failure.
void violation(const char* property, const QString& detail);

using ViolationHandler = void (*)(const char* property, const QString& detail);
//! Replaces the handler (nullptr restores the default); returns the previous one.
ViolationHandler setViolationHandler(ViolationHandler handler);

//! A small deterministic generator seeded from the input's bytes: split points, flags.
class InputRandom {
public:
    explicit InputRandom(QByteArrayView data);
    quint32 next();
    //! A value in [0, bound); 0 when bound is 0.
    quint32 below(quint32 bound) { return bound == 0 ? 0 : next() % bound; }

private:
    quint64 m_state;
};

//! The input as a view, for the parsers that take bytes.
inline QByteArrayView bytesOf(const uint8_t* data, size_t size) {
    return QByteArrayView(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

//! A short, printable excerpt of `text` for violation messages.
QString excerpt(const QString& text, qsizetype limit = 300);

} // namespace tributary::fuzz

//! Checks a property of the code under test; on failure reports `detail` (a QString).
#define TRIBUTARY_FUZZ_CHECK(condition, detail)                                                              \
    do {                                                                                                     \
        if (!(condition))                                                                                    \
            ::tributary::fuzz::violation(#condition, (detail));                                              \
    } while (false)
