#include "actions/FolderPicker.h"

#include "actions/CommandPalette.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSet>
#include <QVBoxLayout>
#include <algorithm>

namespace tributary::ui {

namespace {
constexpr int kChannelRole = Qt::UserRole + 1;
} // namespace

FolderPicker::FolderPicker(const QString& prompt, QList<Folder> folders, QWidget* parent)
    : QDialog(parent, Qt::Popup | Qt::FramelessWindowHint)
    , m_folders(std::move(folders)) {
    setObjectName(QStringLiteral("folderPicker"));
    setAccessibleName(prompt);
    QSet<QString> accounts;
    for (const Folder& f : std::as_const(m_folders))
        accounts.insert(f.account);
    m_severalAccounts = accounts.size() > 1;

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    auto* title = new QLabel(prompt, this);
    title->setForegroundRole(QPalette::PlaceholderText);
    title->setContentsMargins(4, 0, 4, 2);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(tr("Type a folder name…"));
    m_query->setAccessibleName(tr("Folder"));
    m_query->setClearButtonEnabled(true);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Folders"));
    m_list->setUniformItemSizes(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_empty = new QLabel(this);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setContentsMargins(6, 6, 6, 6);
    m_empty->hide();
    layout->addWidget(title);
    layout->addWidget(m_query);
    layout->addWidget(m_empty);
    layout->addWidget(m_list);
    m_query->installEventFilter(this);
    connect(m_query, &QLineEdit::textChanged, this, &FolderPicker::refill);
    connect(m_list, &QListWidget::itemActivated, this, [this] { pickCurrent(); });
    refill();
    if (parent) {
        const int width = std::min(440, parent->width() - 40);
        resize(width, 360);
        const QPoint topCentre = parent->mapToGlobal(QPoint(parent->width() / 2, 60));
        move(topCentre.x() - width / 2, topCentre.y());
    }
    m_query->setFocus();
}

QStringList FolderPicker::shownChannels() const {
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out.append(m_list->item(i)->data(kChannelRole).toString());
    return out;
}

void FolderPicker::refill() {
    const QString query = m_query->text();
    // "lists/d" and "lists / d" alike: the path's separators do not count as words.
    QString spaced = query;
    spaced.replace(QLatin1Char('/'), QLatin1Char(' '));
    struct Scored {
        int score;
        const Folder* folder;
    };
    QList<Scored> hits;
    for (const Folder& f : std::as_const(m_folders)) {
        QString path = f.path;
        path.replace(QLatin1Char('/'), QLatin1Char(' '));
        const QString leaf = f.path.section(QLatin1Char('/'), -1).trimmed();
        const int s = std::max(CommandPalette::score(leaf, spaced) + 1, CommandPalette::score(path, spaced));
        if (s > 1 || query.trimmed().isEmpty())
            hits.append({s, &f});
    }
    // Best first; the listing order (Inbox, Drafts, Sent … as in the sidebar) breaks ties.
    std::stable_sort(hits.begin(), hits.end(),
                     [](const Scored& a, const Scored& b) { return a.score > b.score; });
    m_list->clear();
    for (const Scored& hit : std::as_const(hits)) {
        const QString text =
            m_severalAccounts ? tr("%1    %2").arg(hit.folder->path, hit.folder->account) : hit.folder->path;
        auto* item = new QListWidgetItem(hit.folder->icon, text, m_list);
        item->setData(kChannelRole, hit.folder->channelId);
        item->setToolTip(tr("%1 in %2").arg(hit.folder->path, hit.folder->account));
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_empty->setText(m_folders.isEmpty() ? tr("There is no other folder to move to.")
                                         : tr("No folder matches “%1”.").arg(query.trimmed()));
    m_empty->setVisible(m_list->count() == 0);
    m_list->setVisible(m_list->count() > 0);
}

void FolderPicker::pickCurrent() {
    const QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    const QString channelId = item->data(kChannelRole).toString();
    accept();
    emit picked(channelId);
}

bool FolderPicker::eventFilter(QObject* watched, QEvent* event) {
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
            pickCurrent();
            return true;
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace tributary::ui
