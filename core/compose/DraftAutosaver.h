#pragma once

#include "net/Clock.h"
#include "provider/Provider.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QPromise>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace tributary {

//! Where the draft of the message being written stands.
enum class DraftState {
    Idle,     //!< nothing saved yet, or saving is not possible (see canSave())
    Modified, //!< edited since the last save; a save is due shortly
    Saving,
    Saved,  //!< savedAt() holds when
    Failed, //!< errorText() says why; the next edit (or saveNow()) tries again
};

//! Saves the message being written as a draft through the provider while the user types:
//! `delay` after the last edit (debounced), and at once with saveNow() (on close). Every
//! save carries the message's clientId, so the provider replaces the previous version
//! instead of piling up drafts; saves never overlap (an edit during a save is saved right
//! after it). Accounts without Capability::Drafts are simply not saved (canSave() false).
//! GUI thread only.
class DraftAutosaver : public QObject {
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultDelay{2000};

    explicit DraftAutosaver(std::shared_ptr<Clock> clock = nullptr /* SystemClock::shared() */,
                            QObject* parent = nullptr);
    ~DraftAutosaver() override;

    void setDelay(std::chrono::milliseconds delay) { m_delay = delay; }
    std::chrono::milliseconds delay() const { return m_delay; }

    //! Where drafts go: the provider of the account the message is sent from. Not owned;
    //! nullptr or a provider without Capability::Drafts turns saving off.
    void setProvider(Provider* provider);
    bool canSave() const;

    //! The message as it is now (call on every edit). It is saved `delay()` after the last
    //! call. Ignored without a clientId, and after stop().
    void update(const OutgoingMessage& message);
    //! Saves now if anything is unsaved (closing the window). The future finishes once
    //! the latest content is saved (or nothing needed saving), or with the failure.
    QFuture<Result<void>> saveNow();
    //! No more saves (the message was sent, or discarded): a due save is dropped, one in
    //! flight finishes unobserved. Futures from saveNow() still waiting finish Cancelled.
    void stop();

    //! Edits not yet on the server (also while a save of older content runs).
    bool hasUnsavedChanges() const { return m_dirty; }
    //! Something was saved at least once (a draft exists on the server).
    bool hasSavedDraft() const { return m_savedOnce; }
    DraftState state() const { return m_state; }
    QDateTime savedAt() const { return m_savedAt; }
    QString errorText() const { return m_error; }
    //! "Saving…", "Saved at 12:04", "Could not save: <reason>", or empty.
    QString statusText() const;

signals:
    void stateChanged(tributary::DraftState state, const QString& statusText);

private:
    using Waiter = std::shared_ptr<QPromise<Result<void>>>;

    void schedule();
    void save();
    void onSaved(quint64 generation, const Result<void>& result);
    void setState(DraftState state);
    void finishWaiters(const Result<void>& result);
    void cancelTimer();

    std::shared_ptr<Clock> m_clock;
    std::chrono::milliseconds m_delay = kDefaultDelay;
    QPointer<Provider> m_provider;
    OutgoingMessage m_message;
    bool m_dirty = false;
    bool m_saving = false;
    bool m_stopped = false;
    bool m_savedOnce = false;
    //! Bumped by stop() and setProvider(): answers of earlier saves are ignored.
    quint64 m_generation = 0;
    Clock::TimerId m_timer = 0;
    DraftState m_state = DraftState::Idle;
    QDateTime m_savedAt;
    QString m_error;
    std::vector<Waiter> m_waiters;
};

} // namespace tributary

Q_DECLARE_METATYPE(tributary::DraftState)
