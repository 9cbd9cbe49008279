#include "FuzzSupport.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace tributary::fuzz {

namespace {
std::atomic<ViolationHandler> g_handler{nullptr};
} // namespace

void violation(const char* property, const QString& detail) {
    if (const ViolationHandler handler = g_handler.load()) {
        handler(property, detail);
        return;
    }
    std::fprintf(stderr, "\n==tributary-fuzz== property violated: %s\n  %s\n", property,
                 detail.toUtf8().constData());
    std::abort();
}

ViolationHandler setViolationHandler(ViolationHandler handler) {
    return g_handler.exchange(handler);
}

InputRandom::InputRandom(QByteArrayView data) {
    // FNV-1a over the bytes: the same input always splits the same way.
    quint64 h = 0xcbf29ce484222325ULL;
    for (const char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    m_state = h | 1;
}

quint32 InputRandom::next() {
    // xorshift64*
    m_state ^= m_state >> 12;
    m_state ^= m_state << 25;
    m_state ^= m_state >> 27;
    return static_cast<quint32>((m_state * 0x2545F4914F6CDD1DULL) >> 32);
}

QString excerpt(const QString& text, qsizetype limit) {
    QString out;
    for (const QChar c : text.left(limit)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    if (text.size() > limit)
        out += QStringLiteral("... (%1 characters)").arg(text.size());
    return out;
}

} // namespace tributary::fuzz
