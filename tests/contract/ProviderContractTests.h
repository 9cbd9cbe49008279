#pragma once

// The one abstract provider test suite (after Sink's MailSyncTest, MailTest and
// MailQueryTest). Every provider instantiates it against its real peer (Dovecot/Postfix, an
// emulator), all in ONE file (tests/contract/ProviderContractInstances.cpp), the only one
// including the contract headers: each provider's harness (ProviderHarness.h) lives with its
// other tests (tests/providers/<id>/integration/<Id>ContractHarness.h), and the instances are
// named after the provider (Imap/ProviderContract.*, Slack/ProviderContract.*):
//
//   INSTANTIATE_TEST_SUITE_P(Imap, ProviderContract,
//       ::testing::Values(HarnessFactory{"imap", [] { return std::make_unique<ImapContractHarness>(); }}),
//       [](const auto& info) { return info.param.name; });
//
// This header holds the fixture and the first cases (sign-in, listing, paging, bodies, sending,
// flags, search); ProviderContractSyncTests.h (syncChanges, subscribe after out-of-band
// changes), ProviderContractActionTests.h (move, remove, edit by capability) and
// ProviderContractFaultTests.h (rate limits, cancellation) add the rest.

#include "Await.h"
#include "ProviderHarness.h"
#include "provider/Provider.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <optional>

namespace tributary::test {

class ProviderContract : public ::testing::TestWithParam<HarnessFactory> {
protected:
    void SetUp() override {
        m_harness = GetParam().make();
        ASSERT_TRUE(m_harness);
        m_provider = m_harness->createProvider();
        ASSERT_TRUE(m_provider);
    }

    static QString uniqueMarker() {
        return QStringLiteral("mk") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    }

    Channel primary() {
        auto channels = await(m_provider->listChannels());
        EXPECT_TRUE(channels.has_value());
        if (!channels || !channels->ok())
            return {};
        return m_harness->primaryChannel(channels->value());
    }

    //! Walks pages newest-first until a message whose subject or snippet contains the marker shows up.
    QList<Message> findMarked(const Channel& channel, const QString& marker, int pageSize = 50) {
        QList<Message> found;
        PageRequest page{pageSize, {}};
        for (int i = 0; i < 200; ++i) {
            auto r = await(m_provider->listMessages(channel.id, page));
            if (!r || !r->ok())
                break;
            for (const Message& m : r->value().messages) {
                if (m.subject.contains(marker) || m.snippet.contains(marker))
                    found.append(m);
            }
            if (r->value().nextCursor.isEmpty())
                break;
            page.cursor = r->value().nextCursor;
        }
        return found;
    }

    bool has(Capability capability) const { return m_provider->capabilities().testFlag(capability); }

    //! The channel's first page: its newest messages and the sync state it hands out.
    std::optional<MessagePage> firstPage(const Channel& channel, int limit = 50) {
        auto r = await(m_provider->listMessages(channel.id, PageRequest{limit, {}}));
        if (!r || !r->ok()) {
            ADD_FAILURE() << "listMessages: " << describe(r);
            return std::nullopt;
        }
        return r->value();
    }

    static QList<Message> withMarker(const QList<Message>& messages, const QString& marker) {
        QList<Message> out;
        for (const Message& m : messages)
            if (m.subject.contains(marker) || m.snippet.contains(marker))
                out.append(m);
        return out;
    }

    //! What a caller of syncChanges() knows: the messages it has, with their flags.
    static QHash<QString, MessageFlags> flagsOf(const QList<Message>& messages) {
        QHash<QString, MessageFlags> known;
        for (const Message& m : messages)
            known.insert(m.id, m.flags);
        return known;
    }

    template <typename T>
    static std::string describe(const std::optional<Result<T>>& r) {
        if (!r)
            return "no answer in time";
        return r->ok() ? std::string("ok") : r->error().describe().toStdString();
    }

    //! A provider without the capability refuses at once, in words the user can act on.
    static void expectRefusedForWantOf(const std::optional<Result<void>>& r, const char* capability) {
        ASSERT_TRUE(r.has_value()) << "a refusal must not wait for anything";
        ASSERT_FALSE(r->ok()) << "succeeded without Capability::" << capability;
        EXPECT_EQ(r->error().kind, ErrorKind::Invalid) << r->error().describe().toStdString();
        EXPECT_FALSE(r->error().retryable) << "retrying cannot help";
        EXPECT_FALSE(r->error().message.isEmpty());
    }

    std::unique_ptr<ProviderHarness> m_harness;
    std::unique_ptr<Provider> m_provider;
};

TEST_P(ProviderContract, ConnectsWithValidCredentials) {
    auto r = await(m_provider->connectAccount());
    ASSERT_TRUE(r.has_value()) << "connectAccount did not finish";
    EXPECT_TRUE(r->ok()) << r->error().describe().toStdString();
}

TEST_P(ProviderContract, BadCredentialsGiveAnAuthError) {
    auto bad = m_harness->createProviderWithBadCredentials();
    auto r = await(bad->connectAccount());
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Auth) << r->error().describe().toStdString();
    EXPECT_FALSE(r->error().retryable);
    EXPECT_FALSE(r->error().message.isEmpty());
}

TEST_P(ProviderContract, ListsChannelsWithGlobalIds) {
    auto r = await(m_provider->listChannels());
    ASSERT_TRUE(r && r->ok());
    ASSERT_FALSE(r->value().isEmpty());
    for (const Channel& c : r->value()) {
        EXPECT_EQ(c.accountId, m_provider->account().id);
        EXPECT_TRUE(c.id.startsWith(QStringLiteral("v1:c:"))) << c.id.toStdString();
        EXPECT_FALSE(c.name.isEmpty());
    }
    EXPECT_FALSE(m_harness->primaryChannel(r->value()).id.isEmpty());
}

TEST_P(ProviderContract, PagesNewestFirstWithoutDuplicates) {
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(7, marker));
    const Channel channel = primary();
    QStringList seen;
    QDateTime previous;
    PageRequest page{3, {}};
    int pages = 0;
    for (; pages < 1000; ++pages) {
        auto r = await(m_provider->listMessages(channel.id, page));
        ASSERT_TRUE(r && r->ok());
        for (const Message& m : r->value().messages) {
            EXPECT_FALSE(seen.contains(m.id)) << "duplicate " << m.id.toStdString();
            seen.append(m.id);
            EXPECT_EQ(m.channelId, channel.id);
            if (previous.isValid() && m.activityAt().isValid()) {
                EXPECT_LE(m.activityAt(), previous.addSecs(1)) << "not newest first";
            }
            if (m.activityAt().isValid())
                previous = m.activityAt();
        }
        if (r->value().nextCursor.isEmpty())
            break;
        page.cursor = r->value().nextCursor;
    }
    EXPECT_GE(pages, 2) << "a page limit of 3 must page over 7 seeded messages";
    EXPECT_GE(seen.size(), 7);
}

TEST_P(ProviderContract, FetchesABody) {
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    const QList<Message> found = findMarked(primary(), marker);
    ASSERT_EQ(found.size(), 1);
    auto body = await(m_provider->fetchBody(found.first().id));
    ASSERT_TRUE(body && body->ok()) << (body ? body->error().describe().toStdString() : "timeout");
    EXPECT_TRUE(body->value().bodyLoaded);
    EXPECT_TRUE(body->value().text.contains(marker) || body->value().html.contains(marker));
}

TEST_P(ProviderContract, SendThenSeeIt) {
    const QString marker = uniqueMarker();
    OutgoingMessage out = m_harness->outgoing(marker);
    auto receipt = await(m_provider->send(out), 60000);
    ASSERT_TRUE(receipt && receipt->ok())
        << (receipt ? receipt->error().describe().toStdString() : "timeout");
    const Channel channel = primary();
    QList<Message> found;
    ASSERT_TRUE(waitUntil([&] { return !(found = findMarked(channel, marker)).isEmpty(); }, 15000))
        << "the sent message never appeared in " << channel.name.toStdString();
}

TEST_P(ProviderContract, SendRetryWithSameClientIdDoesNotDuplicate) {
    const QString marker = uniqueMarker();
    OutgoingMessage out = m_harness->outgoing(marker);
    auto first = await(m_provider->send(out), 60000);
    ASSERT_TRUE(first && first->ok());
    auto second = await(m_provider->send(out), 60000);
    ASSERT_TRUE(second && second->ok()) << second->error().describe().toStdString();
    EXPECT_TRUE(second->value().alreadySent);
    const Channel channel = primary();
    QList<Message> found;
    ASSERT_TRUE(waitUntil([&] { return !(found = findMarked(channel, marker)).isEmpty(); }, 15000));
    ASSERT_TRUE(m_harness->waitForDeliveries()) << "a duplicate would have arrived by now";
    EXPECT_EQ(findMarked(channel, marker).size(), 1);
}

TEST_P(ProviderContract, ReadFlagRoundTrips) {
    if (!m_provider->capabilities().testFlag(Capability::Flags))
        GTEST_SKIP() << "provider has no flags";
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    const Channel channel = primary();
    QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);
    EXPECT_FALSE(found.first().isRead());
    auto r = await(m_provider->setFlags({found.first().id}, MessageFlag::Read, {}));
    ASSERT_TRUE(r && r->ok());
    found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);
    EXPECT_TRUE(found.first().isRead());
}

TEST_P(ProviderContract, ServerSearchFindsAMessage) {
    if (!m_provider->capabilities().testFlag(Capability::ServerSearch))
        GTEST_SKIP() << "provider has no server search";
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    auto r = await(m_provider->search(SearchQuery{marker, {}, 20}));
    ASSERT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
    ASSERT_EQ(r->value().size(), 1);
    // Mail carries the marker in its subject, chat (which has none) in its text.
    EXPECT_TRUE(r->value().first().subject.contains(marker) || r->value().first().snippet.contains(marker));
}

TEST_P(ProviderContract, UnknownMessageIsNotFound) {
    auto r =
        await(m_provider->fetchBody(QStringLiteral("v1:m:%1:does-not-exist").arg(m_provider->account().id)));
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_TRUE(r->error().kind == ErrorKind::NotFound || r->error().kind == ErrorKind::Invalid)
        << r->error().describe().toStdString();
}

} // namespace tributary::test
