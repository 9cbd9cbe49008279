#pragma once

namespace tributary {
class ProviderRegistry;

//! Registers every provider Tributary ships. The only function that names them all.
void registerBuiltInProviders(ProviderRegistry& registry);
} // namespace tributary
