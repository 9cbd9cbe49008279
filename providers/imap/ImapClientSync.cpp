// ImapClient::syncChanges: what changed in a folder since an earlier sync state.
#include "imap/ImapClient.h"
#include "imap/ImapDataParser.h"
#include "imap/ImapEnvelopes.h"

#include <QObject>
#include <QSet>
#include <map>

namespace tributary::imap {

namespace {

//! FLAGS-only fetches are cheap, but a 100,000-UID set makes a very long command line.
constexpr qsizetype kFlagChunk = 5000;

struct KnownMessage {
    QString id;
    MessageFlags flags;
};

quint64 stateNumber(const QVariantMap& state, const char* key) {
    return state.value(QLatin1String(key)).toULongLong();
}

Message flagsOnly(const QString& id, const QString& accountId, const QString& channelId, MessageFlags flags) {
    Message m;
    m.id = id;
    m.accountId = accountId;
    m.channelId = channelId;
    m.flags = flags;
    return m;
}

} // namespace

Result<ChannelChanges> ImapClient::syncChanges(const QString& channelId, const QVariantMap& state,
                                               const QHash<QString, MessageFlags>& known) {
    const auto folder = folderFromChannelId(channelId, m_settings.accountId);
    if (!folder)
        return ProviderError::notFound(QObject::tr("This folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    const auto oldValidity = quint32(stateNumber(state, "uidValidity"));
    const auto oldNext = quint32(stateNumber(state, "uidNext"));
    const quint64 oldModSeq = stateNumber(state, "highestModSeq");
    if (oldValidity == 0 || oldNext == 0)
        return ProviderError::invalid(
            QObject::tr("The saved sync state of \"%1\" is incomplete.").arg(*folder),
            QStringLiteral("bad_sync_state"));
    // Only messages of this folder generation can be changed or gone; UID order for sets.
    std::map<quint32, KnownMessage> byUid;
    for (auto it = known.cbegin(); it != known.cend(); ++it) {
        const auto ref = MessageRef::fromGlobalId(it.key(), m_settings.accountId);
        if (ref && ref->folder == *folder && ref->uidValidity == oldValidity)
            byUid.emplace(ref->uid, KnownMessage{it.key(), it.value()});
    }

    return run<ChannelChanges>([&](ImapSession& session) -> Result<ChannelChanges> {
        auto box = session.select(*folder);
        if (!box)
            return box.error();
        const SelectedMailbox mailbox = box.value();
        ChannelChanges out;
        if (mailbox.uidValidity != oldValidity) {
            out.reset = true; // the UIDs we hold mean nothing now
            return out;
        }
        out.syncState = mailbox.syncState();

        // New mail. "n:*" always matches the highest UID, even below n: filter.
        if (mailbox.uidNext > oldNext) {
            ImapCommand search = uidSearchCommand(session);
            search.raw("UID " + QByteArray::number(oldNext) + ":*");
            auto uids =
                searchUids(session, search, QObject::tr("Looking for new mail in \"%1\"").arg(*folder));
            if (!uids)
                return uids.error();
            QList<quint32> fresh;
            for (quint32 uid : uids.value()) {
                if (uid >= oldNext)
                    fresh.append(uid);
            }
            auto messages = fetchEnvelopes(session, m_settings.accountId, *folder, oldValidity, fresh);
            if (!messages)
                return messages.error();
            out.added = std::move(messages.value());
            if (!fresh.isEmpty())
                out.syncState.insert(QStringLiteral("uidNext"), QVariant::fromValue<qulonglong>(std::max(
                                                                    mailbox.uidNext, fresh.last() + 1)));
        }
        if (byUid.empty())
            return out;

        // Flag changes among the messages the caller has.
        auto noteFlags = [&](const ImapResponse& response) {
            ImapFetchItem item;
            if (!readFetch(session, response, item) || !item.hasFlags)
                return;
            const auto it = byUid.find(item.uid);
            // Who wrote a message never changes: FromMe is ours, not a flag the server keeps.
            const MessageFlags now =
                item.flags | (it != byUid.end() ? it->second.flags & MessageFlag::FromMe : MessageFlags());
            if (it != byUid.end() && it->second.flags != now)
                out.flagsChanged.append(flagsOnly(it->second.id, m_settings.accountId, channelId, now));
        };
        const QByteArray knownRange =
            QByteArray::number(byUid.begin()->first) + ':' + QByteArray::number(byUid.rbegin()->first);
        if (oldModSeq > 0 && mailbox.highestModSeq > 0 && session.hasCapability("CONDSTORE")) {
            if (mailbox.highestModSeq != oldModSeq) {
                ImapCommand fetch("UID FETCH");
                fetch.raw(knownRange)
                    .raw("(UID FLAGS)")
                    .raw("(CHANGEDSINCE " + QByteArray::number(oldModSeq) + ')');
                if (auto r = session.executeOk(
                        fetch, QObject::tr("Reading flag changes in \"%1\"").arg(*folder), noteFlags);
                    !r)
                    return r.error();
            }
        } else {
            QList<quint32> uids;
            uids.reserve(qsizetype(byUid.size()));
            for (const auto& entry : byUid)
                uids.append(entry.first);
            for (qsizetype i = 0; i < uids.size(); i += kFlagChunk) {
                ImapCommand fetch("UID FETCH");
                fetch.raw(formatSequenceSet(uids.mid(i, kFlagChunk))).raw("(UID FLAGS)");
                if (auto r = session.executeOk(fetch, QObject::tr("Comparing flags in \"%1\"").arg(*folder),
                                               noteFlags);
                    !r)
                    return r.error();
            }
        }

        // Expunged (or moved away): known UIDs the folder no longer has.
        ImapCommand present = uidSearchCommand(session);
        present.raw("UID " + knownRange);
        auto still =
            searchUids(session, present, QObject::tr("Checking for deleted mail in \"%1\"").arg(*folder));
        if (!still)
            return still.error();
        const QSet<quint32> there(still.value().cbegin(), still.value().cend());
        for (const auto& [uid, message] : byUid) {
            if (!there.contains(uid))
                out.removedIds.append(message.id);
        }
        return out;
    });
}

} // namespace tributary::imap
