#pragma once

// Keeps every log line written while it lives (from any thread, then passed on to the handler
// before it), so a test can prove that no token, code, verifier or password ends up in one:
//
//   LogCapture log;
//   ... sign in, refresh, fail ...
//   EXPECT_EQ(log.linesContaining(token), QStringList()) << "a token was logged";
//
// One at a time: a second capture replaces the first until it ends.

#include <QByteArray>
#include <QMutex>
#include <QMutexLocker>
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <atomic>

namespace tributary::test {

class LogCapture {
public:
    LogCapture() {
        s_current.store(this);
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture() {
        qInstallMessageHandler(m_previous);
        s_current.store(nullptr);
    }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    QStringList linesContaining(const QByteArray& needle) const {
        QMutexLocker lock(&m_mutex);
        QStringList hits;
        for (const QString& line : m_lines) {
            if (line.contains(QString::fromUtf8(needle)))
                hits.append(line);
        }
        return hits;
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
        LogCapture* self = s_current.load();
        if (!self)
            return;
        {
            QMutexLocker lock(&self->m_mutex);
            self->m_lines.append(message);
        }
        if (self->m_previous)
            self->m_previous(type, context, message);
    }

    static inline std::atomic<LogCapture*> s_current{nullptr};
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QStringList m_lines;
};

} // namespace tributary::test
