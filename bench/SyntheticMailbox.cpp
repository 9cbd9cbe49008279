#include "SyntheticMailbox.h"

#include "model/Ids.h"

#include <random>

namespace tributary::bench {

QList<Message> syntheticEnvelopes(int count, quint32 seed) {
    static const QStringList names = {QStringLiteral("Ann Berg"),     QStringLiteral("Bo Chen"),
                                      QStringLiteral("Chloé Durand"), QStringLiteral("Dieter Müller"),
                                      QStringLiteral("Eri Tanaka"),   QStringLiteral("Femi Ade")};
    std::mt19937 rng(seed);
    QList<Message> out;
    out.reserve(count);
    const QDateTime start(QDate(2025, 1, 1), QTime(8, 0), Qt::UTC);
    for (int conversation = 0; out.size() < count; ++conversation) {
        const int size = 1 + int(rng() % 40);
        const QString subject = QStringLiteral("Quarterly planning item %1").arg(conversation);
        QList<QStringList> ancestry;
        for (int j = 0; j < size && out.size() < count; ++j) {
            QStringList refs;
            if (j > 0) {
                const int parent = (rng() % 10 < 3) ? j - 1 : int(rng() % quint32(j));
                refs = ancestry[parent];
                refs.append(QStringLiteral("c%1.%2@bench.test").arg(conversation).arg(parent));
            }
            ancestry.append(refs);
            Message m;
            m.accountId = QStringLiteral("bench");
            m.nativeId = QStringLiteral("INBOX;UIDVALIDITY=1;UID=%1").arg(out.size() + 1);
            m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
            m.channelId = makeId(IdKind::Channel, m.accountId, QStringLiteral("INBOX"));
            m.messageIdHeader = QStringLiteral("c%1.%2@bench.test").arg(conversation).arg(j);
            m.references = refs;
            if (!refs.isEmpty())
                m.inReplyTo = refs.last();
            const QString name = names[int(rng() % quint32(names.size()))];
            m.author = {
                name.section(QLatin1Char(' '), 0, 0).toLower() + QStringLiteral("@bench.test"), name, {}};
            m.subject = j == 0 ? subject : QStringLiteral("Re: ") + subject;
            m.snippet =
                QStringLiteral("Following up on item %1: the numbers look right, let's confirm on Thursday.")
                    .arg(conversation);
            m.sentAt = start.addSecs(qint64(conversation) * 600 + j * 3600);
            m.receivedAt = m.sentAt;
            if (rng() % 4 != 0)
                m.flags |= MessageFlag::Read;
            if (rng() % 50 == 0)
                m.flags |= MessageFlag::Flagged;
            m.hasAttachments = rng() % 10 == 0;
            out.append(m);
        }
    }
    return out;
}

} // namespace tributary::bench
