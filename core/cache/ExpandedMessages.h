#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>
#include <optional>

namespace tributary {

class ViewStateCache;

//! Which messages of a conversation the user expanded or collapsed by hand, so a thread
//! opens the way it was left, also after a restart. Only explicit choices are kept (the
//! conversation's own default opens the newest and unread messages), the most recent
//! kCapacity of them, as window layout in the ViewStateCache; without a cache they last
//! for the session.
class ExpandedMessages : public QObject {
    Q_OBJECT
public:
    static constexpr int kCapacity = 2000;
    //! The layout key the choices are stored under.
    static QString layoutKey();

    //! `cache` may be null. The stored choices are read at once (asynchronously).
    explicit ExpandedMessages(ViewStateCache* cache, QObject* parent = nullptr);

    //! The user's last choice for `messageId`, if any.
    std::optional<bool> isExpanded(const QString& messageId) const;
    //! Remembers a choice (the newest choices are the ones kept).
    void remember(const QString& messageId, bool expanded);
    bool isLoaded() const { return m_loaded; }

signals:
    //! The stored choices were read.
    void loaded();

private:
    void store();

    ViewStateCache* m_cache = nullptr;
    QHash<QString, bool> m_expanded;
    QStringList m_order; //!< message ids, oldest choice first
    bool m_loaded = false;
};

} // namespace tributary
