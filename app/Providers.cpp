#include "Providers.h"

#include "imap/ImapProviderFactory.h"
#include "provider/ProviderRegistry.h"

namespace tributary {

void registerBuiltInProviders(ProviderRegistry& registry) {
    registerImapProvider(registry);
}

} // namespace tributary
