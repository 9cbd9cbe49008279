#pragma once

#include "model/Model.h"

#include <QLineEdit>

class QCompleter;
class QStringListModel;

namespace tributary::ui {

//! A To/Cc/Bcc field: "Name <addr>, addr" with completion of the address being typed
//! from people already seen (part of a name or of an address is enough), several
//! addresses per field. Entries that are not addresses are marked once the user leaves
//! the field.
class RecipientEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit RecipientEdit(QWidget* parent = nullptr);

    //! The people offered, most frequent first (InboxStore::knownParticipants()).
    void setSuggestions(const QList<Participant>& people);
    QCompleter* suggestions() const { return m_completer; }

    QList<Participant> recipients() const;
    //! What could not be read as an address.
    QStringList invalidEntries() const;
    void setRecipients(const QList<Participant>& people);

signals:
    //! The recipients or the invalid entries may have changed (every edit).
    void recipientsChanged();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    void updateCompletion();
    void insertCompletion(const QString& completion);
    void showValidity(bool markInvalid);

    QCompleter* m_completer;
    QStringListModel* m_model;
};

} // namespace tributary::ui
