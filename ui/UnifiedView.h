#pragma once

#include <QString>

namespace tributary::ui {

//! The cross-account views at the top of the sidebar.
enum class UnifiedView { All, Unread, Flagged, Email, Chats };

inline constexpr UnifiedView kUnifiedViews[] = {UnifiedView::All, UnifiedView::Unread, UnifiedView::Flagged,
                                                UnifiedView::Email, UnifiedView::Chats};

//! The translated label of a view ("All", "Unread" ...).
QString viewTitle(UnifiedView view);

} // namespace tributary::ui
