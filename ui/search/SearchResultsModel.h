#pragma once

#include "model/Model.h"

#include <QAbstractListModel>

namespace tributary {
class ServerSearch;
}

namespace tributary::ui {

//! Server search results as list rows with ThreadListModel's roles, so the thread list's
//! delegate paints them like conversations (one message each, marked by account).
class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit SearchResultsModel(ServerSearch* search, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    //! The message of a row.
    Message messageAt(int row) const;

private:
    ServerSearch* m_search;
    QList<Message> m_rows;
};

} // namespace tributary::ui
