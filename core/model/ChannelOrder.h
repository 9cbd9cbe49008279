#pragma once

#include "model/Model.h"

namespace tributary {

//! Where a folder of this role goes in a list: Inbox, Flagged, Drafts, Sent, Archive,
//! All, Junk, Trash, then ordinary folders. One order for providers and the sidebar,
//! so an account's folders never show in two different orders.
constexpr int channelRoleOrder(ChannelRole role) {
    switch (role) {
    case ChannelRole::Inbox:
        return 0;
    case ChannelRole::Flagged:
        return 1;
    case ChannelRole::Drafts:
        return 2;
    case ChannelRole::Sent:
        return 3;
    case ChannelRole::Archive:
        return 4;
    case ChannelRole::All:
        return 5;
    case ChannelRole::Junk:
        return 6;
    case ChannelRole::Trash:
        return 7;
    case ChannelRole::None:
        break;
    }
    return 8;
}

} // namespace tributary
