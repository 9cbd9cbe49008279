#include "PaneSplitter.h"

#include <QResizeEvent>
#include <QShowEvent>

namespace tributary::ui {

PaneSplitter::PaneSplitter(QWidget* parent)
    : QSplitter(Qt::Horizontal, parent) {
    connect(this, &QSplitter::splitterMoved, this, [this] {
        if (!m_rebalancing && count() == 3)
            m_preferred = sizes().mid(0, 2);
    });
}

void PaneSplitter::resizeEvent(QResizeEvent* event) {
    QSplitter::resizeEvent(event);
    if (!isVisible() || count() != 3)
        return; // laid out in a placeholder size: the widths say nothing yet
    // The first real layout spreads the default or saved widths over the window: those are
    // the widths to come back to.
    if (m_preferred.isEmpty())
        m_preferred = sizes().mid(0, 2);
    if (event->size().width() != event->oldSize().width())
        rebalance();
}

void PaneSplitter::showEvent(QShowEvent* event) {
    QSplitter::showEvent(event);
    if (count() != 3)
        return;
    if (m_preferred.isEmpty())
        m_preferred = sizes().mid(0, 2);
    rebalance();
}

void PaneSplitter::rebalance() {
    if (count() != 3 || m_preferred.size() != 2)
        return;
    int total = 0;
    for (const int s : sizes())
        total += s;
    if (total <= 0)
        return;
    int side = m_preferred[0];
    int list = m_preferred[1];
    const int reading = std::max(kComfortableReading, widget(2)->minimumWidth());
    int need = reading - (total - side - list);
    // The list first, then the sidebar, never below their minimum widths.
    for (int* pane : {&list, &side}) {
        const int floor = widget(pane == &list ? 1 : 0)->minimumWidth();
        const int give = std::clamp(need, 0, std::max(0, *pane - floor));
        *pane -= give;
        need -= give;
    }
    m_rebalancing = true;
    setSizes({side, list, std::max(0, total - side - list)});
    m_rebalancing = false;
}

} // namespace tributary::ui
