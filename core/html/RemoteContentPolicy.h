#pragma once

#include <QObject>
#include <QSet>
#include <QStringList>

namespace tributary {

class ViewStateCache;

//! Whose mail may load remote content (images, backgrounds) without asking: the reader's
//! "Always for <sender>" list, or everyone when the settings say "always load". Both are
//! kept in the ViewStateCache's app settings (the list as one key, addresses separated by
//! newlines), so they survive restarts; without a cache they live for the session only.
class RemoteContentPolicy : public QObject {
    Q_OBJECT
public:
    //! The settings key the list is stored under.
    static QString settingsKey();
    //! The settings key of the global mode: "always" loads remote content for every sender
    //! (tracking pixels are still removed); anything else (default "ask") blocks it.
    static QString modeKey();

    //! `cache` may be null. The stored list is read at once (asynchronously); until it
    //! arrives isAllowed() answers from what was set in this session.
    explicit RemoteContentPolicy(ViewStateCache* cache, QObject* parent = nullptr);

    //! Whether mail from `address` loads remote content without asking (case-insensitive).
    bool isAllowed(const QString& address) const;
    //! Whether every sender's remote content loads (the "always" mode).
    bool loadsAlways() const { return m_always; }
    //! Applies the global mode at once (the settings dialog stores it).
    void setLoadsAlways(bool always);
    //! Adds `address` to the list and stores it.
    void allowAlways(const QString& address);
    //! Removes `address` from the list and stores it.
    void revoke(const QString& address);
    //! The list, sorted.
    QStringList allowedSenders() const;
    //! True once the stored list was read (at once without a cache).
    bool isLoaded() const { return m_loaded; }

signals:
    //! The list changed (loaded from the cache, or edited).
    void changed();

private:
    static QString normalized(const QString& address);
    void store();

    ViewStateCache* m_cache = nullptr;
    QSet<QString> m_allowed;
    bool m_always = false;
    bool m_loaded = false;
};

} // namespace tributary
