#include "slack/SlackProviderFactory.h"

#include "provider/ProviderRegistry.h"
#include "slack/SlackAccountForm.h"
#include "slack/SlackProvider.h"
#include "slack/SlackSettings.h"

#include <QObject>

namespace tributary {

void registerSlackProvider(ProviderRegistry& registry) {
    ProviderInfo info;
    info.id = QStringLiteral("slack");
    info.displayName = QObject::tr("Slack");
    info.iconName = QStringLiteral("providers/slack");
    info.settingKeys = slack::SlackSettings::keys();
    registry.registerProvider(
        info,
        [](const Account& account, const ProviderContext& context) {
            return std::make_unique<SlackProvider>(account, context);
        },
        slack::slackAccountForm());
}

} // namespace tributary
