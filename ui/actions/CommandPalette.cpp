#include "actions/CommandPalette.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace tributary::ui {

namespace {
constexpr int kActionRole = Qt::UserRole + 1;

QString shortcutText(const QAction* action) {
    QStringList keys;
    for (const QKeySequence& k : action->shortcuts())
        keys.append(k.toString(QKeySequence::NativeText));
    return keys.join(QStringLiteral("  ·  "));
}
} // namespace

QString plainActionText(const QAction* action) {
    QString text = action->text();
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

int CommandPalette::score(const QString& text, const QString& query) {
    const QString q = query.trimmed();
    if (q.isEmpty())
        return 1;
    const QString t = text.toLower();
    const QString lq = q.toLower();
    if (t.startsWith(lq))
        return 100 - int(t.size());
    // Every word of the query must start a word of the text, in any order ("all rep").
    const QStringList words = t.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    int matched = 0;
    for (const QString& part : lq.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const bool found =
            std::any_of(words.cbegin(), words.cend(), [&](const QString& w) { return w.startsWith(part); });
        if (!found)
            return t.contains(lq) ? 10 : 0;
        ++matched;
    }
    return 50 + matched;
}

CommandPalette::CommandPalette(QList<Entry> entries, QWidget* parent)
    : QDialog(parent, Qt::Popup | Qt::FramelessWindowHint)
    , m_entries(std::move(entries)) {
    setObjectName(QStringLiteral("commandPalette"));
    setAccessibleName(tr("Command palette"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(tr("Type a command, folder, channel or setting…"));
    m_query->setAccessibleName(tr("Command"));
    m_query->setClearButtonEnabled(true);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Matching commands"));
    m_list->setUniformItemSizes(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_empty = new QLabel(this);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setContentsMargins(6, 6, 6, 6);
    m_empty->hide();
    layout->addWidget(m_query);
    layout->addWidget(m_empty);
    layout->addWidget(m_list);
    m_query->installEventFilter(this);
    connect(m_query, &QLineEdit::textChanged, this, &CommandPalette::refill);
    connect(m_list, &QListWidget::itemActivated, this, [this] { runCurrent(); });
    refill();
    if (parent) {
        const int width = std::min(560, parent->width() - 40);
        resize(width, 360);
        const QPoint topCentre = parent->mapToGlobal(QPoint(parent->width() / 2, 60));
        move(topCentre.x() - width / 2, topCentre.y());
    }
    m_query->setFocus();
}

void CommandPalette::refill() {
    struct Scored {
        int score;
        const Entry* entry;
    };
    QList<Scored> hits;
    for (const Entry& e : std::as_const(m_entries)) {
        if (!e.action->isEnabled() || !e.action->isVisible())
            continue;
        int s = score(plainActionText(e.action), m_query->text());
        if (s == 0 && !m_query->text().trimmed().isEmpty()) {
            // Found by what it does ("move" finds Archive), below every match by name.
            const int byWords =
                std::max(score(e.keywords, m_query->text()), score(e.action->toolTip(), m_query->text()));
            s = byWords > 0 ? 1 + byWords / 20 : 0;
        }
        if (s > 0)
            hits.append({s, &e});
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const Scored& a, const Scored& b) { return a.score > b.score; });
    m_list->clear();
    for (const Scored& hit : std::as_const(hits)) {
        QString menu = hit.entry->menu;
        menu.remove(QLatin1Char('&'));
        const QString keys = shortcutText(hit.entry->action);
        auto* item =
            new QListWidgetItem(hit.entry->action->icon(),
                                keys.isEmpty() ? plainActionText(hit.entry->action)
                                               : tr("%1    %2").arg(plainActionText(hit.entry->action), keys),
                                m_list);
        item->setToolTip(tr("%1 menu: %2").arg(menu, hit.entry->action->toolTip()));
        item->setData(kActionRole, QVariant::fromValue(static_cast<QObject*>(hit.entry->action)));
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_empty->setText(tr("Nothing matches “%1”: no command, folder, channel, account or setting.")
                         .arg(m_query->text().trimmed()));
    m_empty->setVisible(m_list->count() == 0);
    m_list->setVisible(m_list->count() > 0);
}

void CommandPalette::runCurrent() {
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    auto* action = qobject_cast<QAction*>(item->data(kActionRole).value<QObject*>());
    accept();
    if (action && action->isEnabled())
        action->trigger();
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const int row = m_list->currentRow();
        switch (key->key()) {
        case Qt::Key_Down:
            m_list->setCurrentRow(std::min(row + 1, m_list->count() - 1));
            return true;
        case Qt::Key_Up:
            m_list->setCurrentRow(std::max(row - 1, 0));
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            runCurrent();
            return true;
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

ShortcutSheet::ShortcutSheet(const QList<CommandPalette::Entry>& entries, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutSheet"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    setAccessibleName(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    auto* table = new QTableWidget(this);
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setShowGrid(false);
    QMap<QString, QList<const QAction*>> byMenu;
    QStringList menuOrder;
    for (const auto& e : entries) {
        QString menu = e.menu;
        menu.remove(QLatin1Char('&'));
        if (!byMenu.contains(menu))
            menuOrder.append(menu);
        byMenu[menu].append(e.action);
    }
    for (const QString& menu : std::as_const(menuOrder)) {
        const int header = table->rowCount();
        table->insertRow(header);
        auto* title = new QTableWidgetItem(menu);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        table->setItem(header, 0, title);
        for (const QAction* action : byMenu.value(menu)) {
            const int row = table->rowCount();
            table->insertRow(row);
            table->setItem(row, 0, new QTableWidgetItem(QStringLiteral("   ") + plainActionText(action)));
            table->setItem(row, 1, new QTableWidgetItem(shortcutText(action)));
        }
    }
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(460, 520);
}

} // namespace tributary::ui
