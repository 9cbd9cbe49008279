#include "accounts/AccountFormWidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <climits>

namespace tributary::ui {

namespace {

QFormLayout* formLayout() {
    auto* layout = new QFormLayout;
    // The same look on every platform style: labels right of a common column, fields growing.
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->setRowWrapPolicy(QFormLayout::DontWrapRows);
    return layout;
}

} // namespace

AccountFormWidget::AccountFormWidget(AccountForm form, QWidget* parent)
    : QWidget(parent)
    , m_form(std::move(form)) {
    build();
    setSettings({});
    setManual(false);
}

QWidget* AccountFormWidget::fileEditor(const FormField& field) {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* path = new QLineEdit(row);
    path->setPlaceholderText(field.placeholder);
    path->setClearButtonEnabled(true);
    auto* browse = new QToolButton(row);
    browse->setText(tr("Browse\u2026"));
    browse->setObjectName(QStringLiteral("browse:") + field.key);
    browse->setAccessibleName(tr("Choose %1").arg(field.label));
    layout->addWidget(path, 1);
    layout->addWidget(browse);
    const QString key = field.key;
    const QString title = field.label;
    connect(browse, &QToolButton::clicked, this, [this, path, key, title] {
        // Asynchronous, so nothing waits in a nested event loop.
        auto* dialog = new QFileDialog(this, title, path->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setNameFilters({tr("Certificates (*.pem *.crt *.cer *.der)"), tr("All files (*)")});
        connect(dialog, &QFileDialog::fileSelected, this, [this, path, key](const QString& file) {
            path->setText(file);
            emit edited(key);
        });
        dialog->open();
    });
    connect(path, &QLineEdit::textEdited, this, [this, key] { emit edited(key); });
    m_editors.insert(field.key, path);
    path->setObjectName(QStringLiteral("field:") + field.key);
    path->setAccessibleName(field.label);
    path->setToolTip(field.help);
    return row;
}

QWidget* AccountFormWidget::createEditor(const FormField& field) {
    const QString key = field.key;
    QWidget* editor = nullptr;
    switch (field.kind) {
    case FormFieldKind::Text:
    case FormFieldKind::Secret: {
        auto* line = new QLineEdit(this);
        line->setPlaceholderText(field.placeholder);
        if (field.kind == FormFieldKind::Secret) {
            line->setEchoMode(QLineEdit::Password);
            if (!m_secret)
                m_secret = line;
            m_secretEditors.insert(key, line);
        }
        connect(line, &QLineEdit::textEdited, this, [this, key] { emit edited(key); });
        editor = line;
        break;
    }
    case FormFieldKind::Number: {
        auto* spin = new QSpinBox(this);
        spin->setRange(field.minimum, field.maximum > 0 ? field.maximum : INT_MAX);
        spin->setGroupSeparatorShown(false);
        spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 40);
        connect(spin, &QSpinBox::valueChanged, this, [this, key] {
            if (!m_updating)
                emit edited(key);
        });
        editor = spin;
        break;
    }
    case FormFieldKind::Choice: {
        auto* combo = new QComboBox(this);
        for (const FormChoice& choice : field.choices)
            combo->addItem(choice.label, choice.value);
        connect(combo, &QComboBox::activated, this, [this, key] { emit edited(key); });
        editor = combo;
        break;
    }
    case FormFieldKind::Checkbox: {
        auto* box = new QCheckBox(field.label, this);
        connect(box, &QCheckBox::clicked, this, [this, key] { emit edited(key); });
        editor = box;
        break;
    }
    case FormFieldKind::File:
        return fileEditor(field);
    }
    editor->setObjectName(QStringLiteral("field:") + key);
    editor->setAccessibleName(field.label);
    editor->setToolTip(field.help);
    m_editors.insert(key, editor);
    return editor;
}

void AccountFormWidget::build() {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_simple = formLayout();
    outer->addLayout(m_simple);

    // Not in this widget's layout: the dialog places it under its "Manual setup" toggle.
    m_manualArea = new QWidget(this);
    m_manualArea->setObjectName(QStringLiteral("manualArea"));
    auto* manual = new QVBoxLayout(m_manualArea);
    manual->setContentsMargins(0, 0, 0, 0);
    m_extra = formLayout();
    manual->addLayout(m_extra);

    QHash<QString, QFormLayout*> groups;
    const QList<FormField>& fields = m_form.fields;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const FormField& field = fields[i];
        const QString rowLabel =
            field.kind == FormFieldKind::Checkbox ? QString() : field.label + QLatin1Char(':');
        if (!field.advanced || field.group.isEmpty()) {
            // The browser sign-in comes before the secrets it fills: it is the easier way.
            if (field.kind == FormFieldKind::Secret && !m_signInButton && m_form.oauthSignIn)
                addSignInRow();
            m_simple->addRow(rowLabel, createEditor(field));
            continue;
        }
        QFormLayout* group = groups.value(field.group);
        if (!group) {
            auto* box = new QGroupBox(field.group, m_manualArea);
            group = formLayout();
            box->setLayout(group);
            manual->addWidget(box);
            groups.insert(field.group, group);
        }
        // A number right after a text field of the same group shares its row
        // ("Server [mail.example.com] Port [993]"), as mail programs lay servers out.
        const FormField* next = i + 1 < fields.size() ? &fields[i + 1] : nullptr;
        if (field.kind == FormFieldKind::Text && next && next->kind == FormFieldKind::Number &&
            next->advanced && next->group == field.group) {
            auto* shared = new QWidget(m_manualArea);
            auto* line = new QHBoxLayout(shared);
            line->setContentsMargins(0, 0, 0, 0);
            QWidget* text = createEditor(field);
            QWidget* number = createEditor(*next);
            text->setParent(shared);
            number->setParent(shared);
            auto* label = new QLabel(next->label + QLatin1Char(':'), shared);
            label->setBuddy(number);
            line->addWidget(text, 1);
            line->addWidget(label);
            line->addWidget(number);
            group->addRow(rowLabel, shared);
            // The row's label names the text field: point it there for mnemonics and screen readers.
            if (auto* rowLabelWidget = qobject_cast<QLabel*>(group->labelForField(shared)))
                rowLabelWidget->setBuddy(text);
            ++i;
            continue;
        }
        group->addRow(rowLabel, createEditor(field));
    }
}

void AccountFormWidget::addSignInRow() {
    const FormOAuthSignIn& signIn = *m_form.oauthSignIn;
    // The status goes under the button, full width: beside it, a wrapped sentence would
    // need more height than a form row gives.
    auto* row = new QWidget(this);
    auto* layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* buttonRow = new QHBoxLayout;
    m_signInButton = new QPushButton(signIn.label, row);
    m_signInButton->setObjectName(QStringLiteral("oauthSignIn"));
    m_signInButton->setAccessibleName(QString(signIn.label).remove(QLatin1Char('&')));
    m_signInButton->setToolTip(signIn.help);
    m_signInButton->setAutoDefault(false);
    buttonRow->addWidget(m_signInButton);
    buttonRow->addStretch(1);
    m_signInStatus = new QLabel(row);
    m_signInStatus->setObjectName(QStringLiteral("oauthStatus"));
    m_signInStatus->setWordWrap(true);
    m_signInStatus->setTextFormat(Qt::PlainText);
    m_signInStatus->hide();
    layout->addLayout(buttonRow);
    layout->addWidget(m_signInStatus);
    connect(m_signInButton, &QPushButton::clicked, this, &AccountFormWidget::signInClicked);
    m_simple->addRow(QString(), row);
}

void AccountFormWidget::setSignInRunning(bool running) {
    if (!m_signInButton)
        return;
    const QString label = running ? tr("&Cancel sign-in") : m_form.oauthSignIn->label;
    m_signInButton->setText(label);
    m_signInButton->setAccessibleName(QString(label).remove(QLatin1Char('&')));
}

void AccountFormWidget::setSignInStatus(const QString& text) {
    if (!m_signInStatus)
        return;
    m_signInStatus->setText(text);
    m_signInStatus->setVisible(!text.isEmpty());
}

AccountFormWidget::~AccountFormWidget() {
    // The area may live in another widget's layout now; it belongs to this form still.
    delete m_manualArea.data();
}

void AccountFormWidget::setManual(bool manual) {
    m_manual = manual;
    m_manualArea->setVisible(manual);
}

void AccountFormWidget::addManualRow(const QString& label, QWidget* widget) {
    widget->setParent(m_manualArea);
    m_extra->addRow(label + QLatin1Char(':'), widget);
}

void AccountFormWidget::setSettings(const QVariantMap& settings) {
    for (const FormField& field : m_form.fields) {
        if (field.kind == FormFieldKind::Secret)
            continue;
        setValue(field.key, settings.contains(field.key) ? settings.value(field.key) : field.defaultValue);
    }
}

QVariantMap AccountFormWidget::settings() const {
    QVariantMap out;
    for (const FormField& field : m_form.fields) {
        if (field.kind == FormFieldKind::Secret)
            continue;
        const QVariant v = value(field.key);
        if (v.typeId() == QMetaType::QString && v.toString().isEmpty())
            continue;
        out.insert(field.key, v);
    }
    return out;
}

QStringList AccountFormWidget::settingKeys() const {
    QStringList keys;
    for (const FormField& field : m_form.fields) {
        if (field.kind != FormFieldKind::Secret)
            keys.append(field.key);
    }
    return keys;
}

QVariant AccountFormWidget::value(const QString& key) const {
    QWidget* editor = m_editors.value(key);
    if (auto* line = qobject_cast<QLineEdit*>(editor))
        return line->text().trimmed();
    if (auto* spin = qobject_cast<QSpinBox*>(editor))
        return spin->value();
    if (auto* combo = qobject_cast<QComboBox*>(editor))
        return combo->currentData().toString();
    if (auto* box = qobject_cast<QCheckBox*>(editor))
        return box->isChecked();
    return {};
}

void AccountFormWidget::setValue(const QString& key, const QVariant& value) {
    QWidget* editor = m_editors.value(key);
    m_updating = true;
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->setText(value.toString());
    } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        bool ok = false;
        const int n = value.toInt(&ok);
        const FormField* field = m_form.field(key);
        spin->setValue(ok && n > 0 ? n : (field ? field->defaultValue.toInt() : spin->minimum()));
    } else if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        int index = combo->findData(value.toString().trimmed().toLower());
        if (index < 0) {
            const FormField* field = m_form.field(key);
            index = field ? combo->findData(field->defaultValue.toString()) : 0;
        }
        combo->setCurrentIndex(qMax(0, index));
    } else if (auto* box = qobject_cast<QCheckBox*>(editor)) {
        const QString text = value.toString().trimmed().toLower();
        box->setChecked(value.typeId() == QMetaType::Bool
                            ? value.toBool()
                            : (text == QLatin1String("true") || text == QLatin1String("1") ||
                               text == QLatin1String("yes")));
    }
    m_updating = false;
}

QString AccountFormWidget::roleText(FormFieldRole role) const {
    const QString key = m_form.keyFor(role);
    return key.isEmpty() ? QString() : value(key).toString();
}

void AccountFormWidget::setRoleValue(FormFieldRole role, const QVariant& value) {
    const QString key = m_form.keyFor(role);
    if (!key.isEmpty())
        setValue(key, value);
}

QByteArray AccountFormWidget::secret() const {
    // Not trimmed: a password may begin or end with a space.
    return m_secret ? m_secret->text().toUtf8() : QByteArray();
}

void AccountFormWidget::setSecret(const QString& secret) {
    if (m_secret)
        m_secret->setText(secret);
}

QByteArray AccountFormWidget::secret(const QString& kind) const {
    const QLineEdit* line = m_secretEditors.value(kind);
    return line ? line->text().toUtf8() : QByteArray();
}

void AccountFormWidget::setSecret(const QString& kind, const QString& secret) {
    if (QLineEdit* line = m_secretEditors.value(kind))
        line->setText(secret);
}

QHash<QString, QByteArray> AccountFormWidget::secrets() const {
    QHash<QString, QByteArray> out;
    for (auto it = m_secretEditors.constBegin(); it != m_secretEditors.constEnd(); ++it) {
        if (!it.value()->text().isEmpty())
            out.insert(it.key(), it.value()->text().toUtf8());
    }
    return out;
}

void AccountFormWidget::setSecretPlaceholder(const QString& text) {
    for (QLineEdit* line : std::as_const(m_secretEditors))
        line->setPlaceholderText(text);
}

QString AccountFormWidget::missingRequired(bool secretRequired) const {
    for (const FormField& field : m_form.fields) {
        if (!field.required)
            continue;
        if (field.kind == FormFieldKind::Secret) {
            if (secretRequired && secret(field.key).isEmpty())
                return field.label;
            continue;
        }
        if (field.advanced && !m_manual)
            continue;
        if (value(field.key).toString().trimmed().isEmpty())
            return field.label;
    }
    return QString();
}

void AccountFormWidget::focusField(const QString& label) {
    for (const FormField& field : m_form.fields) {
        if (field.label != label)
            continue;
        if (QWidget* editor = m_editors.value(field.key)) {
            editor->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
}

} // namespace tributary::ui
