#include "cache/ViewStateCache.h"

#include "cache/CacheWorker.h"
#include "util/Logging.h"

namespace tributary {

ViewStateCache::ViewStateCache(QString path, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_privacy(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<tributary::ProviderError>("tributary::ProviderError");
    m_thread.setObjectName(QStringLiteral("ViewStateCache"));
    m_worker = new CacheWorker(m_path, m_privacy);
    m_worker->moveToThread(&m_thread);
    // The documented QThread pattern: the worker is deleted on its own thread once the
    // thread's event loop has ended, after the destructor below closed the connection.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CacheWorker::error, this, &ViewStateCache::error);
    m_thread.start();
}

ViewStateCache::~ViewStateCache() {
    // Blocking here is deliberate: queued writes must reach the disk before the app
    // exits, and the worker never calls back into this thread synchronously.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { (void)worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template <typename Job>
void ViewStateCache::post(Job job) {
    // The worker is the context object: if it is gone, the job is dropped, never run on a
    // dangling pointer.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, job = std::move(job)]() mutable { job(*worker); },
        Qt::QueuedConnection);
}

template <typename T, typename Job>
QFuture<T> ViewStateCache::request(Job job) {
    // shared_ptr because the functor may be copied; a promise destroyed unfulfilled
    // (the cache shut down first) finishes its future as cancelled.
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    post([promise, job = std::move(job)](CacheWorker& worker) mutable {
        promise->addResult(job(worker));
        promise->finish();
    });
    return future;
}

QFuture<Result<void>> ViewStateCache::open() {
    return request<Result<void>>([](CacheWorker& w) { return w.open(); });
}

QFuture<Result<void>> ViewStateCache::close() {
    return request<Result<void>>([](CacheWorker& w) { return w.close(); });
}

QFuture<Result<void>> ViewStateCache::flush() {
    return request<Result<void>>([](CacheWorker& w) { return w.flush(); });
}

QList<Account> ViewStateCache::loadAccounts() {
    QFuture<QList<Account>> f = request<QList<Account>>([](CacheWorker& w) { return w.loadAccounts(); });
    f.waitForFinished();
    return f.resultCount() > 0 ? f.result() : QList<Account>();
}

Result<void> ViewStateCache::saveAccounts(const QList<Account>& accounts) {
    QFuture<Result<void>> f =
        request<Result<void>>([accounts](CacheWorker& w) { return w.saveAccounts(accounts); });
    f.waitForFinished();
    if (f.resultCount() == 0)
        return ProviderError::storage(tr("The view cache was shut down before the accounts were saved."),
                                      QStringLiteral("cache_io"));
    return f.result();
}

void ViewStateCache::upsertChannels(const QString& accountId, const QList<Channel>& channels) {
    post([accountId, channels](CacheWorker& w) { w.upsertChannels(accountId, channels); });
}

QFuture<QList<Channel>> ViewStateCache::loadChannels() {
    return request<QList<Channel>>([](CacheWorker& w) { return w.loadChannels(); });
}

void ViewStateCache::upsertMessages(const QList<Message>& messages) {
    post([messages](CacheWorker& w) { w.upsertMessages(messages); });
}

void ViewStateCache::removeMessages(const QStringList& messageIds) {
    post([messageIds](CacheWorker& w) { w.removeMessages(messageIds); });
}

void ViewStateCache::updateFlags(const QString& messageId, MessageFlags flags) {
    post([messageId, flags](CacheWorker& w) { w.updateFlags(messageId, flags); });
}

QFuture<QList<Message>> ViewStateCache::loadMessages(int limit, int offset) {
    return request<QList<Message>>([limit, offset](CacheWorker& w) { return w.loadMessages(limit, offset); });
}

void ViewStateCache::removeAccountData(const QString& accountId) {
    post([accountId](CacheWorker& w) { w.removeAccountData(accountId); });
}

void ViewStateCache::setCursor(const QString& accountId, const QString& channelId, const QString& key,
                               const QVariant& value) {
    post([accountId, channelId, key, value](CacheWorker& w) {
        w.setCursor(accountId, channelId, key, value);
    });
}

QFuture<QVariantMap> ViewStateCache::cursors(const QString& accountId, const QString& channelId) {
    return request<QVariantMap>(
        [accountId, channelId](CacheWorker& w) { return w.cursors(accountId, channelId); });
}

void ViewStateCache::setLayout(const QString& key, const QByteArray& value) {
    post([key, value](CacheWorker& w) { w.setLayout(key, value); });
}

QFuture<QByteArray> ViewStateCache::layout(const QString& key) {
    return request<QByteArray>([key](CacheWorker& w) { return w.layout(key); });
}

void ViewStateCache::setTriage(const TriageState& state) {
    post([state](CacheWorker& w) { w.setTriage(state); });
}

QFuture<QList<TriageState>> ViewStateCache::loadTriage() {
    return request<QList<TriageState>>([](CacheWorker& w) { return w.loadTriage(); });
}

void ViewStateCache::setSetting(const QString& key, const QVariant& value) {
    post([key, value](CacheWorker& w) { w.setSetting(key, value); });
}

QFuture<QVariant> ViewStateCache::setting(const QString& key) {
    return request<QVariant>([key](CacheWorker& w) { return w.setting(key); });
}

void ViewStateCache::setPrivacyMode(bool on) {
    // Answer privacyMode() at once; the worker applies it in order with queued writes.
    m_privacy->store(on);
    post([on](CacheWorker& w) { w.setPrivacyMode(on); });
}

bool ViewStateCache::privacyMode() const {
    return m_privacy->load();
}

void ViewStateCache::setBatchInterval(int ms) {
    post([ms](CacheWorker& w) { w.setBatchInterval(ms); });
}

void ViewStateCache::setSizeLimit(qint64 bytes) {
    post([bytes](CacheWorker& w) { w.setSizeLimit(bytes); });
}

} // namespace tributary
