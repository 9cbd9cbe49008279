#pragma once

namespace tributary {
class ProviderRegistry;

//! Registers the Slack provider ("slack") with its settings form.
void registerSlackProvider(ProviderRegistry& registry);
} // namespace tributary
