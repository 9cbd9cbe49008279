#include "UnifiedView.h"

#include <QCoreApplication>

namespace tributary::ui {

QString viewTitle(UnifiedView view) {
    auto tr = [](const char* text) {
        return QCoreApplication::translate("tributary::ui::UnifiedView", text);
    };
    switch (view) {
    case UnifiedView::All:
        return tr("All");
    case UnifiedView::Unread:
        return tr("Unread");
    case UnifiedView::Flagged:
        return tr("Flagged");
    case UnifiedView::Email:
        return tr("Email");
    case UnifiedView::Chats:
        return tr("Chats");
    case UnifiedView::AssignedToMe:
        return tr("Assigned to me");
    case UnifiedView::Unassigned:
        return tr("Unassigned");
    case UnifiedView::Open:
        return tr("Open");
    }
    return {};
}

} // namespace tributary::ui
