#pragma once

#include <QString>

namespace tributary::ui {

//! The cross-account views at the top of the sidebar.
enum class UnifiedView {
    All,
    Unread,
    Flagged,
    Email,
    Chats,
    // Team triage (issue 13 §3): shown while an account can triage (SidebarModel::setTriageViews).
    AssignedToMe,
    Unassigned,
    Open,
};

inline constexpr UnifiedView kUnifiedViews[] = {UnifiedView::All, UnifiedView::Unread, UnifiedView::Flagged,
                                                UnifiedView::Email, UnifiedView::Chats};
//! The smart views of team triage, after kUnifiedViews.
inline constexpr UnifiedView kTriageViews[] = {UnifiedView::AssignedToMe, UnifiedView::Unassigned,
                                               UnifiedView::Open};

//! The translated label of a view ("All", "Unread" ...).
QString viewTitle(UnifiedView view);

} // namespace tributary::ui
