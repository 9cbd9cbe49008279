#pragma once

#include "provider/Provider.h"
#include "provider/ProviderRegistry.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QThread>
#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace tributary {

class AccountCredentials;

namespace imap {
class ImapClient;
class ImapIdler;
class ImapWorker;
struct ImapSettings;
} // namespace imap

//! Email over IMAP and SMTP with any standards-compliant host. A facade on the
//! calling (GUI) thread: each operation is posted to the account's worker thread, which
//! owns the vmime session, and completes the returned future from there. The password or
//! access token comes from the account's AccountCredentials: an XOAUTH2 account with OAuth
//! settings (OAuthSettingsKey) refreshes its token ahead of expiry, and once when a server
//! refuses it, then runs the operation once more.
class ImapProvider : public Provider {
    Q_OBJECT
public:
    ImapProvider(Account account, ProviderContext context, QObject* parent = nullptr);
    //! Stops the worker: blocking calls in flight are aborted within milliseconds.
    ~ImapProvider() override;

    Capabilities capabilities() const override;
    QFuture<Result<void>> connectAccount() override;
    QFuture<Result<QList<Channel>>> listChannels() override;
    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest& page) override;
    QFuture<Result<Message>> fetchBody(const QString& messageId) override;
    QFuture<Result<QByteArray>> fetchAttachment(const QString& messageId,
                                                const QString& attachmentId) override;
    QFuture<Result<SendReceipt>> send(const OutgoingMessage& message) override;
    QFuture<Result<void>> saveDraft(const OutgoingMessage& message) override;
    QFuture<Result<void>> checkSending() override;
    QFuture<Result<void>> setFlags(const QStringList& messageIds, MessageFlags add,
                                   MessageFlags remove) override;
    QFuture<Result<void>> move(const QStringList& messageIds, const QString& targetChannelId) override;
    QFuture<Result<void>> remove(const QStringList& messageIds) override;
    QFuture<Result<QStringList>> findMessages(const QString& channelId,
                                              const QStringList& messageIdHeaders) override;
    QFuture<Result<QList<Message>>> search(const SearchQuery& query) override;
    QFuture<Result<ChannelChanges>> syncChanges(const QString& channelId, const QVariantMap& syncState,
                                                const QHash<QString, MessageFlags>& known) override;
    //! IDLE on a connection of its own per folder; changes arrive as ChannelChanged events.
    Result<void> subscribe(const QStringList& channelIds) override;
    void unsubscribe() override;

    //! The SHA-256 fingerprint (64 lowercase hex digits) of the certificate a
    //! "tls_untrusted" error is about, for a "Trust this certificate" action that stores
    //! it as the account's trustedCertSha256 setting. Empty for other errors.
    static QString fingerprintFromError(const ProviderError& error);

private:
    template <typename T>
    QFuture<Result<T>> post(std::function<Result<T>(imap::ImapClient&)> operation);
    //! Runs the operation on the worker with this secret (one attempt).
    template <typename T>
    QFuture<Result<T>> dispatch(const std::function<Result<T>(imap::ImapClient&)>& operation,
                                const QByteArray& secret);
    void onWorkerStatus(const ConnectionStatus& status);
    void onPushLive(const QString& folder, bool live, const QString& detail, const QDateTime& nextAttempt);
    void onPushGone(const QString& folder);
    //! Online, or Offline while a folder's push connection is down (the earliest retry).
    void reportPushState();

    ProviderContext m_context;
    std::unique_ptr<imap::ImapSettings> m_settings; //!< null when the settings are invalid
    ProviderError m_settingsError;
    std::shared_ptr<std::atomic_bool> m_abort;
    QThread* m_thread = nullptr;
    imap::ImapWorker* m_worker = nullptr;
    AccountCredentials* m_credentials = nullptr;                  //!< null when the settings are invalid
    std::map<QString, std::unique_ptr<imap::ImapIdler>> m_idlers; //!< by folder
    struct PushProblem {
        QString detail;
        QDateTime nextAttempt;
    };
    QHash<QString, PushProblem> m_pushDown; //!< folders whose push connection is down
    bool m_pushInterrupted = false;         //!< the status shows a push problem
};

} // namespace tributary
