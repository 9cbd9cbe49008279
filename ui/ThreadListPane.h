#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;

namespace tributary::ui {

class ThreadDelegate;
class ThreadListView;

//! The middle column: the current view's title, an instant search field and the thread
//! list (uniform rows painted by ThreadDelegate), with a quiet note when it is empty.
class ThreadListPane : public QWidget {
    Q_OBJECT
public:
    explicit ThreadListPane(QAbstractItemModel* model, QWidget* parent = nullptr);

    ThreadListView* view() const { return m_view; }
    ThreadDelegate* delegate() const { return m_delegate; }
    QLineEdit* searchField() const { return m_search; }
    //! Server search results (a second list, so the conversations keep their selection).
    QListView* resultsView() const { return m_results; }
    //! Shows `results` under a note ("Searching all accounts…"); showConversations() returns.
    void showResults(QAbstractItemModel* results);
    void showConversations();
    bool showingResults() const;
    void setResultsNote(const QString& text);
    void setTitle(const QString& title);
    QString title() const;
    //! What the empty list says ("No conversations", "Loading…").
    void setEmptyText(const QString& text);
    //! Under the search field while it filters: how many conversations match (or that none do).
    QLabel* filterNote() const { return m_filterNote; }
    //! What the empty list says now (the filter's "nothing matches" while one is typed).
    QString emptyText() const;
    //! Compact rows: two lines, no snippet (the "List density" setting).
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }

signals:
    void searchChanged(const QString& text);
    //! Enter in the search field: search every account's server for the text.
    void serverSearchRequested(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateEmptyState();
    void onSearchTextChanged(const QString& text);
    void updateSnippetLine();

    QLabel* m_title = nullptr;
    QLineEdit* m_search = nullptr;
    ThreadListView* m_view = nullptr;
    ThreadDelegate* m_delegate = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_filterNote = nullptr;
    QString m_emptyText;
    QStackedWidget* m_lists = nullptr;
    QListView* m_results = nullptr;
    QLabel* m_resultsNote = nullptr;
    bool m_compact = false;
};

} // namespace tributary::ui
