#include "Providers.h"

#include "imap/ImapProviderFactory.h"
#include "provider/ProviderRegistry.h"
#include "slack/SlackProviderFactory.h"

namespace tributary {

void registerBuiltInProviders(ProviderRegistry& registry) {
    registerImapProvider(registry);
    registerSlackProvider(registry);
}

} // namespace tributary
