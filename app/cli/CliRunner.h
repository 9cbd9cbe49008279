#pragma once

#include "cli/CliArgs.h"
#include "cli/ExitCode.h"
#include "provider/Provider.h"

#include <QDeadlineTimer>
#include <optional>

class QTextStream;

namespace tributary::cli {

//! Runs one tributary-cli command against a provider and prints the outcome.
//! Waits for the provider's futures on the event loop, all under one deadline
//! (--timeout), and turns every failure into a message on `err` and an exit code.
class CliRunner {
public:
    CliRunner(Provider& provider, CliOptions options, QTextStream& out, QTextStream& err);

    //! Connects, runs the command, and returns the process exit code.
    int run();

    //! A channel named by --folder: its global id, folder path, display name, or
    //! (case-insensitively) its path or "inbox" for the Inbox.
    static std::optional<Channel> findChannel(const QList<Channel>& channels, const QString& name);

private:
    int folders();
    int list();
    int show();
    int send();
    int search();
    int save();
    int unfinished();
    int resolve();

    //! The result, or nothing after reporting the error or timeout (m_exit is set).
    template <typename T>
    std::optional<Result<T>> await(QFuture<Result<T>> future, const QString& what);
    std::optional<QList<Channel>> channels();
    //! The folder named by --folder, else the Inbox; nullopt (with m_exit set) on failure.
    std::optional<Channel> resolveFolder();
    int usageError(const QString& message);
    int otherError(const QString& message);
    void printJson(const QJsonObject& object);

    Provider& m_provider;
    CliOptions m_options;
    QTextStream& m_out;
    QTextStream& m_err;
    QDeadlineTimer m_deadline;
    int m_exit = ExitOk;
};

} // namespace tributary::cli
