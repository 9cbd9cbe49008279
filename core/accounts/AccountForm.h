#pragma once

#include "auth/OAuthConfig.h"
#include "provider/ProviderError.h"
#include "provider/SecretSource.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>
#include <QVariantMap>
#include <functional>
#include <optional>

namespace tributary {

//! How the account dialog edits one field.
enum class FormFieldKind {
    Text,
    Number,
    Choice,
    Secret,   //!< typed by the user, stored in the keychain, never in the settings
    Checkbox, //!< a boolean setting
    File,     //!< a path on this computer (a CA certificate ...)
};

//! What a field means, so the dialog can fill it from ServerPresets, ask for it on the
//! first page, and find the endpoints to diagnose, without knowing the provider.
enum class FormFieldRole {
    None,
    EmailAddress,
    FullName,
    UserName,
    IncomingHost,
    IncomingPort,
    IncomingSecurity, //!< choices use the values "tls", "starttls", "none"
    OutgoingHost,
    OutgoingPort,
    OutgoingSecurity, //!< choices use the values "tls", "starttls", "none"
    CaCertificate,
    TrustedFingerprint, //!< where "Trust this certificate" stores the SHA-256 (lowercase hex)
};

struct FormChoice {
    QString value; //!< stored in the settings
    QString label; //!< shown
};

//! One field of a provider's settings form.
struct FormField {
    //! The settings key; for a Secret field, the SecretKind it is stored under.
    QString key;
    QString label;
    FormFieldKind kind = FormFieldKind::Text;
    FormFieldRole role = FormFieldRole::None;
    QVariant defaultValue;
    QList<FormChoice> choices; //!< Choice fields only
    QString placeholder;
    QString help; //!< one sentence, shown as a tooltip
    //! Section heading in the manual setup ("Incoming server", "Outgoing server", ...).
    QString group;
    bool required = false;
    //! Shown only in manual setup; simple fields (address, name, secret) are always shown.
    bool advanced = false;
    int minimum = 0; //!< Number fields
    int maximum = 0; //!< Number fields; 0 means no upper bound
};

//! A sign-in through the user's browser (OAuth 2.0 for native apps: PKCE, loopback
//! redirect) that the account dialog offers beside the form's secret fields. The dialog
//! shows `label` on a button and never names the provider itself.
struct FormOAuthSignIn {
    //! The button's text with its mnemonic, e.g. "Sign &in with Slack…".
    QString label;
    //! One sentence, shown as the button's tooltip.
    QString help;
    //! The Secret field the access token fills (SecretKind::AccessToken for most).
    QString tokenSecretKind = SecretKind::AccessToken;
    //! The OAuthConfig for the settings the form holds now (non-secret fields, defaults
    //! applied). An Invalid error whose message says which setting to fill (the client id
    //! ...) when it cannot be built.
    std::function<Result<OAuthConfig>(const QVariantMap& settings)> config;
    //! Who signed in, in a few words ("U0ALICE001 in Acme"), from OAuthGrant::extra; may
    //! be unset or answer empty.
    std::function<QString(const QJsonObject& extra)> describeGrant;
};

//! A provider-neutral description of the settings form a provider needs. Providers
//! register it next to their factory (ProviderRegistry::registerProvider); the account
//! dialog builds its editors from it and never names a provider.
struct AccountForm {
    QList<FormField> fields;
    //! The SHA-256 (lowercase hex) of the certificate a "TLS untrusted" error of this
    //! provider is about, or empty: lets the dialog offer "Trust this certificate".
    std::function<QString(const ProviderError&)> untrustedCertificateFingerprint;
    //! A browser sign-in the dialog offers, for providers that have one.
    std::optional<FormOAuthSignIn> oauthSignIn;

    //! The first field with this role, or null.
    const FormField* fieldFor(FormFieldRole role) const;
    //! The settings key of the field with this role, or empty.
    QString keyFor(FormFieldRole role) const;
    //! The field with this key, or null.
    const FormField* field(const QString& key) const;
    //! The first secret field (kind Secret), or null for providers that need none.
    const FormField* secretField() const;
    //! Every secret field, in form order.
    QList<const FormField*> secretFields() const;
    //! An address-based email account: the dialog fills its servers from ServerPresets
    //! and checks the outgoing server too.
    bool isEmail() const;
    //! The settings every non-secret field starts with (its default value, where it has one).
    QVariantMap defaults() const;
};

} // namespace tributary
