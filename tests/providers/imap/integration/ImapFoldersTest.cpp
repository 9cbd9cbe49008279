// Folder management and resumed drafts through the IMAP provider, against the local Dovecot
// (issue 11): CREATE (with SUBSCRIBE), RENAME of a folder with a subfolder and mail in it,
// DELETE subfolders first, special-use and malformed names refused, a whole folder marked
// read, and a resumed draft that replaces its original and goes when the message is sent.
#include "ImapTestSupport.h"

namespace tributary::test {

namespace {

class ImapFoldersTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_SERVERS(); }

    ImapProvider& provider(const QString& user) {
        m_fixtures.push_back(makeImapProvider(TestEnv::get().imapAccount(user)));
        return *m_fixtures.back().provider;
    }

    static QList<Channel> channels(Provider& p) {
        auto r = await(p.listChannels());
        EXPECT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
        return r && r->ok() ? r->value() : QList<Channel>();
    }

    static QStringList paths(Provider& p) {
        QStringList out;
        for (const Channel& c : channels(p))
            out.append(c.nativeId);
        return out;
    }

    static Message body(Provider& p, const Message& m) {
        auto r = await(p.fetchBody(m.id));
        EXPECT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
        return r && r->ok() ? r->value() : Message();
    }

    //! A message with the marker in its subject, unread, into `folder`.
    static bool deliverTo(const QString& user, const QString& folder, const QString& marker, int index) {
        return deliverRaw(user, simpleMessage(user, marker, index), folder);
    }

    std::vector<ImapFixture> m_fixtures;
};

} // namespace

TEST_F(ImapFoldersTest, CreateRenameAndDeleteAFolderWithASubfolderAndMail) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const QString marker = uniqueMarker();
    const QString top = QStringLiteral("F") + marker;

    auto created = await(p.createFolder({}, top));
    ASSERT_TRUE(created && created->ok()) << created->error().describe().toStdString();
    EXPECT_EQ(created->value().nativeId, top);
    EXPECT_EQ(created->value().name, top);
    auto child = await(p.createFolder(created->value().id, QStringLiteral("sub")));
    ASSERT_TRUE(child && child->ok()) << child->error().describe().toStdString();
    EXPECT_EQ(child->value().nativeId, top + QStringLiteral("/sub"));
    EXPECT_EQ(child->value().parentId, created->value().id);
    ASSERT_TRUE(deliverTo(QStringLiteral("bob"), child->value().nativeId, marker, 1));

    const QString renamedTop = QStringLiteral("R") + marker;
    auto renamed = await(p.renameFolder(created->value().id, renamedTop));
    ASSERT_TRUE(renamed && renamed->ok()) << renamed->error().describe().toStdString();
    EXPECT_EQ(renamed->value().nativeId, renamedTop);
    // A fresh connection sees the new names, the subfolder moved along, the mail in it.
    ImapProvider& other = provider(QStringLiteral("bob"));
    const QStringList after = paths(other);
    EXPECT_FALSE(after.contains(top));
    EXPECT_FALSE(after.contains(top + QStringLiteral("/sub")));
    ASSERT_TRUE(after.contains(renamedTop + QStringLiteral("/sub")))
        << after.join(QLatin1Char(' ')).toStdString();
    const Channel movedChild = channelNamed(channels(other), renamedTop + QStringLiteral("/sub"));
    EXPECT_EQ(messagesWithMarker(other, movedChild, marker).size(), 1);

    auto deleted = await(p.deleteFolder(renamed->value().id));
    ASSERT_TRUE(deleted && deleted->ok()) << deleted->error().describe().toStdString();
    const QStringList gone = paths(other);
    EXPECT_FALSE(gone.contains(renamedTop));
    EXPECT_FALSE(gone.contains(renamedTop + QStringLiteral("/sub")));
    auto again = await(p.deleteFolder(renamed->value().id));
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->ok()) << "deleting what is gone already is what the user wanted";
}

TEST_F(ImapFoldersTest, SpecialFoldersAndBadNamesAreRefusedWithAReason) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const QList<Channel> all = channels(p);
    const Channel inbox = channelWithRole(all, ChannelRole::Inbox);
    const Channel trash = channelWithRole(all, ChannelRole::Trash);
    const Channel sent = channelWithRole(all, ChannelRole::Sent);

    auto renameInbox = await(p.renameFolder(inbox.id, QStringLiteral("Old mail")));
    ASSERT_TRUE(renameInbox.has_value());
    ASSERT_FALSE(renameInbox->ok()) << "RENAME INBOX would move every message out of it";
    EXPECT_EQ(renameInbox->error().code, QStringLiteral("special_folder"));
    auto deleteTrash = await(p.deleteFolder(trash.id));
    ASSERT_TRUE(deleteTrash.has_value());
    EXPECT_EQ(deleteTrash->error().code, QStringLiteral("special_folder"));
    auto renameSent = await(p.renameFolder(sent.id, QStringLiteral("Outgoing")));
    ASSERT_TRUE(renameSent.has_value());
    EXPECT_EQ(renameSent->error().code, QStringLiteral("special_folder"));

    auto slash = await(p.createFolder({}, QStringLiteral("a/b")));
    ASSERT_TRUE(slash.has_value());
    EXPECT_EQ(slash->error().code, QStringLiteral("bad_name"));
    EXPECT_TRUE(slash->error().message.contains(QStringLiteral("/")));
    auto empty = await(p.createFolder({}, QStringLiteral("   ")));
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->error().code, QStringLiteral("empty_name"));
    auto taken = await(p.createFolder({}, QStringLiteral("Archive")));
    ASSERT_TRUE(taken.has_value());
    EXPECT_EQ(taken->error().code, QStringLiteral("folder_exists"));
    EXPECT_FALSE(paths(p).contains(QStringLiteral("a/b")));
}

TEST_F(ImapFoldersTest, MarkingAFolderReadReachesEveryMessage) {
    ImapProvider& p = provider(QStringLiteral("bob"));
    const QString marker = uniqueMarker();
    auto created = await(p.createFolder({}, QStringLiteral("M") + marker));
    ASSERT_TRUE(created && created->ok());
    auto emptyRead = await(p.markChannelRead(created->value().id));
    ASSERT_TRUE(emptyRead && emptyRead->ok()) << "an empty folder is read already";
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(deliverTo(QStringLiteral("bob"), created->value().nativeId, marker, i));
    // Counted by another connection: a server may answer STATUS of the mailbox a session has
    // selected from that session's older view.
    ImapProvider& observer = provider(QStringLiteral("bob"));
    EXPECT_EQ(channelNamed(channels(observer), created->value().nativeId).unreadCount, 3);

    auto read = await(p.markChannelRead(created->value().id));
    ASSERT_TRUE(read && read->ok()) << read->error().describe().toStdString();
    ImapProvider& after = provider(QStringLiteral("bob"));
    EXPECT_EQ(channelNamed(channels(after), created->value().nativeId).unreadCount, 0);
    const QList<Message> found = messagesWithMarker(after, created->value(), marker);
    EXPECT_EQ(found.size(), 3);
    for (const Message& m : found)
        EXPECT_TRUE(m.isRead());
    ASSERT_TRUE(await(p.deleteFolder(created->value().id)).has_value());
}

TEST_F(ImapFoldersTest, AResumedDraftReplacesItsOriginalAndSendingRemovesIt) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    const Channel drafts = channelWithRole(channels(p), ChannelRole::Drafts);
    ASSERT_FALSE(drafts.id.isEmpty());
    // A draft another mail program wrote (its own Message-ID), found in Drafts.
    QByteArray raw = simpleMessage(QStringLiteral("bob"), marker, 1);
    raw.replace("From: Seeder <seeder@", "From: Carol <carol@");
    ASSERT_TRUE(deliverRaw(QStringLiteral("carol"), raw, drafts.nativeId));
    const QList<Message> original = waitForMarker(p, drafts, marker);
    ASSERT_EQ(original.size(), 1);

    // The composer goes on with it under a new client id, naming what it replaces.
    OutgoingMessage resumed;
    resumed.clientId = QStringLiteral("resume-") + marker;
    resumed.replacesDraftId = original.first().id;
    resumed.to = {Participant{TestEnv::get().address(QStringLiteral("bob")), QStringLiteral("Bob"), {}}};
    resumed.subject = original.first().subject;
    resumed.text = QStringLiteral("Edited after resuming.");
    for (int save = 0; save < 2; ++save) { // the second save finds the original gone: fine
        auto saved = await(p.saveDraft(resumed));
        ASSERT_TRUE(saved && saved->ok()) << saved->error().describe().toStdString();
    }
    const QList<Message> afterSave = messagesWithMarker(p, drafts, marker);
    ASSERT_EQ(afterSave.size(), 1) << "no duplicates in Drafts";
    EXPECT_NE(afterSave.first().id, original.first().id);
    EXPECT_TRUE(body(p, afterSave.first()).text.contains(QStringLiteral("Edited after resuming")));

    auto sent = await(p.send(resumed), 60000);
    ASSERT_TRUE(sent && sent->ok()) << sent->error().describe().toStdString();
    EXPECT_TRUE(messagesWithMarker(p, drafts, marker).isEmpty()) << "sending removed the draft";
    ImapProvider& bob = provider(QStringLiteral("bob"));
    EXPECT_EQ(waitForMarker(bob, channelWithRole(channels(bob), ChannelRole::Inbox), marker).size(), 1);
}

TEST_F(ImapFoldersTest, AReplacedDraftIdOutsideDraftsIsLeftAlone) {
    ImapProvider& p = provider(QStringLiteral("carol"));
    const QString marker = uniqueMarker();
    const Channel inbox = channelWithRole(channels(p), ChannelRole::Inbox);
    ASSERT_TRUE(deliverRaw(QStringLiteral("carol"), simpleMessage(QStringLiteral("carol"), marker, 1)));
    const QList<Message> mail = waitForMarker(p, inbox, marker);
    ASSERT_EQ(mail.size(), 1);
    OutgoingMessage draft;
    draft.clientId = QStringLiteral("keep-") + marker;
    draft.replacesDraftId = mail.first().id; // not a draft: must survive
    draft.subject = QStringLiteral("Draft ") + marker;
    auto saved = await(p.saveDraft(draft));
    ASSERT_TRUE(saved && saved->ok()) << saved->error().describe().toStdString();
    EXPECT_EQ(messagesWithMarker(p, inbox, marker).size(), 1);
}

} // namespace tributary::test
