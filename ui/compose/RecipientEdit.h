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

    //! The people offered, most frequent first (InboxStore::knownParticipants()). The user's
    //! own addresses (`own`, compared without case) come after everyone else: one writes to
    //! others far more often, though one's own name is in every thread.
    void setSuggestions(const QList<Participant>& people, const QStringList& own = {});
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
