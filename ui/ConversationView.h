#pragma once

#include "ConversationHtml.h"
#include "model/Model.h"
#include "util/Result.h"

#include <QFuture>
#include <QSet>
#include <QWidget>
#include <functional>

class QLabel;
class QStackedWidget;

namespace tributary::ui {

class SafeTextBrowser;

//! The conversation pane: the selected thread's messages stacked oldest first. Envelopes
//! show at once; bodies are fetched on demand and fill in as they arrive.
class ConversationView : public QWidget {
    Q_OBJECT
public:
    //! Fetches a message's body (the sync layer routes it to the right provider).
    using BodyFetcher = std::function<QFuture<Result<Message>>(const QString& messageId)>;

    explicit ConversationView(BodyFetcher fetchBody, QWidget* parent = nullptr);

    //! Shows a thread; `messages` are its envelopes, oldest first.
    void showThread(const Thread& thread, const QList<Message>& messages);
    //! Back to the empty state.
    void clear();
    QString threadId() const { return m_threadId; }
    //! The conversation as plain text (what the reader sees), for tests and accessibility.
    QString plainText() const;

signals:
    //! A link in a message was activated; the window opens it in the user's browser.
    void linkActivated(const QUrl& url);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void fetch(const QString& messageId);
    void applyBody(const QString& messageId, const Result<Message>& result);

    BodyFetcher m_fetchBody;
    QString m_threadId;
    QList<ConversationEntry> m_entries;
    QSet<QString> m_requested; //!< bodies asked for in this thread (each only once)
    quint64 m_generation = 0;  //!< bumps per shown thread, so late bodies of an old one are dropped
    QStackedWidget* m_stack = nullptr;
    QLabel* m_subject = nullptr;
    QLabel* m_meta = nullptr;
    SafeTextBrowser* m_browser = nullptr;
};

} // namespace tributary::ui
