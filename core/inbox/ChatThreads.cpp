#include "inbox/ChatThreads.h"

#include <algorithm>

namespace tributary::chatthreads {

namespace {

bool olderFirst(const Message& a, const Message& b) {
    const QDateTime x = a.activityAt();
    const QDateTime y = b.activityAt();
    return x != y ? x < y : a.id < b.id;
}

//! Thread key -> the id of its parent: the oldest message of the key the channel shows.
QHash<QString, QString> parentsByKey(const QList<Message>& conversation) {
    QHash<QString, const Message*> oldest;
    for (const Message& m : conversation) {
        if (m.nativeThreadKey.isEmpty() || m.flags.testFlag(MessageFlag::ThreadReply))
            continue;
        const auto it = oldest.find(m.nativeThreadKey);
        if (it == oldest.end())
            oldest.insert(m.nativeThreadKey, &m);
        else if (olderFirst(m, **it))
            *it = &m;
    }
    QHash<QString, QString> out;
    out.reserve(oldest.size());
    for (auto it = oldest.cbegin(); it != oldest.cend(); ++it)
        out.insert(it.key(), it.value()->id);
    return out;
}

} // namespace

QList<Message> transcript(const QList<Message>& conversation) {
    QList<Message> out;
    out.reserve(conversation.size());
    for (const Message& m : conversation) {
        if (!m.flags.testFlag(MessageFlag::ThreadReply))
            out.append(m);
    }
    return out;
}

QHash<QString, Summary> summaries(const QList<Message>& conversation) {
    const QHash<QString, QString> parents = parentsByKey(conversation);
    QHash<QString, Summary> out;
    for (const Message& m : conversation) {
        const auto parent = parents.constFind(m.nativeThreadKey);
        if (parent == parents.cend() || *parent == m.id)
            continue;
        Summary& s = out[*parent];
        ++s.replies;
        if (!s.lastReply.isValid() || m.activityAt() > s.lastReply)
            s.lastReply = m.activityAt();
    }
    return out;
}

QList<Message> thread(const QList<Message>& conversation, const QString& threadKey) {
    if (threadKey.isEmpty())
        return {};
    const QString parent = parentsByKey(conversation).value(threadKey);
    QList<Message> out;
    for (const Message& m : conversation) {
        if (m.nativeThreadKey == threadKey)
            out.append(m);
    }
    std::stable_sort(out.begin(), out.end(), [&parent](const Message& a, const Message& b) {
        if ((a.id == parent) != (b.id == parent))
            return a.id == parent;
        return olderFirst(a, b);
    });
    return out;
}

} // namespace tributary::chatthreads
