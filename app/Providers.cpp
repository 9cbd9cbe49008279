#include "Providers.h"

#include "provider/ProviderRegistry.h"

namespace tributary {

void registerBuiltInProviders(ProviderRegistry& registry) {
    Q_UNUSED(registry);
}

} // namespace tributary
