#include "imap/ImapAccountForm.h"

#include "imap/ImapProvider.h"
#include "provider/SecretSource.h"

#include <QObject>

namespace tributary::imap {

namespace {

QList<FormChoice> securityChoices() {
    // Values as ImapSettings parses them, and as ServerPresets names them.
    return {{QStringLiteral("tls"), QObject::tr("SSL/TLS")},
            {QStringLiteral("starttls"), QObject::tr("STARTTLS")},
            {QStringLiteral("none"), QObject::tr("None (this computer only)")}};
}

FormField field(const QString& key, const QString& label, FormFieldKind kind, FormFieldRole role,
                const QString& group = QString()) {
    FormField f;
    f.key = key;
    f.label = label;
    f.kind = kind;
    f.role = role;
    f.group = group;
    f.advanced = !group.isEmpty();
    return f;
}

} // namespace

AccountForm imapAccountForm() {
    const QString incoming = QObject::tr("Incoming server (IMAP)");
    const QString outgoing = QObject::tr("Outgoing server (SMTP)");
    const QString security = QObject::tr("Sign-in and security");
    AccountForm form;

    FormField name = field(QStringLiteral("fullName"), QObject::tr("Your name"), FormFieldKind::Text,
                           FormFieldRole::FullName);
    name.placeholder = QObject::tr("Jane Doe");
    name.help = QObject::tr("Shown to the people you write to.");
    form.fields.append(name);

    FormField address = field(QStringLiteral("emailAddress"), QObject::tr("Email address"),
                              FormFieldKind::Text, FormFieldRole::EmailAddress);
    address.placeholder = QObject::tr("you@example.com");
    address.required = true;
    form.fields.append(address);

    FormField password =
        field(SecretKind::Password, QObject::tr("Password"), FormFieldKind::Secret, FormFieldRole::None);
    password.help = QObject::tr("Kept in your system keyring, never in Tributary's files.");
    password.required = true;
    form.fields.append(password);

    FormField imapHost = field(QStringLiteral("imapHost"), QObject::tr("Server"), FormFieldKind::Text,
                               FormFieldRole::IncomingHost, incoming);
    imapHost.placeholder = QObject::tr("imap.example.com");
    imapHost.required = true;
    form.fields.append(imapHost);
    FormField imapPort = field(QStringLiteral("imapPort"), QObject::tr("Port"), FormFieldKind::Number,
                               FormFieldRole::IncomingPort, incoming);
    imapPort.defaultValue = 993;
    imapPort.minimum = 1;
    imapPort.maximum = 65535;
    form.fields.append(imapPort);
    FormField imapSecurity = field(QStringLiteral("imapSecurity"), QObject::tr("Security"),
                                   FormFieldKind::Choice, FormFieldRole::IncomingSecurity, incoming);
    imapSecurity.defaultValue = QStringLiteral("tls");
    imapSecurity.choices = securityChoices();
    form.fields.append(imapSecurity);

    FormField smtpHost = field(QStringLiteral("smtpHost"), QObject::tr("Server"), FormFieldKind::Text,
                               FormFieldRole::OutgoingHost, outgoing);
    smtpHost.placeholder = QObject::tr("smtp.example.com");
    smtpHost.required = true;
    form.fields.append(smtpHost);
    FormField smtpPort = field(QStringLiteral("smtpPort"), QObject::tr("Port"), FormFieldKind::Number,
                               FormFieldRole::OutgoingPort, outgoing);
    smtpPort.defaultValue = 587;
    smtpPort.minimum = 1;
    smtpPort.maximum = 65535;
    form.fields.append(smtpPort);
    FormField smtpSecurity = field(QStringLiteral("smtpSecurity"), QObject::tr("Security"),
                                   FormFieldKind::Choice, FormFieldRole::OutgoingSecurity, outgoing);
    smtpSecurity.defaultValue = QStringLiteral("starttls");
    smtpSecurity.choices = securityChoices();
    form.fields.append(smtpSecurity);

    FormField username = field(QStringLiteral("username"), QObject::tr("User name"), FormFieldKind::Text,
                               FormFieldRole::UserName, security);
    username.placeholder = QObject::tr("usually your email address");
    username.help = QObject::tr("The name you sign in with, for both servers.");
    form.fields.append(username);
    FormField ca = field(QStringLiteral("caCertificate"), QObject::tr("Extra CA certificate"),
                         FormFieldKind::File, FormFieldRole::CaCertificate, security);
    ca.placeholder = QObject::tr("none: the system's certificate authorities");
    ca.help =
        QObject::tr("A PEM or DER file of a certificate authority to trust for this account, for company or "
                    "self-hosted servers.");
    form.fields.append(ca);
    FormField pin = field(QStringLiteral("trustedCertSha256"), QObject::tr("Trusted certificate"),
                          FormFieldKind::Text, FormFieldRole::TrustedFingerprint, security);
    pin.placeholder = QObject::tr("SHA-256 fingerprint, set by \u201cTrust this certificate\u201d");
    pin.help =
        QObject::tr("A server certificate you checked and chose to trust, although no authority vouches "
                    "for it.");
    form.fields.append(pin);
    FormField plaintext =
        field(QStringLiteral("allowPlaintext"), QObject::tr("Allow unencrypted connections"),
              FormFieldKind::Checkbox, FormFieldRole::None, security);
    plaintext.defaultValue = false;
    plaintext.help = QObject::tr("Only to servers on this computer (localhost), such as a mail bridge.");
    form.fields.append(plaintext);

    // Aliases: where the From list and reply all learn the user's other addresses.
    FormField aliases = field(QStringLiteral("aliases"), QObject::tr("Other addresses"), FormFieldKind::Text,
                              FormFieldRole::None, QObject::tr("Sending"));
    aliases.placeholder = QObject::tr("Support Team <help@example.com>, jane.doe@example.com");
    aliases.help =
        QObject::tr("Aliases you also send from, separated by commas. They are offered under From, "
                    "a reply goes out from the one the message was sent to, and reply all leaves "
                    "them out.");
    form.fields.append(aliases);

    form.untrustedCertificateFingerprint = &ImapProvider::fingerprintFromError;
    return form;
}

} // namespace tributary::imap
