// ProviderInfo::iconName is the icon of a provider's accounts (issue 13 §1): the sidebar and
// the account type list show the icon the provider names, not one rebuilt from its id.

#include "Icons.h"
#include "Providers.h"
#include "SidebarModel.h"
#include "provider/ProviderRegistry.h"

#include <QIcon>
#include <QImage>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;

namespace {

QImage pixels(const QIcon& icon) {
    return icon.pixmap(32, 32).toImage();
}

} // namespace

TEST(ProviderIcon, IsTheBundledIconTheProviderNames) {
    ProviderRegistry registry;
    registerBuiltInProviders(registry);
    QHash<QString, QString> names;
    for (const ProviderInfo& info : registry.providers())
        names.insert(info.id, info.iconName);
    ASSERT_EQ(names.value(QStringLiteral("slack")), QStringLiteral("providers/slack"));
    ASSERT_EQ(names.value(QStringLiteral("imap")), QStringLiteral("providers/imap"));

    const QImage slack = pixels(icons::forProvider(names.value(QStringLiteral("slack")), {}));
    EXPECT_EQ(slack, pixels(QIcon(QStringLiteral(":/icons/providers/slack.svg"))));
    EXPECT_NE(slack, pixels(icons::bundled(QStringLiteral("chat"))));
    // A name the app has no icon for: a mail or chat mark by what the provider does.
    EXPECT_EQ(pixels(icons::forProvider(QStringLiteral("providers/nowhere"), Capability::ChatChannels)),
              pixels(icons::bundled(QStringLiteral("chat"))));
    EXPECT_EQ(pixels(icons::forProvider({}, Capability::Folders)),
              pixels(icons::bundled(QStringLiteral("mail"))));

    SidebarModel model;
    Account account;
    account.id = QStringLiteral("team");
    account.providerId = QStringLiteral("slack");
    account.displayName = QStringLiteral("Team");
    model.addAccount(account);
    model.setProviderIconNames(names);
    EXPECT_EQ(pixels(model.indexForAccount(QStringLiteral("team"))
                         .data(SidebarModel::ProviderIconRole)
                         .value<QIcon>()),
              slack);
}
