#pragma once

#include "accounts/AccountForm.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tributary::ui {

//! Editors for a provider's AccountForm, built from its description alone: the simple
//! fields (name, address, secret) always, the rest grouped under "manual setup".
//! Editors are named "field:<key>" (objectName) and carry their label as accessible name.
//! A form that declares an OAuth sign-in gets its button ("oauthSignIn") and a status line
//! ("oauthStatus") above the secret fields; the dialog runs the sign-in.
class AccountFormWidget : public QWidget {
    Q_OBJECT
public:
    explicit AccountFormWidget(AccountForm form, QWidget* parent = nullptr);
    ~AccountFormWidget() override;

    const AccountForm& form() const { return m_form; }

    //! Shows the advanced groups too, or only the simple fields.
    void setManual(bool manual);
    bool isManual() const { return m_manual; }

    //! Fills every editor from `settings`; a key that is missing takes its field's default.
    void setSettings(const QVariantMap& settings);
    //! The non-secret settings the editors hold; empty text fields are left out.
    QVariantMap settings() const;
    //! The settings keys this form edits (every field but the secret).
    QStringList settingKeys() const;

    QVariant value(const QString& key) const;
    //! Sets an editor without emitting edited().
    void setValue(const QString& key, const QVariant& value);
    //! value() of the field with this role, as text; empty if the form has no such field.
    QString roleText(FormFieldRole role) const;
    void setRoleValue(FormFieldRole role, const QVariant& value);

    //! The first secret field's text (the password or main token).
    QByteArray secret() const;
    void setSecret(const QString& secret);
    //! The text of the secret field stored under `kind` (its key); empty if none.
    QByteArray secret(const QString& kind) const;
    //! Sets the secret field `kind` without emitting edited().
    void setSecret(const QString& kind, const QString& secret);
    //! Every secret field that holds something, by kind.
    QHash<QString, QByteArray> secrets() const;
    //! The placeholder of every secret field ("Leave empty to keep the saved token").
    void setSecretPlaceholder(const QString& text);

    //! The OAuth sign-in button, or null when the form declares none.
    QPushButton* signInButton() const { return m_signInButton; }
    //! While a sign-in runs the button offers to cancel it.
    void setSignInRunning(bool running);
    //! The line beside the button ("Signed in as ..."); empty hides it.
    void setSignInStatus(const QString& text);

    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    //! The manual-setup fields, grouped. Not part of this widget's layout: the caller puts
    //! it in its own (under its "Manual setup" toggle). Deleted with this widget.
    QWidget* manualArea() const { return m_manualArea; }
    //! Adds a row at the top of the manual area, for settings that are not the provider's.
    void addManualRow(const QString& label, QWidget* widget);

    //! The label of the first required field left empty (the secret counts only when
    //! `secretRequired`), or empty when nothing is missing. Manual fields count only in
    //! manual setup: otherwise the dialog fills them.
    QString missingRequired(bool secretRequired) const;
    //! Focuses the editor of the field with this label (as missingRequired() names it).
    void focusField(const QString& label);

signals:
    //! The user changed a field (not setValue/setSettings).
    void edited(const QString& key);
    //! The sign-in button was pressed: start the sign-in, or cancel the one running.
    void signInClicked();

private:
    QWidget* createEditor(const FormField& field);
    QWidget* fileEditor(const FormField& field);
    void build();
    void addSignInRow();

    AccountForm m_form;
    QHash<QString, QWidget*> m_editors;
    QFormLayout* m_simple = nullptr;
    QPointer<QWidget> m_manualArea;
    QFormLayout* m_extra = nullptr;
    QLineEdit* m_secret = nullptr; //!< the first secret field
    QHash<QString, QLineEdit*> m_secretEditors;
    QPushButton* m_signInButton = nullptr;
    QLabel* m_signInStatus = nullptr;
    bool m_manual = false;
    bool m_updating = false;
};

} // namespace tributary::ui
