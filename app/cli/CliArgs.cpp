#include "cli/CliArgs.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QSet>

namespace tributary::cli {

namespace {

// One option table for every command: QCommandLineParser accepts options anywhere on the
// line, and which of them a command allows is checked afterwards, so a misplaced option
// is a clear usage error rather than silently ignored.
struct OptionSpec {
    const char* name;
    const char* valueName; // nullptr: a switch
    const char* help;
};

constexpr OptionSpec kOptions[] = {
    {"accounts", "file", "Account file: {\"accounts\": [...]} naming environment variables for secrets."},
    {"account", "id", "The account to use when the file holds several."},
    {"json", nullptr, "Print JSON instead of aligned columns."},
    {"timeout", "seconds", "Give up after this many seconds (default 120)."},
    {"verbose", nullptr, "Print diagnostic logging on stderr."},
    {"folder", "path", "Folder path, name or channel id (list, search)."},
    {"limit", "n", "At most this many messages (list, search)."},
    {"page", "cursor", "Continue a listing from the cursor a previous list printed."},
    {"to", "address", "Recipient; repeat or separate with commas (send)."},
    {"cc", "address", "Copy recipient; repeat or separate with commas (send)."},
    {"subject", "text", "Subject line (send)."},
    {"text", "text", "Plain-text body (send)."},
    {"text-file", "file", "Read the plain-text body from a UTF-8 file (send)."},
    {"html-file", "file", "Read an HTML alternative from a UTF-8 file (send)."},
    {"attach", "file", "Attach a file; repeat for several (send)."},
    {"reply-to-id", "id", "Send as a reply to this message id (send)."},
    {"output", "path", "Where to save: a file, or a folder to keep the attachment's name (save)."},
    {"force", nullptr, "Replace a file that already exists (save)."},
    {"help", nullptr, "Show this help."},
    {"version", nullptr, "Show the version."},
};

const QSet<QString>& globalOptions() {
    static const QSet<QString> names{QStringLiteral("accounts"), QStringLiteral("account"),
                                     QStringLiteral("json"),     QStringLiteral("timeout"),
                                     QStringLiteral("verbose"),  QStringLiteral("help"),
                                     QStringLiteral("version")};
    return names;
}

QSet<QString> commandOptions(Command command) {
    switch (command) {
    case Command::Folders:
    case Command::Show:
        return {};
    case Command::List:
        return {QStringLiteral("folder"), QStringLiteral("limit"), QStringLiteral("page")};
    case Command::Search:
        return {QStringLiteral("folder"), QStringLiteral("limit")};
    case Command::Send:
        return {QStringLiteral("to"),     QStringLiteral("cc"),         QStringLiteral("subject"),
                QStringLiteral("text"),   QStringLiteral("text-file"),  QStringLiteral("html-file"),
                QStringLiteral("attach"), QStringLiteral("reply-to-id")};
    case Command::Save:
        return {QStringLiteral("output"), QStringLiteral("force")};
    }
    return {};
}

std::optional<Command> commandFromName(const QString& name) {
    if (name == QLatin1String("folders"))
        return Command::Folders;
    if (name == QLatin1String("list"))
        return Command::List;
    if (name == QLatin1String("show"))
        return Command::Show;
    if (name == QLatin1String("send"))
        return Command::Send;
    if (name == QLatin1String("search"))
        return Command::Search;
    if (name == QLatin1String("save"))
        return Command::Save;
    return std::nullopt;
}

CliParse failure(QString message) {
    CliParse p;
    p.action = CliParse::Action::Error;
    p.error = std::move(message);
    return p;
}

std::optional<int> positiveInt(const QString& text) {
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok && value > 0 ? std::optional<int>(value) : std::nullopt;
}

} // namespace

QString usageText() {
    QString text = QStringLiteral(
        "Usage: tributary-cli --accounts FILE.json [--account ID] [--json] [--timeout S] COMMAND ...\n"
        "\n"
        "Commands:\n"
        "  folders                                   list folders and channels\n"
        "  list [--folder PATH] [--limit N] [--page CURSOR]\n"
        "                                            envelopes, newest first, and the next cursor\n"
        "  show ID                                   one message: headers, text, attachments\n"
        "  send --to ADDR [--cc ADDR] --subject S (--text T | --text-file F)\n"
        "       [--html-file F] [--attach FILE]... [--reply-to-id ID]\n"
        "  search TEXT [--folder PATH] [--limit N]\n"
        "  save ID ATTACHMENT --output PATH [--force]\n"
        "                                            save an attachment (ids as show prints them)\n"
        "\n"
        "Options:\n");
    for (const OptionSpec& spec : kOptions) {
        QString left = QStringLiteral("  --") + QLatin1String(spec.name);
        if (spec.valueName)
            left += QLatin1Char(' ') + QString::fromLatin1(spec.valueName).toUpper();
        text += left.leftJustified(24) + QLatin1Char(' ') + QLatin1String(spec.help) + QLatin1Char('\n');
    }
    text += QStringLiteral(
        "\nSecrets never go in the account file: a setting \"passwordEnv\": \"VAR\" names the\n"
        "environment variable that holds the password.\n"
        "\nExit codes: 0 ok, 1 other error, 2 usage, 3 authentication, 4 network, 5 not found.\n");
    return text;
}

QList<Participant> parseAddressList(const QString& text, QString* error) {
    // "Name <addr>" or a bare address; commas inside quotes are not separators.
    static const QRegularExpression named(QStringLiteral("^\\s*\"?([^\"<]*?)\"?\\s*<([^<>\\s]+)>\\s*$"));
    static const QRegularExpression bare(QStringLiteral("^\\s*([^\\s<>\"]+@[^\\s<>\"]+)\\s*$"));
    QStringList parts;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        if (c == QLatin1Char(',') && !quoted) {
            parts.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    parts.append(current);

    QList<Participant> list;
    for (const QString& part : parts) {
        if (part.trimmed().isEmpty())
            continue;
        Participant p;
        if (const auto m = named.match(part); m.hasMatch()) {
            p.displayName = m.captured(1).trimmed();
            p.address = m.captured(2);
        } else if (const auto b = bare.match(part); b.hasMatch()) {
            p.address = b.captured(1);
        }
        if (!p.address.contains(QLatin1Char('@')) || p.address.startsWith(QLatin1Char('@')) ||
            p.address.endsWith(QLatin1Char('@'))) {
            if (error)
                *error = QStringLiteral("\"%1\" is not an email address.").arg(part.trimmed());
            return {};
        }
        list.append(p);
    }
    if (list.isEmpty() && error)
        *error = QStringLiteral("No address given.");
    return list;
}

CliParse parseArguments(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    for (const OptionSpec& spec : kOptions) {
        QCommandLineOption option(QString::fromLatin1(spec.name), QString::fromLatin1(spec.help));
        if (spec.valueName)
            option.setValueName(QString::fromLatin1(spec.valueName));
        parser.addOption(option);
    }
    if (!parser.parse(arguments))
        return failure(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        CliParse p;
        p.action = CliParse::Action::Help;
        return p;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        CliParse p;
        p.action = CliParse::Action::Version;
        return p;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return failure(QStringLiteral("No command given."));
    const auto command = commandFromName(positional.first());
    if (!command)
        return failure(QStringLiteral("Unknown command \"%1\".").arg(positional.first()));

    CliOptions o;
    o.command = *command;
    const QSet<QString> allowed = commandOptions(o.command);
    for (const QString& name : parser.optionNames()) {
        if (!globalOptions().contains(name) && !allowed.contains(name))
            return failure(
                QStringLiteral("The option --%1 does not apply to \"%2\".").arg(name, positional.first()));
    }

    o.accountsFile = parser.value(QStringLiteral("accounts"));
    if (o.accountsFile.isEmpty())
        return failure(QStringLiteral("--accounts FILE.json is required."));
    o.accountId = parser.value(QStringLiteral("account"));
    o.json = parser.isSet(QStringLiteral("json"));
    o.verbose = parser.isSet(QStringLiteral("verbose"));
    if (parser.isSet(QStringLiteral("timeout"))) {
        const auto seconds = positiveInt(parser.value(QStringLiteral("timeout")));
        if (!seconds)
            return failure(QStringLiteral("--timeout needs a positive number of seconds."));
        o.timeoutSeconds = *seconds;
    }
    if (parser.isSet(QStringLiteral("limit"))) {
        const auto limit = positiveInt(parser.value(QStringLiteral("limit")));
        if (!limit)
            return failure(QStringLiteral("--limit needs a positive number."));
        o.limit = *limit;
    }
    o.folder = parser.value(QStringLiteral("folder"));
    o.pageCursor = parser.value(QStringLiteral("page"));

    const QStringList rest = positional.mid(1);
    switch (o.command) {
    case Command::Folders:
    case Command::List:
    case Command::Send:
        if (!rest.isEmpty())
            return failure(QStringLiteral("Unexpected argument \"%1\".").arg(rest.first()));
        break;
    case Command::Show:
        if (rest.size() != 1)
            return failure(QStringLiteral("show takes exactly one message id."));
        o.messageId = rest.first();
        break;
    case Command::Save:
        if (rest.size() != 2)
            return failure(QStringLiteral("save takes a message id and an attachment id."));
        o.messageId = rest[0];
        o.attachmentId = rest[1];
        o.output = parser.value(QStringLiteral("output"));
        o.force = parser.isSet(QStringLiteral("force"));
        if (o.output.isEmpty())
            return failure(QStringLiteral("save needs --output PATH."));
        break;
    case Command::Search:
        if (rest.isEmpty())
            return failure(QStringLiteral("search needs the text to look for."));
        o.searchText = rest.join(QLatin1Char(' '));
        break;
    }

    if (o.command == Command::Send) {
        QString error;
        for (const QString& value : parser.values(QStringLiteral("to"))) {
            const auto list = parseAddressList(value, &error);
            if (list.isEmpty())
                return failure(QStringLiteral("--to: ") + error);
            o.to += list;
        }
        for (const QString& value : parser.values(QStringLiteral("cc"))) {
            const auto list = parseAddressList(value, &error);
            if (list.isEmpty())
                return failure(QStringLiteral("--cc: ") + error);
            o.cc += list;
        }
        if (o.to.isEmpty())
            return failure(QStringLiteral("send needs at least one --to address."));
        o.replyToId = parser.value(QStringLiteral("reply-to-id"));
        o.subject = parser.value(QStringLiteral("subject"));
        // A reply may take its subject from the original ("Re: ..."); a new message may not.
        if (!parser.isSet(QStringLiteral("subject")) && o.replyToId.isEmpty())
            return failure(QStringLiteral("send needs --subject."));
        const bool hasText = parser.isSet(QStringLiteral("text"));
        const bool hasTextFile = parser.isSet(QStringLiteral("text-file"));
        if (hasText == hasTextFile)
            return failure(QStringLiteral("send needs exactly one of --text or --text-file."));
        o.text = parser.value(QStringLiteral("text"));
        o.textFile = parser.value(QStringLiteral("text-file"));
        o.htmlFile = parser.value(QStringLiteral("html-file"));
        o.attachments = parser.values(QStringLiteral("attach"));
    }

    CliParse p;
    p.action = CliParse::Action::Run;
    p.options = std::move(o);
    return p;
}

} // namespace tributary::cli
