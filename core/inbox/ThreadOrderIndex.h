#pragma once

#include <QString>
#include <limits>
#include <vector>

namespace tributary {

//! Where a thread sorts in the inbox: newest activity first, ties by thread id.
struct ThreadSortKey {
    static constexpr qint64 kNoActivity = std::numeric_limits<qint64>::min();

    qint64 activityMs = kNoActivity; //!< ms since epoch of the latest activity
    QString threadId;

    //! True when `*this` is listed above `o`.
    bool operator<(const ThreadSortKey& o) const {
        return activityMs != o.activityMs ? activityMs > o.activityMs : threadId < o.threadId;
    }
    bool operator==(const ThreadSortKey&) const = default;
};

//! An ordered set of thread keys with rank queries, all O(log n) expected (a treap with subtree
//! sizes). The list model uses it to find the row of a thread among 100,000 without re-sorting.
class ThreadOrderIndex {
public:
    //! Inserts a key that is not present; returns its rank (0 = top).
    int insert(const ThreadSortKey& key);
    //! Removes a key; returns the rank it had, or -1 when absent.
    int erase(const ThreadSortKey& key);
    //! The number of keys listed above `key` (its rank when present).
    int rank(const ThreadSortKey& key) const;
    //! The number of keys listed at or above `key`.
    int countUpTo(const ThreadSortKey& key) const;
    //! The key at `rank` (0 <= rank < size()).
    const ThreadSortKey& at(int rank) const;
    int size() const { return m_root == -1 ? 0 : m_nodes[size_t(m_root)].size; }
    void clear();

private:
    struct Node {
        ThreadSortKey key;
        quint32 priority = 0;
        int left = -1;
        int right = -1;
        int size = 1;
    };

    int sizeOf(int n) const { return n == -1 ? 0 : m_nodes[size_t(n)].size; }
    void update(int n);
    //! Splits `n` into keys before `key` (or at-or-before when `inclusive`) and the rest.
    void split(int n, const ThreadSortKey& key, bool inclusive, int& left, int& right);
    int merge(int left, int right);
    quint32 nextPriority();

    std::vector<Node> m_nodes;
    std::vector<int> m_free;
    int m_root = -1;
    quint32 m_seed = 0x9E3779B9u;
};

} // namespace tributary
