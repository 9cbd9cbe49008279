#pragma once

#include <QList>
#include <QSplitter>

namespace tributary::ui {

//! The main window's three panes (sidebar, list, conversation) side by side. When the
//! window narrows, the conversation keeps a readable width: the list gives up room first,
//! then the sidebar, each down to its minimum width; when it widens again, they get back
//! the widths the user gave them (dragging a handle) before the conversation grows.
class PaneSplitter : public QSplitter {
    Q_OBJECT
public:
    explicit PaneSplitter(QWidget* parent = nullptr);

    //! The conversation's width that the other panes shrink for.
    static constexpr int kComfortableReading = 480;

protected:
    void resizeEvent(QResizeEvent* event) override;
    //! Shown at the size it was laid out at while hidden (behind the first-run page, say): no
    //! resize comes, so the widths are balanced here.
    void showEvent(QShowEvent* event) override;

private:
    void rebalance();

    QList<int> m_preferred; //!< sidebar and list widths as the user (or the saved layout) set them
    bool m_rebalancing = false;
};

} // namespace tributary::ui
