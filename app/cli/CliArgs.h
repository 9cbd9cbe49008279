#pragma once

#include "model/Model.h"

#include <QString>
#include <QStringList>

namespace tributary::cli {

enum class Command { Folders, List, Show, Send, Search, Save };

//! Everything the command line asked for, validated for the chosen command.
struct CliOptions {
    QString accountsFile;
    QString accountId; //!< empty: the file's only account
    bool json = false;
    bool verbose = false;
    int timeoutSeconds = 120;
    Command command = Command::Folders;

    // list / search
    QString folder; //!< folder path, name or channel id; empty: the Inbox (list) or everywhere (search)
    int limit = 50;
    QString pageCursor;

    QString messageId;    //!< show, save
    QString attachmentId; //!< save
    QString output;       //!< save: a file, or a folder to save under the attachment's name
    bool force = false;   //!< save: replace an existing file
    QString searchText;   //!< search

    // send
    QList<Participant> to;
    QList<Participant> cc;
    QString subject;
    QString text;
    QString textFile;
    QString htmlFile;
    QStringList attachments;
    QString replyToId;
};

//! The outcome of parsing: run a command, print help or the version, or fail with a usage error.
struct CliParse {
    enum class Action { Run, Help, Version, Error };
    Action action = Action::Error;
    CliOptions options;
    QString error; //!< for Action::Error: what was wrong, in one sentence
};

//! Parses the full argument list (program name first).
CliParse parseArguments(const QStringList& arguments);
//! The usage text printed by --help and after a usage error.
QString usageText();
//! Parses "Ann <ann@example.org>, bob@example.org" into participants; empty on a malformed address.
QList<Participant> parseAddressList(const QString& text, QString* error);

} // namespace tributary::cli
