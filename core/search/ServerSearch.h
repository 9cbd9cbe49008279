#pragma once

#include "model/Model.h"

#include <QObject>
#include <QPointer>

namespace tributary {

class SyncController;

//! Searches every account that can search its server (Capability::ServerSearch) and merges
//! the answers into one list, newest first, each message keeping its account. Answers show
//! as they come; one account failing is reported without hiding the others. A new search
//! (or cancel()) drops the answers of the previous one.
class ServerSearch : public QObject {
    Q_OBJECT
public:
    explicit ServerSearch(SyncController* sync, QObject* parent = nullptr);

    void start(const QString& text, int limitPerAccount = 100);
    void cancel();
    const QList<Message>& results() const { return m_results; }
    QString text() const { return m_text; }
    bool isRunning() const { return m_pending > 0; }
    //! Accounts asked in the current search.
    int accountsAsked() const { return m_asked; }

signals:
    void resultsChanged();
    void accountFailed(const QString& accountId, const QString& message);
    void finished();

private:
    QPointer<SyncController> m_sync;
    QString m_text;
    QList<Message> m_results;
    quint64 m_generation = 0;
    int m_pending = 0;
    int m_asked = 0;
};

} // namespace tributary
