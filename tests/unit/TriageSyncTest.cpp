// Team triage through the sync layer (issue 13 §3), with a fake help desk next to a mail
// account without triage: rows carry assignee and status, the smart views hold the right
// conversations, the user's changes show at once and roll back with a message when the
// provider refuses, the provider's events update rows, and notes never reach the cache.

#include "Await.h"
#include "FakeTriageProvider.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "inbox/TriageBook.h"
#include "sync/SyncController.h"

#include <QAbstractItemModelTester>
#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::test;

namespace {

const Assignee kMe{Assignee::Kind::Person, QStringLiteral("u-me"), QStringLiteral("Robin Park"), false};
const Assignee kAnn{Assignee::Kind::Person, QStringLiteral("u-ann"), QStringLiteral("Ann Lee"), false};
const Assignee kBilling{Assignee::Kind::Team, QStringLiteral("t-billing"), QStringLiteral("Billing"), false};

class TriageSync : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        cache = std::make_unique<ViewStateCache>(dir.filePath(QStringLiteral("cache.sqlite")));
        auto opened = await(cache->open());
        ASSERT_TRUE(opened.has_value() && opened->ok());
        sync = std::make_unique<SyncController>(&store, cache.get());
        model = std::make_unique<ThreadListModel>(&store);
        model->setTriageBook(sync->triageBook());
        tester = std::make_unique<QAbstractItemModelTester>(model.get());
        proxy.setSourceModel(model.get());

        const Channel queue = desk.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        mine = desk.addConversation(queue, QStringLiteral("Refund for order 1182"), QStringLiteral("Kim"), 5,
                                    QStringLiteral("Please refund"), kMe);
        nobodys = desk.addConversation(queue, QStringLiteral("Cannot log in"), QStringLiteral("Lee"), 10,
                                       QStringLiteral("Password reset mail never came"));
        anns = desk.addConversation(queue, QStringLiteral("Invoice address"), QStringLiteral("Sam"), 15,
                                    QStringLiteral("Change the address"), kAnn, TriageStatus::Closed);
        const Channel inbox = mail.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        letter = mail.addMessage(inbox, QStringLiteral("Lunch?"), QStringLiteral("Pat"), 7,
                                 QStringLiteral("Noon"));
        sync->addProvider(&desk);
        sync->addProvider(&mail);
        sync->start();
        ASSERT_TRUE(waitUntil([this] {
            return model->rowCount() == 4 && sync->triageBook()->size() == 3 &&
                   !sync->triageBook()->self(desk.account().id).isEmpty();
        })) << model->rowCount()
            << " rows, " << sync->triageBook()->size() << " triage entries";
    }

    QString threadOf(const Message& m) const { return store.message(m.id)->threadId; }
    QModelIndex rowOf(const Message& m) const { return model->index(model->rowOf(threadOf(m))); }
    QStringList listed(TriageView view) {
        proxy.setTriageView(view);
        QStringList subjects;
        for (int r = 0; r < proxy.rowCount(); ++r)
            subjects.append(proxy.index(r, 0).data(ThreadListModel::SubjectRole).toString());
        subjects.sort();
        return subjects;
    }

    QTemporaryDir dir;
    FakeTriageProvider desk{QStringLiteral("desk"), QStringLiteral("Help desk")};
    FakeInboxProvider mail{QStringLiteral("mail"), QStringLiteral("Mail")};
    InboxStore store;
    std::unique_ptr<ViewStateCache> cache;
    std::unique_ptr<SyncController> sync;
    std::unique_ptr<ThreadListModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
    ThreadFilterProxy proxy;
    Message mine, nobodys, anns, letter;
};

} // namespace

TEST_F(TriageSync, RowsCarryAssigneeAndStatusFromTheProvider) {
    EXPECT_EQ(rowOf(mine).data(ThreadListModel::AssigneeRole).toString(), QStringLiteral("Robin Park"));
    EXPECT_TRUE(rowOf(mine).data(ThreadListModel::AssignedToMeRole).toBool());
    EXPECT_EQ(rowOf(mine).data(ThreadListModel::TriageStatusRole).toInt(), int(TriageStatus::Open));
    EXPECT_EQ(rowOf(anns).data(ThreadListModel::AssigneeRole).toString(), QStringLiteral("Ann Lee"));
    EXPECT_FALSE(rowOf(anns).data(ThreadListModel::AssignedToMeRole).toBool());
    EXPECT_EQ(rowOf(anns).data(ThreadListModel::TriageStatusRole).toInt(), int(TriageStatus::Closed));
    EXPECT_TRUE(rowOf(nobodys).data(ThreadListModel::TriageableRole).toBool());
    EXPECT_TRUE(rowOf(nobodys).data(ThreadListModel::AssigneeRole).toString().isEmpty());
    // Mail without triage has none of it.
    EXPECT_FALSE(rowOf(letter).data(ThreadListModel::TriageableRole).toBool());
    EXPECT_EQ(rowOf(letter).data(ThreadListModel::TriageStatusRole).toInt(), int(TriageStatus::None));
    EXPECT_EQ(sync->triageCapabilities(threadOf(letter)), Capabilities());
    EXPECT_EQ(sync->triageCapabilities(threadOf(mine)),
              desk.caps & ~(Capability::Folders | Capability::Flags));
}

TEST_F(TriageSync, SmartViewsAcrossAccounts) {
    EXPECT_EQ(listed(TriageView::AssignedToMe), QStringList{QStringLiteral("Refund for order 1182")});
    EXPECT_EQ(listed(TriageView::Unassigned), QStringList{QStringLiteral("Cannot log in")}); // not the mail
    EXPECT_EQ(listed(TriageView::Open),
              (QStringList{QStringLiteral("Cannot log in"), QStringLiteral("Refund for order 1182")}));
    EXPECT_EQ(listed(TriageView::None).size(), 4);

    // Membership follows changes: taking the unassigned one moves it to "Assigned to me".
    proxy.setTriageView(TriageView::AssignedToMe);
    sync->assign(threadOf(nobodys), kMe);
    EXPECT_EQ(proxy.rowCount(), 2);
    EXPECT_EQ(listed(TriageView::Unassigned), QStringList());
}

TEST_F(TriageSync, AssignShowsAtOnceAndReachesTheProviderAndTheCache) {
    sync->assign(threadOf(nobodys), kBilling);
    EXPECT_EQ(rowOf(nobodys).data(ThreadListModel::AssigneeRole).toString(), QStringLiteral("Billing"));
    ASSERT_TRUE(waitUntil([this] { return desk.assignCalls == 1; }));
    EXPECT_EQ(desk.triage.value(conversationIdOf(nobodys)).assignee, kBilling);
    const auto cached = await(cache->loadTriage());
    ASSERT_TRUE(cached.has_value());
    const auto row = std::find_if(cached->cbegin(), cached->cend(), [this](const TriageState& t) {
        return t.threadId == conversationIdOf(nobodys);
    });
    ASSERT_NE(row, cached->cend());
    EXPECT_EQ(row->assignee, QStringLiteral("team:t-billing\nBilling"));
    EXPECT_EQ(row->status, QStringLiteral("open"));
}

TEST_F(TriageSync, RefusedAssignRollsBackWithAMessage) {
    QSignalSpy failed(sync.get(), &SyncController::actionFailed);
    desk.refuseNext = ProviderError::network(QStringLiteral("The help desk did not answer."));
    sync->assign(threadOf(nobodys), kAnn);
    // Shown at once...
    EXPECT_EQ(rowOf(nobodys).data(ThreadListModel::AssigneeRole).toString(), QStringLiteral("Ann Lee"));
    // ...and put back when the provider refuses, with why.
    ASSERT_TRUE(waitUntil([&] { return failed.size() == 1; }));
    EXPECT_TRUE(rowOf(nobodys).data(ThreadListModel::AssigneeRole).toString().isEmpty());
    const QString message = failed.at(0).at(0).toString();
    EXPECT_TRUE(message.contains(QStringLiteral("Ann Lee"))) << message.toStdString();
    EXPECT_TRUE(message.contains(QStringLiteral("did not answer"))) << message.toStdString();
    EXPECT_TRUE(desk.triage.value(conversationIdOf(nobodys)).assignee.isEmpty());

    // A refused snooze goes back to the status it had.
    desk.refuseNext = ProviderError::invalid(QStringLiteral("Snoozing is off for this inbox."));
    sync->setTriageStatus(threadOf(mine), TriageStatus::Waiting, QDateTime::currentDateTime().addDays(1));
    EXPECT_EQ(rowOf(mine).data(ThreadListModel::TriageStatusRole).toInt(), int(TriageStatus::Waiting));
    ASSERT_TRUE(waitUntil([&] { return failed.size() == 2; }));
    EXPECT_EQ(rowOf(mine).data(ThreadListModel::TriageStatusRole).toInt(), int(TriageStatus::Open));
    EXPECT_FALSE(rowOf(mine).data(ThreadListModel::SnoozeUntilRole).toDateTime().isValid());
}

TEST_F(TriageSync, SnoozeIsWaitingUntilATime) {
    const QDateTime until = QDateTime::currentDateTimeUtc().addDays(2);
    sync->setTriageStatus(threadOf(mine), TriageStatus::Waiting, until);
    ASSERT_TRUE(waitUntil([&] { return desk.triage.value(conversationIdOf(mine)).snoozeUntil.isValid(); }));
    EXPECT_EQ(desk.triage.value(conversationIdOf(mine)).status, TriageStatus::Waiting);
    EXPECT_EQ(rowOf(mine).data(ThreadListModel::SnoozeUntilRole).toDateTime(), until);
    EXPECT_EQ(listed(TriageView::Open), QStringList{QStringLiteral("Cannot log in")});
}

TEST_F(TriageSync, ProviderEventsUpdateRows) {
    desk.teammateAssigns(conversationIdOf(nobodys), kAnn);
    EXPECT_EQ(rowOf(nobodys).data(ThreadListModel::AssigneeRole).toString(), QStringLiteral("Ann Lee"));
    desk.teammateSetsStatus(conversationIdOf(mine), TriageStatus::Closed);
    EXPECT_EQ(rowOf(mine).data(ThreadListModel::TriageStatusRole).toInt(), int(TriageStatus::Closed));
    // The assignee stays what it was: a status event says nothing about it.
    EXPECT_TRUE(rowOf(mine).data(ThreadListModel::AssignedToMeRole).toBool());
    EXPECT_EQ(listed(TriageView::Open), QStringList{QStringLiteral("Cannot log in")});

    QSignalSpy notes(sync.get(), &SyncController::noteAdded);
    desk.teammateAddsNote(conversationIdOf(mine), QStringLiteral("Customer called, refund approved"));
    ASSERT_EQ(notes.size(), 1);
    EXPECT_EQ(notes.at(0).at(0).value<InternalNote>().text,
              QStringLiteral("Customer called, refund approved"));
    EXPECT_EQ(store.threadCount(), 4); // events are not messages
}

TEST_F(TriageSync, WithoutTheCapabilityNothingChangesAndTheUserIsTold) {
    QSignalSpy failed(sync.get(), &SyncController::actionFailed);
    sync->assign(threadOf(letter), kAnn);
    ASSERT_EQ(failed.size(), 1);
    EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("does not support")));
    EXPECT_FALSE(rowOf(letter).data(ThreadListModel::TriageableRole).toBool());
    auto added = await(sync->addNote(threadOf(letter), QStringLiteral("x")));
    ASSERT_TRUE(added.has_value());
    ASSERT_FALSE(added->ok());
    EXPECT_EQ(added->error().code, QStringLiteral("unsupported"));
}

TEST_F(TriageSync, NotesAreFetchedOnDemandAndNeverCached) {
    const QString marker = QStringLiteral("zq7NOTETEXTq7z");
    auto added = await(sync->addNote(threadOf(mine), marker + QStringLiteral(" refund approved")));
    ASSERT_TRUE(added.has_value() && added->ok());
    desk.teammateAddsNote(conversationIdOf(mine), marker + QStringLiteral(" from Ann"));
    auto listedNotes = await(sync->notes(threadOf(mine)));
    ASSERT_TRUE(listedNotes.has_value() && listedNotes->ok());
    EXPECT_EQ(listedNotes->value().size(), 2);
    EXPECT_EQ(desk.listNotesCalls, 1); // asked for, not prefetched by the sync

    ASSERT_TRUE(await(cache->flush()).has_value());
    ASSERT_TRUE(await(cache->close()).has_value());
    QByteArray all;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    ASSERT_FALSE(all.isEmpty());
    EXPECT_TRUE(all.contains("u-me")) << "the assignee (view state) is cached";
    EXPECT_FALSE(all.contains(marker.toUtf8()));
    QByteArray utf16;
    for (QChar c : marker) {
        utf16 += char(c.unicode() & 0xff);
        utf16 += char(c.unicode() >> 8);
    }
    EXPECT_FALSE(all.contains(utf16));
}

namespace {

//! The help desk before it answers: the app has only what the cache kept.
class UnreachableDesk : public FakeTriageProvider {
public:
    using FakeTriageProvider::FakeTriageProvider;
    QFuture<Result<void>> connectAccount() override {
        pending.start();
        return pending.future();
    }
    QPromise<Result<void>> pending;
};

} // namespace

TEST_F(TriageSync, CachedTriageShowsBeforeTheFirstSync) {
    sync->assign(threadOf(nobodys), kAnn);
    ASSERT_TRUE(waitUntil([this] { return desk.assignCalls == 1; }));
    ASSERT_TRUE(await(cache->flush()).has_value());

    UnreachableDesk offline{QStringLiteral("desk"), QStringLiteral("Help desk")};
    InboxStore store2;
    SyncController sync2(&store2, cache.get());
    sync2.addProvider(&offline);
    sync2.start();
    ASSERT_TRUE(waitUntil([&] { return sync2.triageBook()->size() == 3; }));
    const auto cached = sync2.triageBook()->get(conversationIdOf(nobodys));
    ASSERT_TRUE(cached.has_value());
    EXPECT_EQ(cached->assignee.id, QStringLiteral("u-ann"));
    EXPECT_EQ(cached->assignee.name, QStringLiteral("Ann Lee"));
    EXPECT_EQ(cached->status, TriageStatus::Open);
    EXPECT_EQ(sync2.triageBook()->get(conversationIdOf(anns))->status, TriageStatus::Closed);
    EXPECT_EQ(offline.fetchTriageCalls, 0);
    offline.pending.addResult(ProviderError::network(QStringLiteral("offline")));
    offline.pending.finish();
}
