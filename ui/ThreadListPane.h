#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QListView;

namespace tributary::ui {

class ThreadDelegate;

//! The middle column: the current view's title, an instant search field and the thread
//! list (uniform rows painted by ThreadDelegate), with a quiet note when it is empty.
class ThreadListPane : public QWidget {
    Q_OBJECT
public:
    explicit ThreadListPane(QAbstractItemModel* model, QWidget* parent = nullptr);

    QListView* view() const { return m_view; }
    ThreadDelegate* delegate() const { return m_delegate; }
    QLineEdit* searchField() const { return m_search; }
    void setTitle(const QString& title);
    QString title() const;
    //! What the empty list says ("No conversations", "Loading…").
    void setEmptyText(const QString& text);

signals:
    void searchChanged(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateEmptyState();
    void updateSnippetLine();

    QLabel* m_title = nullptr;
    QLineEdit* m_search = nullptr;
    QListView* m_view = nullptr;
    ThreadDelegate* m_delegate = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace tributary::ui
