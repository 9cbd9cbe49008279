#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace tributary {

//! Decides, for every URL a mail asks the reader to load (img src/srcset, background
//! attributes, CSS url()), whether it may load, and counts what was held back. One filter
//! lives for one sanitizer run. Links (a href) are judged by linkTarget(), not here.
class ResourceFilter {
public:
    enum class Verdict {
        Embedded, //!< a part of the message (cid:), rewritten to the reader's cid form
        Inline,   //!< a data: image or font, kept as it is
        Remote,   //!< http(s), kept because remote content is allowed
        Blocked,  //!< http(s), held back until the user allows remote content (counted)
        Tracker,  //!< a known tracker URL: removed even when remote content is allowed
        Unsafe,   //!< any other scheme, relative URLs, garbage: removed
    };

    struct Decision {
        Verdict verdict = Verdict::Unsafe;
        QString url; //!< what to write for Embedded, Inline and Remote; empty otherwise
    };

    //! `cidPrefix` is what a cid: reference is rewritten to, followed by the content id
    //! percent-encoded (the reader puts a per-message token in it).
    ResourceFilter(bool allowRemote, QString cidPrefix);

    //! Judges one resource URL as written in the mail (entities already decoded). Counts
    //! a blocked remote URL and remembers its host; the caller decides what one "item" is
    //! via countBlocked() for elements that carry several URLs (srcset).
    Decision judge(const QString& raw);
    //! Counts one remote item held back (an image, a background, one CSS url()).
    void countBlocked() { ++m_blocked; }
    void countRemote() { ++m_remote; }
    void countTracker() { ++m_trackers; }

    int blockedCount() const { return m_blocked; }
    int remoteCount() const { return m_remote; }
    int trackerCount() const { return m_trackers; }
    //! Distinct hosts of remote URLs seen (blocked or loaded), in first-seen order.
    QStringList remoteHosts() const { return m_hosts; }
    //! Content ids of the cid: references kept, decoded, in first-seen order.
    QStringList contentIds() const { return m_contentIds; }

    //! The href to write for a link, or empty to drop it: http(s), mailto, tel and
    //! in-document fragments pass; javascript:, vbscript:, data:, file: and the rest do not.
    static QString linkTarget(const QString& raw);
    //! Whether `url` (absolute http(s)) matches a well-known open-tracking pattern.
    static bool isTrackerUrl(const QString& url);
    //! Browsers ignore tabs/newlines inside URLs and leading/trailing spaces and controls;
    //! "java\tscript:" must be judged as "javascript:".
    static QString normalize(const QString& raw);

private:
    const bool m_allowRemote;
    const QString m_cidPrefix;
    int m_blocked = 0;
    int m_remote = 0;
    int m_trackers = 0;
    QStringList m_hosts;
    QSet<QString> m_hostSet;
    QStringList m_contentIds;
    QSet<QString> m_contentIdSet;
};

} // namespace tributary
