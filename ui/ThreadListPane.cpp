#include "ThreadListPane.h"

#include "ThreadDelegate.h"
#include "inbox/ThreadListModel.h"

#include <QAction>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
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
    headerLayout->addWidget(m_title);
    headerLayout->addWidget(m_search);
    layout->addWidget(header);

    auto* rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setForegroundRole(QPalette::Midlight);
    layout->addWidget(rule);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("threadList"));
    m_view->setAccessibleName(tr("Conversations"));
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setUniformItemSizes(true); // every row is as tall as the delegate says: fast layout
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_delegate = new ThreadDelegate(m_view);
    m_delegate->setSnippetLine(false);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(model);
    layout->addWidget(m_view, 1);

    m_empty = new QLabel(tr("No conversations"), m_view->viewport());
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_view->viewport()->installEventFilter(this);

    connect(m_search, &QLineEdit::textChanged, this, &ThreadListPane::searchChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ThreadListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ThreadListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::modelReset, this, &ThreadListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::layoutChanged, this, &ThreadListPane::updateEmptyState);
    updateEmptyState();
}

void ThreadListPane::setTitle(const QString& title) {
    m_title->setText(title);
}

QString ThreadListPane::title() const {
    return m_title->text();
}

void ThreadListPane::setEmptyText(const QString& text) {
    m_empty->setText(text);
}

bool ThreadListPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_empty->setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void ThreadListPane::updateSnippetLine() {
    // Once any thread brings a snippet the rows make room for it, and keep it.
    if (m_delegate->snippetLine() || !m_view->model())
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
    m_empty->setGeometry(m_view->viewport()->rect());
    m_empty->setVisible(m_view->model() && m_view->model()->rowCount() == 0);
}

} // namespace tributary::ui
