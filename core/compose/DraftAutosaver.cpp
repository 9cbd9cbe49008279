#include "compose/DraftAutosaver.h"

#include "compose/Outbox.h"
#include "net/SystemClock.h"
#include "util/Futures.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QLocale>
#include <QRegularExpression>

namespace tributary {

namespace {

//! The locale's short time without seconds (the C locale's short format has them).
QString shortTime(const QDateTime& when) {
    static const QRegularExpression seconds(QStringLiteral("[:.]ss"));
    const QLocale locale;
    QString format = locale.timeFormat(QLocale::ShortFormat);
    format.remove(seconds);
    return locale.toString(when.toLocalTime().time(), format);
}

} // namespace

DraftAutosaver::DraftAutosaver(std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {
    qRegisterMetaType<tributary::DraftState>();
}

DraftAutosaver::~DraftAutosaver() {
    cancelTimer();
    finishWaiters(ProviderError::cancelled());
}

void DraftAutosaver::setProvider(Provider* provider) {
    if (m_provider == provider)
        return;
    m_provider = provider;
    // A save to the previous account may still answer: it no longer says anything about
    // this one, where the draft has yet to be written.
    ++m_generation;
    m_saving = false;
    m_savedOnce = false;
    m_savedAt = {};
    if (!m_message.clientId.isEmpty())
        m_dirty = true;
    if (!canSave()) {
        cancelTimer();
        finishWaiters(ProviderError::unsupported(tr("saving drafts")));
        setState(DraftState::Idle);
        return;
    }
    if (m_dirty && !m_stopped) {
        setState(DraftState::Modified);
        schedule();
    }
}

bool DraftAutosaver::canSave() const {
    return m_provider && m_provider->capabilities().testFlag(Capability::Drafts);
}

void DraftAutosaver::update(const OutgoingMessage& message) {
    if (m_stopped || message.clientId.isEmpty())
        return;
    m_message = message;
    m_dirty = true;
    if (!canSave())
        return;
    if (!m_saving)
        setState(DraftState::Modified);
    schedule();
}

QFuture<Result<void>> DraftAutosaver::saveNow() {
    if (m_stopped)
        return readyResult<void>(ProviderError::cancelled());
    if (!canSave())
        return readyResult<void>(ProviderError::unsupported(tr("saving drafts")));
    if (!m_dirty && !m_saving)
        return readyResult<void>(Done{});
    auto waiter = std::make_shared<QPromise<Result<void>>>();
    waiter->start();
    m_waiters.push_back(waiter);
    // While a save runs, its answer starts the next one (saves never overlap).
    if (!m_saving)
        save();
    return waiter->future();
}

void DraftAutosaver::stop() {
    m_stopped = true;
    cancelTimer();
    ++m_generation;
    m_saving = false;
    finishWaiters(ProviderError::cancelled());
}

QString DraftAutosaver::statusText() const {
    switch (m_state) {
    case DraftState::Idle:
        return {};
    case DraftState::Modified:
    case DraftState::Saved:
        // While edits wait for their save, the last save still holds: no flicker per key.
        return m_savedAt.isValid() ? tr("Saved at %1").arg(shortTime(m_savedAt)) : QString();
    case DraftState::Saving:
        return tr("Saving…");
    case DraftState::Failed:
        return tr("Could not save: %1").arg(m_error);
    }
    return {};
}

void DraftAutosaver::schedule() {
    cancelTimer();
    m_timer = m_clock->callAfter(m_delay, this, [this] {
        m_timer = 0;
        if (!m_saving)
            save();
    });
}

void DraftAutosaver::save() {
    if (m_stopped || m_saving || !canSave())
        return;
    if (!m_dirty) {
        finishWaiters(Done{});
        return;
    }
    cancelTimer();
    m_saving = true;
    m_dirty = false;
    setState(DraftState::Saving);
    const quint64 generation = m_generation;
    whenResult(m_provider->saveDraft(m_message), this,
               [this, generation](const Result<void>& result) { onSaved(generation, result); });
}

void DraftAutosaver::onSaved(quint64 generation, const Result<void>& result) {
    if (generation != m_generation)
        return;
    m_saving = false;
    if (!result.ok()) {
        m_dirty = true; // what was being saved is not on the server
        m_error = userReason(result.error());
        qCInfo(lcCore) << "Draft autosave failed:" << result.error().describe();
        setState(DraftState::Failed);
        finishWaiters(result.error());
        return;
    }
    m_savedOnce = true;
    m_savedAt = m_clock->wallNow();
    m_error.clear();
    if (!m_dirty) {
        setState(DraftState::Saved);
        finishWaiters(Done{});
        return;
    }
    // Edited during the save. Someone waiting (closing the window) cannot wait for the
    // debounce; otherwise the timer the edit started (or, if it fired meanwhile, now).
    setState(DraftState::Modified);
    if (!m_waiters.empty() || m_timer == 0)
        save();
}

void DraftAutosaver::setState(DraftState state) {
    m_state = state;
    emit stateChanged(state, statusText());
}

void DraftAutosaver::finishWaiters(const Result<void>& result) {
    std::vector<Waiter> waiters;
    waiters.swap(m_waiters);
    for (const Waiter& w : waiters) {
        w->addResult(result);
        w->finish();
    }
}

void DraftAutosaver::cancelTimer() {
    if (m_timer)
        m_clock->cancel(m_timer);
    m_timer = 0;
}

} // namespace tributary
