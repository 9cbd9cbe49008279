// Issue 11, item 2: privacy mode on, then off, then a restart must show names, subjects and
// snippets again (the rows privacy mode wrote are listed again, not resumed from), and an
// opened message always shows its real subject.
#include "Await.h"
#include "FakeProvider.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::await;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

const QString kAccount = QStringLiteral("acme");

struct PrivacyRoundTrip : ::testing::Test {
    PrivacyRoundTrip()
        : provider(kAccount) {
        provider.incremental = true; // resumes from the cache, as IMAP does
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        mail = provider.addMessages(inbox, 4);
        path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    }

    //! One run of the app: a warm start from the cache, then the sync until it is online.
    struct Run {
        ViewStateCache cache;
        InboxStore store;
        SyncController sync;
        explicit Run(const QString& path)
            : cache(path)
            , sync(&store, &cache) {}
    };

    std::unique_ptr<Run> start() {
        auto run = std::make_unique<Run>(path);
        auto opened = await(run->cache.open());
        EXPECT_TRUE(opened && opened->ok());
        run->sync.addProvider(&provider);
        run->sync.start();
        EXPECT_TRUE(waitUntil([&] {
            return run->sync.status(kAccount).state == AccountState::Live &&
                   run->store.messageCount() == int(mail.size());
        }));
        return run;
    }

    static void flush(Run& run) {
        auto flushed = await(run.cache.flush());
        ASSERT_TRUE(flushed && flushed->ok());
    }

    //! Every row shows the subject and the author's name the server has.
    void expectWhole(const InboxStore& store, const char* when) const {
        for (const Message& m : mail) {
            const auto held = store.message(m.id);
            ASSERT_TRUE(held.has_value()) << when;
            EXPECT_EQ(held->subject, m.subject) << when;
            EXPECT_EQ(held->author.displayName, m.author.displayName) << when;
            EXPECT_FALSE(held->snippet.isEmpty()) << when;
        }
    }

    FakeProvider provider;
    Channel inbox;
    QList<Message> mail;
    QTemporaryDir dir;
    QString path;
};

} // namespace

TEST_F(PrivacyRoundTrip, OnOffAndARestartBringTheSubjectsBack) {
    {
        auto first = start();
        first->cache.setPrivacyMode(true); // scrubs what the cache holds
        flush(*first);
    }
    {
        // A start in privacy mode fills from the server (the cached rows have no subjects).
        auto second = start();
        expectWhole(second->store, "in privacy mode");
        second->cache.setPrivacyMode(false);
        second->sync.reloadAll();
        ASSERT_TRUE(waitUntil([&] { return second->sync.status(kAccount).state == AccountState::Live; }));
        ASSERT_TRUE(waitUntil([&] { return second->store.messageCount() == int(mail.size()); }));
        expectWhole(second->store, "after privacy mode was turned off");
        flush(*second);
    }
    // The restart after privacy mode: the cache holds whole rows again (or none to trust).
    Run third(path);
    ASSERT_TRUE(await(third.cache.open()));
    auto rows = await(third.cache.loadMessages());
    ASSERT_TRUE(rows.has_value());
    for (const Message& row : *rows)
        EXPECT_FALSE(row.subject.isEmpty()) << "a cached row without its subject survived";
    third.sync.addProvider(&provider);
    third.sync.start();
    ASSERT_TRUE(waitUntil([&] {
        return third.sync.status(kAccount).state == AccountState::Live &&
               third.store.messageCount() == int(mail.size());
    }));
    expectWhole(third.store, "after the restart");
}

TEST_F(PrivacyRoundTrip, AnOpenedMessageShowsItsRealSubject) {
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&provider);
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return store.messageCount() == int(mail.size()); }));
    // A row that lost its subject and names (as privacy mode's rows did).
    Message thin = *store.message(mail[0].id);
    thin.subject.clear();
    thin.snippet.clear();
    thin.author.displayName.clear();
    thin.threadId.clear();
    store.addMessages({thin});
    ASSERT_TRUE(store.message(mail[0].id)->subject.isEmpty());

    auto body = await(sync.fetchBody(mail[0].id));
    ASSERT_TRUE(body && body->ok());
    EXPECT_EQ(store.message(mail[0].id)->subject, mail[0].subject);
    EXPECT_EQ(store.message(mail[0].id)->author.displayName, mail[0].author.displayName);
    EXPECT_EQ(store.thread(store.message(mail[0].id)->threadId)->subject, mail[0].subject);
}
