#include "ThreadListPane.h"

#include "ThreadDelegate.h"
#include "ThreadListView.h"
#include "inbox/ThreadListModel.h"

#include <QAction>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tributary::ui {

ThreadListPane::ThreadListPane(QAbstractItemModel* model, QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    auto* header = new QWidget(this);
    auto* headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(14, 12, 12, 10);
    headerLayout->setSpacing(8);
    m_title = new QLabel(header);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setAccessibleName(tr("Current view"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_search = new QLineEdit(header);
    m_search->setPlaceholderText(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search conversations"));
    m_filterNote = new QLabel(header);
    m_filterNote->setObjectName(QStringLiteral("filterNote"));
    m_filterNote->setForegroundRole(QPalette::PlaceholderText);
    m_filterNote->setWordWrap(true);
    m_filterNote->hide();
    headerLayout->addWidget(m_title);
    headerLayout->addWidget(m_search);
    headerLayout->addWidget(m_filterNote);
    layout->addWidget(header);

    auto* rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setForegroundRole(QPalette::Midlight);
    layout->addWidget(rule);

    m_view = new ThreadListView(this);
    m_view->setObjectName(QStringLiteral("threadList"));
    m_view->setAccessibleName(tr("Conversations"));
    m_view->setFrameShape(QFrame::NoFrame);
    // Rows that start a day group are taller; the list lays rows out in batches, so the
    // first screenful paints before the rest is measured.
    m_view->setUniformItemSizes(false);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(500);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_delegate = new ThreadDelegate(m_view);
    m_delegate->setSnippetLine(false);
    m_delegate->setDayGrouping(true);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(model);
    m_lists = new QStackedWidget(this);
    m_lists->addWidget(m_view);
    auto* resultsPage = new QWidget(m_lists);
    auto* resultsLayout = new QVBoxLayout(resultsPage);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->setSpacing(0);
    m_resultsNote = new QLabel(resultsPage);
    m_resultsNote->setContentsMargins(14, 6, 12, 6);
    m_resultsNote->setForegroundRole(QPalette::PlaceholderText);
    m_resultsNote->setWordWrap(true);
    m_results = new QListView(resultsPage);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results from the servers"));
    m_results->setFrameShape(QFrame::NoFrame);
    m_results->setUniformItemSizes(true);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* resultsDelegate = new ThreadDelegate(m_results);
    resultsDelegate->setSnippetLine(true);
    m_results->setItemDelegate(resultsDelegate);
    resultsLayout->addWidget(m_resultsNote);
    resultsLayout->addWidget(m_results, 1);
    m_lists->addWidget(resultsPage);
    layout->addWidget(m_lists, 1);

    m_emptyText = tr("No conversations");
    m_empty = new QLabel(m_emptyText, m_view->viewport());
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_view->viewport()->installEventFilter(this);
    m_search->installEventFilter(this);

    connect(m_search, &QLineEdit::textChanged, this, &ThreadListPane::searchChanged);
    connect(m_search, &QLineEdit::textChanged, this, &ThreadListPane::onSearchTextChanged);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            showConversations();
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (!m_search->text().trimmed().isEmpty())
            emit serverSearchRequested(m_search->text().trimmed());
    });
    m_search->setToolTip(
        tr("Type to filter the loaded conversations; press Enter to search every account's server."));
    connect(model, &QAbstractItemModel::rowsInserted, this, &ThreadListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ThreadListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::modelReset, this, &ThreadListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::layoutChanged, this, &ThreadListPane::updateEmptyState);
    updateEmptyState();
}

void ThreadListPane::showResults(QAbstractItemModel* results) {
    if (m_results->model() != results)
        m_results->setModel(results);
    m_lists->setCurrentIndex(1);
}

void ThreadListPane::showConversations() {
    m_lists->setCurrentIndex(0);
}

bool ThreadListPane::showingResults() const {
    return m_lists->currentIndex() == 1;
}

void ThreadListPane::setResultsNote(const QString& text) {
    m_resultsNote->setText(text);
}

void ThreadListPane::setTitle(const QString& title) {
    m_title->setText(title);
}

QString ThreadListPane::title() const {
    return m_title->text();
}

void ThreadListPane::setEmptyText(const QString& text) {
    m_emptyText = text;
    updateEmptyState();
}

QString ThreadListPane::emptyText() const {
    return m_empty->text();
}

void ThreadListPane::onSearchTextChanged(const QString& text) {
    m_delegate->setHighlightWords(text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts));
    m_view->viewport()->update();
    updateEmptyState();
}

bool ThreadListPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_search && event->type() == QEvent::ShortcutOverride) {
        // Enter belongs to the field (it searches the servers), whatever shortcut has the key.
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    if (watched == m_search && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        // Esc leaves the server results first, then clears the filter.
        if (showingResults())
            showConversations();
        else
            m_search->clear();
        return true;
    }
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_empty->setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void ThreadListPane::setCompact(bool compact) {
    m_compact = compact;
    if (compact)
        m_delegate->setSnippetLine(false);
    else
        updateSnippetLine();
}

void ThreadListPane::updateSnippetLine() {
    // Once any thread brings a snippet the rows make room for it, and keep it.
    if (m_compact || m_delegate->snippetLine() || !m_view->model())
        return;
    QAbstractItemModel* model = m_view->model();
    const int rows = std::min(model->rowCount(), 50);
    for (int row = 0; row < rows; ++row) {
        if (!model->index(row, 0).data(ThreadListModel::SnippetRole).toString().isEmpty()) {
            m_delegate->setSnippetLine(true);
            return;
        }
    }
}

void ThreadListPane::updateEmptyState() {
    updateSnippetLine();
    const int rows = m_view->model() ? m_view->model()->rowCount() : 0;
    const QString filter = m_search->text().simplified();
    if (filter.isEmpty()) {
        m_filterNote->hide();
        m_empty->setText(m_emptyText);
    } else {
        m_filterNote->setText(
            rows == 0   ? tr("No loaded conversation matches. Press Enter to search the servers.")
            : rows == 1 ? tr("1 conversation matches. Press Enter to search the servers.")
                        : tr("%n conversations match. Press Enter to search the servers.", nullptr, rows));
        m_filterNote->show();
        m_empty->setText(tr("Nothing matches “%1”").arg(filter));
    }
    m_empty->setGeometry(m_view->viewport()->rect());
    m_empty->setVisible(rows == 0);
}

} // namespace tributary::ui
