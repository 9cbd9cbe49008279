#pragma once

#include "accounts/ConnectionTester.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace tributary::ui {

class BusyIndicator;
class StatusBadge;

//! The area under the account form that says what a test or a save is doing and how it
//! ended, in plain words; for an untrusted certificate it shows the fingerprint and a
//! "Trust this certificate" button.
class ConnectionResultView : public QWidget {
    Q_OBJECT
public:
    enum class Tone { Neutral, Success, Problem };

    explicit ConnectionResultView(QWidget* parent = nullptr);

    //! A spinner with what is happening ("Connecting to …").
    void showBusy(const QString& step);
    //! A test result; `email` words it for incoming and outgoing servers.
    void showResult(const ConnectionTestResult& result, bool email);
    //! Any other message (a missing field, a keyring problem).
    void showMessage(Tone tone, const QString& headline, const QString& advice = {});
    void clear();

    //! The words shown now (headline, advice, details, fingerprint), for tests and screen readers.
    QString text() const;
    bool isBusy() const;

signals:
    //! The user chose to trust the certificate with this SHA-256 (lowercase hex).
    void trustRequested(const QString& fingerprint);
    //! What the view shows changed (its height may have too).
    void changed();

private:
    void setTone(Tone tone);

    BusyIndicator* m_busy;
    StatusBadge* m_badge;
    QLabel* m_headline;
    QLabel* m_advice;
    QLabel* m_details;
    QLabel* m_fingerprint;
    QPushButton* m_trust;
    QString m_fingerprintHex;
};

} // namespace tributary::ui
