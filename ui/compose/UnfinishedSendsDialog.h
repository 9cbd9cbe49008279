#pragma once

#include "provider/Provider.h"

#include <QDialog>
#include <QPointer>
#include <functional>

class QLabel;
class QVBoxLayout;

namespace tributary::ui {

//! What the app found on its next start after a send was cut short (a crash, a kill, a
//! power cut), read from the providers' own records (Provider::recoverUnfinishedSends):
//! a message that never left is named with where its draft is; a message that may have
//! been delivered asks the user: it was sent (keep it in Sent), send it again, or keep it
//! as a draft. Non-modal; rows are added as each account answers.
class UnfinishedSendsDialog : public QDialog {
    Q_OBJECT
public:
    //! The provider of an account, or nullptr when it is gone.
    using ProviderLookup = std::function<Provider*(const QString& accountId)>;

    explicit UnfinishedSendsDialog(ProviderLookup providers, QWidget* parent = nullptr);

    //! Adds what `accountId`'s provider found (`accountName` for the user).
    void add(const QString& accountId, const QString& accountName, const QList<UnfinishedSend>& found);
    //! Sends that still wait for the user's choice.
    int undecided() const { return m_undecided; }
    //! The row of a record (its object name is "unfinished-<recordId>"), for tests.
    QWidget* rowFor(const QString& recordId) const;

signals:
    //! A choice was carried out (or failed: `error` says why, the row stays).
    void resolved(const QString& recordId, tributary::UncertainSend decision, const QString& error);

private:
    QWidget* makeRow(const QString& accountId, const QString& accountName, const UnfinishedSend& send);
    void decide(const QString& accountId, const QString& recordId, UncertainSend decision, QWidget* row,
                QLabel* status);

    ProviderLookup m_providers;
    QLabel* m_intro = nullptr;
    QVBoxLayout* m_rows = nullptr;
    int m_undecided = 0;
};

} // namespace tributary::ui
