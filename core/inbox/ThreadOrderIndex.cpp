#include "inbox/ThreadOrderIndex.h"

namespace tributary {

quint32 ThreadOrderIndex::nextPriority() {
    // xorshift32: deterministic, so a given insertion order always builds the same tree.
    m_seed ^= m_seed << 13;
    m_seed ^= m_seed >> 17;
    m_seed ^= m_seed << 5;
    return m_seed;
}

void ThreadOrderIndex::update(int n) {
    Node& node = m_nodes[size_t(n)];
    node.size = 1 + sizeOf(node.left) + sizeOf(node.right);
}

void ThreadOrderIndex::split(int n, const ThreadSortKey& key, bool inclusive, int& left, int& right) {
    if (n == -1) {
        left = right = -1;
        return;
    }
    const ThreadSortKey& k = m_nodes[size_t(n)].key;
    const bool goesLeft = inclusive ? !(key < k) : k < key;
    if (goesLeft) {
        int l = -1;
        int r = -1;
        split(m_nodes[size_t(n)].right, key, inclusive, l, r);
        m_nodes[size_t(n)].right = l;
        update(n);
        left = n;
        right = r;
    } else {
        int l = -1;
        int r = -1;
        split(m_nodes[size_t(n)].left, key, inclusive, l, r);
        m_nodes[size_t(n)].left = r;
        update(n);
        left = l;
        right = n;
    }
}

int ThreadOrderIndex::merge(int left, int right) {
    if (left == -1)
        return right;
    if (right == -1)
        return left;
    if (m_nodes[size_t(left)].priority > m_nodes[size_t(right)].priority) {
        m_nodes[size_t(left)].right = merge(m_nodes[size_t(left)].right, right);
        update(left);
        return left;
    }
    m_nodes[size_t(right)].left = merge(left, m_nodes[size_t(right)].left);
    update(right);
    return right;
}

int ThreadOrderIndex::insert(const ThreadSortKey& key) {
    int n;
    if (!m_free.empty()) {
        n = m_free.back();
        m_free.pop_back();
    } else {
        n = int(m_nodes.size());
        m_nodes.emplace_back();
    }
    m_nodes[size_t(n)] = Node{key, nextPriority(), -1, -1, 1};
    int left = -1;
    int right = -1;
    split(m_root, key, false, left, right);
    const int rank = sizeOf(left);
    m_root = merge(merge(left, n), right);
    return rank;
}

int ThreadOrderIndex::erase(const ThreadSortKey& key) {
    int left = -1;
    int rest = -1;
    split(m_root, key, false, left, rest);
    int middle = -1;
    int right = -1;
    split(rest, key, true, middle, right);
    const int rank = middle == -1 ? -1 : sizeOf(left);
    if (middle != -1) {
        m_nodes[size_t(middle)].key = {};
        m_free.push_back(middle);
    }
    m_root = merge(left, right);
    return rank;
}

int ThreadOrderIndex::rank(const ThreadSortKey& key) const {
    int count = 0;
    for (int n = m_root; n != -1;) {
        const Node& node = m_nodes[size_t(n)];
        if (node.key < key) {
            count += sizeOf(node.left) + 1;
            n = node.right;
        } else {
            n = node.left;
        }
    }
    return count;
}

int ThreadOrderIndex::countUpTo(const ThreadSortKey& key) const {
    int count = 0;
    for (int n = m_root; n != -1;) {
        const Node& node = m_nodes[size_t(n)];
        if (!(key < node.key)) {
            count += sizeOf(node.left) + 1;
            n = node.right;
        } else {
            n = node.left;
        }
    }
    return count;
}

const ThreadSortKey& ThreadOrderIndex::at(int rank) const {
    int n = m_root;
    for (;;) {
        const Node& node = m_nodes[size_t(n)];
        const int leftSize = sizeOf(node.left);
        if (rank < leftSize) {
            n = node.left;
        } else if (rank == leftSize) {
            return node.key;
        } else {
            rank -= leftSize + 1;
            n = node.right;
        }
    }
}

void ThreadOrderIndex::clear() {
    m_nodes.clear();
    m_free.clear();
    m_root = -1;
}

} // namespace tributary
