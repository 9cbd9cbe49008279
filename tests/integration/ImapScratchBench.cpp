// TEMPORARY scratch benchmark (deleted before hand-off).
#include "ImapTestSupport.h"

#include <QElapsedTimer>
namespace tributary::test {
TEST(ImapScratchBench, TwentyThousand) {
    for (bool tls : {false, true}) {
        ImapFixture f = makeImapProvider(TestEnv::get().imapAccount(QStringLiteral("carol"), tls));
        ASSERT_TRUE(await(f.provider->connectAccount())->ok());
        const QString channel = QStringLiteral("v1:c:test-carol:Bench");
        for (int round = 0; round < 3; ++round) {
            QElapsedTimer t;
            t.start();
            auto r = await(f.provider->listMessages(channel, PageRequest{20000, {}}), 120000);
            ASSERT_TRUE(r && r->ok()) << r->error().describe().toStdString();
            qint64 ms = t.elapsed();
            int withSubject = 0, withAtt = 0, withRefs = 0;
            for (const Message& m : r->value().messages) {
                withSubject += !m.subject.isEmpty();
                withAtt += m.hasAttachments;
                withRefs += !m.references.isEmpty();
            }
            printf("tls=%d round %d: %lld ms, %lld messages, subj %d att %d refs %d first='%s'\n", tls, round,
                   ms, static_cast<long long>(r->value().messages.size()), withSubject, withAtt, withRefs,
                   qPrintable(r->value().messages.first().subject));
        }
    }
}
} // namespace tributary::test
