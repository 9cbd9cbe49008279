#pragma once

#include "provider/ProviderError.h"

#include <QString>
#include <QUrl>
#include <optional>

namespace tributary {

//! Whether `host` is this machine: 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) or
//! "localhost". Nothing else counts, not even a name that resolves to 127.0.0.1: what
//! a name resolves to is the network's to decide.
bool isLoopbackHost(const QString& host);

//! Refuses a websocket address a server handed us (Slack's apps.connections.open) unless
//! it is wss://, or ws:// to loopback (the local emulator). A hostile or compromised
//! answer must not make us talk in the clear to another host, where anyone on the way
//! reads the events (message text) and the one-time ticket. Protocol, code
//! "insecure_websocket" (or "bad_websocket_url" for no ws/wss address at all), not
//! retryable; the message names the host, never the URL (it carries the ticket).
std::optional<ProviderError> webSocketUrlProblem(const QUrl& url, const QString& service);

} // namespace tributary
