#pragma once

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>

namespace tributary::gui {

//! "Open the local sandbox" from the first-run page: the practice mail world of a source
//! checkout (tools/sandbox: local Dovecot and Postfix with a seeded mailbox). start() runs
//! `tools/sandbox start` (the first start seeds 5,000 messages), then launches the app on
//! it through `tools/run --no-build`, which gives the sandbox its own profile and keyring so
//! it never mixes with the user's accounts; the caller then closes this window.
class LocalSandbox : public QObject {
    Q_OBJECT
public:
    //! `sourceDir`: the checkout holding tools/; `buildDir`: where the app was built.
    LocalSandbox(QString sourceDir, QString buildDir, QObject* parent = nullptr);
    ~LocalSandbox() override;

    //! Whether this is a checkout with the sandbox tools and a built app.
    bool isAvailable() const;
    //! Why it is not available, in words for the first-run page.
    QString unavailableReason() const;
    bool isStarting() const { return m_process; }

    void start();

signals:
    //! The sandbox runs and the app was launched on it.
    void launched();
    //! Starting failed; `message` says what to do.
    void failed(const QString& message);

private:
    void onFinished(int exitCode);

    QString m_sourceDir;
    QString m_buildDir;
    QPointer<QProcess> m_process;
};

} // namespace tributary::gui
