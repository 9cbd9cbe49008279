#pragma once

#include "GuiOptions.h"
#include "provider/ProviderRegistry.h"

#include <QObject>
#include <QPointer>
#include <memory>

namespace tributary {
class AccountManager;
class InboxStore;
class Outbox;
class RemoteContentPolicy;
class SecretSource;
class SignInAgain;
class SyncController;
class TokenStore;
class ViewStateCache;
namespace ui {
class MainWindow;
class Notifier;
} // namespace ui
} // namespace tributary

namespace tributary::gui {

class LocalSandbox;
class Screenshot;

//! The desktop app's composition root: picks where accounts and secrets come from,
//! opens the view-state cache, and wires providers, the inbox store, the sync
//! controller and the window together.
//!  - `--accounts FILE` (sandbox/dev): accounts from the file, secrets from the
//!    environment variables it names; a cache file of its own, so a sandbox never
//!    mixes with the real one.
//!  - otherwise: accounts from the view-state cache, secrets from the keychain.
class GuiApp : public QObject {
    Q_OBJECT
public:
    explicit GuiApp(GuiOptions options, QObject* parent = nullptr);
    ~GuiApp() override;

    //! Starts up; false (with a message) when the app cannot run at all.
    bool start(QString* error);

private:
    void continueStartup(bool cacheUsable);
    void showWindow();
    //! Notifications, the tray, settings and the saved look (theme, density).
    void wireDesktop(bool cacheUsable);
    void openSettings();
    //! "Sign in again…" for an account: its browser sign-in, or its settings for a password.
    void signInAgain(const QString& accountId);
    //! The first-run page while there is no account: add one, or open the local sandbox.
    void wireWelcome(TokenStore* keychain);
    //! The reader's attachments, remote-content policy and "save attachment".
    void wireReader(ViewStateCache* cache);
    void saveAttachment(const QString& messageId, const QString& attachmentId, const QString& fileName);
    QString cachePath() const;

    GuiOptions m_options;
    ProviderRegistry m_registry;
    std::unique_ptr<SecretSource> m_secrets;
    std::unique_ptr<ViewStateCache> m_cache;
    std::unique_ptr<AccountManager> m_accounts;
    std::unique_ptr<InboxStore> m_store;
    std::unique_ptr<SyncController> m_sync;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<ui::Notifier> m_notifier;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<SignInAgain> m_signInAgain;
    QPointer<RemoteContentPolicy> m_remotePolicy; //!< owned by the window
    QPointer<LocalSandbox> m_sandbox;             //!< owned by the welcome page
    bool m_cacheUsable = false;
    std::unique_ptr<Screenshot> m_screenshot;
    QString m_notice; //!< shown in the status bar when there is nothing to sync
};

} // namespace tributary::gui
