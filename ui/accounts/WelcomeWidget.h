#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace tributary::ui {

//! The first-run screen: "Add an account" or "Open the local sandbox" (a practice mail
//! world on this computer). It only asks; the window decides what each answer does.
//! Keyboard: Return adds an account (the default), Alt+A and Alt+O choose either.
class WelcomeWidget : public QWidget {
    Q_OBJECT
public:
    explicit WelcomeWidget(QWidget* parent = nullptr);

    //! Whether the sandbox can be opened now; `hint` (shown under the button) says how to
    //! get it, what is happening, or why the last try failed.
    void setSandboxAvailable(bool available, const QString& hint = {});

signals:
    void addAccountRequested();
    void sandboxRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    QPushButton* m_add;
    QPushButton* m_sandbox;
    QLabel* m_sandboxText;
    QLabel* m_hint;
};

} // namespace tributary::ui
