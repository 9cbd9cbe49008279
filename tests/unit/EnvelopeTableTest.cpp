#include "inbox/EnvelopeTable.h"

#include "InboxTestMessages.h"

#include <gtest/gtest.h>

using namespace tributary;
using inboxtest::Mail;

namespace {

Message mail(int n, const char* subject = "Hello") {
    return Mail("acc", QByteArray("INBOX/" + QByteArray::number(n)).constData()).subject(subject);
}

QList<Message> mails(int from, int count) {
    QList<Message> out;
    for (int i = 0; i < count; ++i)
        out.append(mail(from + i));
    return out;
}

} // namespace

TEST(EnvelopeTable, SharesTheListItIsGivenAndIgnoresLaterChangesToIt) {
    EnvelopeTable table;
    QList<Message> page = mails(1, 3);
    EXPECT_TRUE(table.add(page).isEmpty());
    ASSERT_EQ(table.size(), 3);
    const Message* held = table.find(mail(2).id);
    ASSERT_NE(held, nullptr);
    EXPECT_EQ(held, &page.at(1)) << "the rows are the caller's, not copies";

    page[1].subject = QStringLiteral("changed by the caller"); // detaches the caller's list
    EXPECT_EQ(table.find(mail(2).id)->subject, QStringLiteral("Hello"));
    EXPECT_EQ(table.find(QStringLiteral("nope")), nullptr);
}

TEST(EnvelopeTable, ALaterCopyReplacesTheEarlierOneAndIsReturned) {
    EnvelopeTable table;
    table.add({mail(1, "first"), mail(2)});
    // Within one list, and against what the table held.
    const QList<Message> replaced = table.add({mail(1, "second"), mail(3), mail(1, "third")});
    ASSERT_EQ(replaced.size(), 2);
    EXPECT_EQ(replaced[0].subject, QStringLiteral("first"));
    EXPECT_EQ(replaced[1].subject, QStringLiteral("second"));
    EXPECT_EQ(table.size(), 3);
    EXPECT_EQ(table.find(mail(1).id)->subject, QStringLiteral("third"));
}

TEST(EnvelopeTable, TakeRemovesAndEditChangesOnlyTheTablesCopy) {
    EnvelopeTable table;
    const QList<Message> page = mails(1, 5);
    table.add(page);
    const std::optional<Message> taken = table.take(mail(2).id);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->id, mail(2).id);
    EXPECT_FALSE(table.take(mail(2).id));
    EXPECT_FALSE(table.contains(mail(2).id));
    EXPECT_EQ(table.size(), 4);

    Message* edited = table.edit(mail(3).id);
    ASSERT_NE(edited, nullptr);
    edited->flags = MessageFlag::Read;
    EXPECT_TRUE(table.find(mail(3).id)->isRead());
    EXPECT_FALSE(page.at(2).isRead()) << "the shared list is never written";
    EXPECT_EQ(table.edit(QStringLiteral("nope")), nullptr);
}

TEST(EnvelopeTable, MostlyReplacedListsAreCompactedWithoutLosingMessages) {
    EnvelopeTable table;
    table.add(mails(0, 1000));
    // Edit most messages one by one, then replace a few by a new listing, then remove some:
    // every message stays findable with its latest content.
    for (int i = 0; i < 900; ++i)
        table.edit(mail(i).id)->flags = MessageFlag::Flagged;
    table.add(mails(950, 100)); // 950..1049: 50 replaced, 50 new
    // Removing 600 of the rows held in the table's own list compacts that list too.
    for (int i = 0; i < 1000; ++i) {
        if (i % 10 < 6) {
            EXPECT_TRUE(table.take(mail(i).id)) << i;
        }
    }
    EXPECT_EQ(table.size(), 1050 - 600);
    for (int i = 0; i < 1050; ++i) {
        const Message* m = table.find(mail(i).id);
        if (i < 1000 && i % 10 < 6) {
            EXPECT_EQ(m, nullptr) << i;
            continue;
        }
        ASSERT_NE(m, nullptr) << i;
        EXPECT_EQ(m->id, mail(i).id);
        EXPECT_EQ(m->flags.testFlag(MessageFlag::Flagged), i < 900) << i;
    }
    EXPECT_EQ(table.idsOfAccount(QStringLiteral("acc")).size(), table.size());
    EXPECT_TRUE(table.idsOfAccount(QStringLiteral("other")).isEmpty());
}
