#pragma once

#include <QObject>
#include <QPointer>
#include <chrono>

class QMessageBox;
class QWidget;

namespace tributary {
class Outbox;
}

namespace tributary::ui {

//! Quitting with messages the outbox has not sent: nothing may vanish silently. The main
//! window asks allowClose() before it closes; with unsent messages the guard asks the
//! user: quit once they are sent (wait), keep them as drafts on their servers, or discard
//! them; or not quit. When the session ends (no one to ask), queued messages become
//! drafts (keepForSessionEnd). A send in flight is always let finish (its server keeps a
//! record if the process is stopped anyway); a message that may have been sent stays
//! marked on its server, and the next start asks about it.
class OutboxQuitGuard : public QObject {
    Q_OBJECT
public:
    OutboxQuitGuard(Outbox* outbox, QWidget* window, QObject* parent = nullptr);

    //! For the window's close: true when it may close now; otherwise the guard asks (or
    //! waits) and closes the window itself when the user's choice is carried out.
    bool allowClose();
    //! Session end: every queued or failed message is kept as a draft where its account
    //! can, waiting up to `timeout` for the servers (and for sends in flight) meanwhile.
    void keepForSessionEnd(std::chrono::milliseconds timeout);

    //! The question while it is open (tests, screen readers).
    QMessageBox* prompt() const;
    //! Waiting for the outbox before closing (the user chose to, or a send is in flight).
    bool isWaiting() const { return m_waiting; }
    //! On the way out: the user chose how to quit, or the session ends.
    bool isQuitting() const { return m_waiting || m_saving || m_closing; }

    //! The sentence that sums up what is unsent ("2 waiting to be sent, 1 could not be sent").
    QString summary() const;

signals:
    //! The guard closes the window now (the outbox is settled the way the user chose).
    void closingNow();

private:
    enum class Choice { Wait, Drafts, Discard, Cancel };
    void ask(const QString& lead);
    void carryOut(Choice choice);
    void onOutboxChanged();
    void closeNow();
    bool hasInFlight() const;
    bool hasQueued() const; //!< Pending or Failed: what quitting would lose

    QPointer<Outbox> m_outbox;
    QPointer<QWidget> m_window;
    QPointer<QMessageBox> m_prompt;
    bool m_waiting = false;
    bool m_closing = false;
    bool m_saving = false;
};

} // namespace tributary::ui
