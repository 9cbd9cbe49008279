#pragma once

// Builders for the envelopes the threading, inbox and thread-list tests feed in.

#include "model/Ids.h"
#include "model/Model.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QString>
#include <initializer_list>

namespace inboxtest {

inline QString s(const char* utf8) {
    return QString::fromUtf8(utf8);
}

//! Noon UTC on the given day after 2025-01-01, plus `minutes`.
inline QDateTime day(int d, int minutes = 0) {
    return QDateTime(QDate(2025, 1, 1).addDays(d), QTime(12, 0), Qt::UTC).addSecs(qint64(minutes) * 60);
}

//! The id the engine gives a thread rooted at a Message-ID.
inline QString headerThread(const char* rootMessageId) {
    return tributary::makeId(tributary::IdKind::Thread, QStringLiteral("*"), s(rootMessageId));
}

//! A fluent envelope builder: Mail("acc", "INBOX/1").msgId("a@x").refs({"r@x"}).subject("Re: hi").at(day(1))
struct Mail {
    tributary::Message m;

    Mail(const char* account, const char* native) {
        m.accountId = s(account);
        m.nativeId = s(native);
        m.id = tributary::makeId(tributary::IdKind::Message, m.accountId, m.nativeId);
        m.channelId = tributary::makeId(tributary::IdKind::Channel, m.accountId, QStringLiteral("INBOX"));
        m.kind = tributary::ConversationKind::Email;
        m.sentAt = day(0);
        m.receivedAt = m.sentAt;
        m.author = {QStringLiteral("ann@example.test"), QStringLiteral("Ann"), {}};
    }
    Mail& msgId(const char* id) {
        m.messageIdHeader = s(id);
        return *this;
    }
    Mail& refs(std::initializer_list<const char*> ids) {
        m.references.clear();
        for (const char* id : ids)
            m.references.append(s(id));
        return *this;
    }
    Mail& inReplyTo(const char* id) {
        m.inReplyTo = s(id);
        return *this;
    }
    Mail& subject(const char* text) {
        m.subject = s(text);
        return *this;
    }
    Mail& at(const QDateTime& when) {
        m.sentAt = when;
        m.receivedAt = when;
        return *this;
    }
    Mail& received(const QDateTime& when) {
        m.receivedAt = when;
        return *this;
    }
    Mail& from(const char* address, const char* name = "") {
        m.author = {s(address), s(name), {}};
        return *this;
    }
    Mail& to(const char* address, const char* name = "") {
        m.to.append({s(address), s(name), {}});
        return *this;
    }
    Mail& channel(const char* folder) {
        m.channelId = tributary::makeId(tributary::IdKind::Channel, m.accountId, s(folder));
        return *this;
    }
    Mail& read(bool on = true) {
        m.flags.setFlag(tributary::MessageFlag::Read, on);
        return *this;
    }
    Mail& flagged(bool on = true) {
        m.flags.setFlag(tributary::MessageFlag::Flagged, on);
        return *this;
    }
    Mail& attachment() {
        m.hasAttachments = true;
        return *this;
    }
    Mail& snippet(const char* text) {
        m.snippet = s(text);
        return *this;
    }
    Mail& nativeThread(const char* key) {
        m.nativeThreadKey = s(key);
        return *this;
    }
    Mail& chat() {
        m.kind = tributary::ConversationKind::Chat;
        return *this;
    }
    operator tributary::Message() const { return m; }
};

//! Counts warnings from QAbstractItemModelTester (FailureReportingMode::Warning reports through the
//! "qt.modeltest" category) while alive; other messages go to the previous handler.
class ModelTesterWarnings {
public:
    ModelTesterWarnings() {
        count() = 0;
        m_previous = qInstallMessageHandler(&ModelTesterWarnings::handle);
        previous() = m_previous;
    }
    ~ModelTesterWarnings() { qInstallMessageHandler(m_previous); }
    ModelTesterWarnings(const ModelTesterWarnings&) = delete;
    ModelTesterWarnings& operator=(const ModelTesterWarnings&) = delete;

    int warnings() const { return count(); }

private:
    static int& count() {
        static int n = 0;
        return n;
    }
    static QtMessageHandler& previous() {
        static QtMessageHandler h = nullptr;
        return h;
    }
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& text) {
        if (type == QtWarningMsg && context.category && qstrcmp(context.category, "qt.modeltest") == 0)
            ++count();
        if (previous())
            previous()(type, context, text);
    }
    QtMessageHandler m_previous = nullptr;
};

} // namespace inboxtest
