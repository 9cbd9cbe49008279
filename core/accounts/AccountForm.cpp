#include "accounts/AccountForm.h"

namespace tributary {

const FormField* AccountForm::fieldFor(FormFieldRole role) const {
    for (const FormField& f : fields) {
        if (f.role == role)
            return &f;
    }
    return nullptr;
}

QString AccountForm::keyFor(FormFieldRole role) const {
    const FormField* f = fieldFor(role);
    return f ? f->key : QString();
}

const FormField* AccountForm::field(const QString& key) const {
    for (const FormField& f : fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

const FormField* AccountForm::secretField() const {
    for (const FormField& f : fields) {
        if (f.kind == FormFieldKind::Secret)
            return &f;
    }
    return nullptr;
}

QList<const FormField*> AccountForm::secretFields() const {
    QList<const FormField*> out;
    for (const FormField& f : fields) {
        if (f.kind == FormFieldKind::Secret)
            out.append(&f);
    }
    return out;
}

bool AccountForm::isEmail() const {
    return fieldFor(FormFieldRole::EmailAddress) && fieldFor(FormFieldRole::IncomingHost);
}

QVariantMap AccountForm::defaults() const {
    QVariantMap out;
    for (const FormField& f : fields) {
        if (f.kind != FormFieldKind::Secret && f.defaultValue.isValid())
            out.insert(f.key, f.defaultValue);
    }
    return out;
}

} // namespace tributary
