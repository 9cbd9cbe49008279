#include "cli/CliRunner.h"

#include "cli/CliFormat.h"
#include "compose/ReplyBuilder.h"
#include "files/SafeFileName.h"
#include "files/SaveToFile.h"
#include "model/Json.h"
#include "util/FutureWait.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMimeDatabase>
#include <QTextStream>
#include <QUuid>
#include <algorithm>

namespace tributary::cli {

CliRunner::CliRunner(Provider& provider, CliOptions options, QTextStream& out, QTextStream& err)
    : m_provider(provider)
    , m_options(std::move(options))
    , m_out(out)
    , m_err(err) {}

template <typename T>
std::optional<Result<T>> CliRunner::await(QFuture<Result<T>> future, const QString& what) {
    auto result = waitFor(future, m_deadline);
    if (!result) {
        // Nothing may keep working for us after we give up.
        future.cancel();
        m_err << "tributary-cli: " << what << " timed out after " << m_options.timeoutSeconds << " s.\n";
        m_exit = ExitNetwork;
        return std::nullopt;
    }
    if (!result->ok()) {
        m_err << "tributary-cli: " << what << " failed: " << result->error().describe() << '\n';
        m_exit = exitCodeFor(result->error());
        return std::nullopt;
    }
    return result;
}

int CliRunner::usageError(const QString& message) {
    m_err << "tributary-cli: " << message << '\n';
    return ExitUsage;
}

int CliRunner::otherError(const QString& message) {
    m_err << "tributary-cli: " << message << '\n';
    return ExitOther;
}

void CliRunner::printJson(const QJsonObject& object) {
    m_out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

int CliRunner::run() {
    m_deadline = QDeadlineTimer(std::chrono::seconds(m_options.timeoutSeconds));
    // Connecting first turns bad credentials into a clean exit code 3 before any command runs.
    if (!await(m_provider.connectAccount(),
               QStringLiteral("Connecting to \"%1\"").arg(m_provider.account().id)))
        return m_exit;
    switch (m_options.command) {
    case Command::Folders:
        return folders();
    case Command::List:
        return list();
    case Command::Show:
        return show();
    case Command::Send:
        return send();
    case Command::Search:
        return search();
    case Command::Save:
        return save();
    case Command::Unfinished:
        return unfinished();
    case Command::Resolve:
        return resolve();
    }
    return ExitOther;
}

std::optional<Channel> CliRunner::findChannel(const QList<Channel>& channels, const QString& name) {
    auto first = [&](auto predicate) -> std::optional<Channel> {
        for (const Channel& c : channels) {
            if (predicate(c))
                return c;
        }
        return std::nullopt;
    };
    if (auto c = first([&](const Channel& ch) { return ch.id == name || ch.nativeId == name; }))
        return c;
    if (auto c = first([&](const Channel& ch) { return ch.name == name; }))
        return c;
    if (auto c =
            first([&](const Channel& ch) { return ch.nativeId.compare(name, Qt::CaseInsensitive) == 0; }))
        return c;
    if (name.compare(QLatin1String("inbox"), Qt::CaseInsensitive) == 0)
        return first([](const Channel& ch) { return ch.role == ChannelRole::Inbox; });
    return std::nullopt;
}

std::optional<QList<Channel>> CliRunner::channels() {
    auto r = await(m_provider.listChannels(), QStringLiteral("Listing folders"));
    if (!r)
        return std::nullopt;
    return r->value();
}

std::optional<Channel> CliRunner::resolveFolder() {
    const auto all = channels();
    if (!all)
        return std::nullopt;
    const QList<Channel>& list = *all;
    if (m_options.folder.isEmpty()) {
        for (const Channel& c : list) {
            if (c.role == ChannelRole::Inbox)
                return c;
        }
        m_err << "tributary-cli: this account has no Inbox; name a folder with --folder.\n";
        m_exit = ExitNotFound;
        return std::nullopt;
    }
    auto channel = findChannel(list, m_options.folder);
    if (!channel) {
        m_err << "tributary-cli: no folder \"" << m_options.folder << "\" (see the folders command).\n";
        m_exit = ExitNotFound;
    }
    return channel;
}

int CliRunner::folders() {
    const auto list = channels();
    if (!list)
        return m_exit;
    if (m_options.json) {
        QJsonArray array;
        for (const Channel& c : *list)
            array.append(json::toJson(c));
        printJson(
            {{QStringLiteral("account"), m_provider.account().id}, {QStringLiteral("channels"), array}});
    } else {
        printChannels(m_out, *list);
    }
    return ExitOk;
}

int CliRunner::list() {
    const auto channel = resolveFolder();
    if (!channel)
        return m_exit;
    const auto page =
        await(m_provider.listMessages(channel->id, PageRequest{m_options.limit, m_options.pageCursor}),
              QStringLiteral("Listing %1").arg(channel->name));
    if (!page)
        return m_exit;
    const MessagePage& p = page->value();
    if (m_options.json) {
        QJsonArray messages;
        for (const Message& m : p.messages)
            messages.append(json::toJson(m));
        printJson({{QStringLiteral("account"), m_provider.account().id},
                   {QStringLiteral("channel"), json::toJson(*channel)},
                   {QStringLiteral("messages"), messages},
                   {QStringLiteral("nextCursor"), p.nextCursor}});
    } else {
        printEnvelopes(m_out, p.messages);
        if (p.nextCursor.isEmpty())
            m_out << "\nNo older messages.\n";
        else
            m_out << "\nOlder messages: --page " << p.nextCursor << '\n';
    }
    return ExitOk;
}

int CliRunner::show() {
    const auto message =
        await(m_provider.fetchBody(m_options.messageId), QStringLiteral("Fetching the message"));
    if (!message)
        return m_exit;
    if (m_options.json)
        printJson(messageDetailJson(message->value()));
    else
        printMessage(m_out, message->value());
    return ExitOk;
}

int CliRunner::save() {
    const auto message =
        await(m_provider.fetchBody(m_options.messageId), QStringLiteral("Fetching the message"));
    if (!message)
        return m_exit;
    const QList<Attachment>& attachments = message->value().attachments;
    const auto found = std::find_if(attachments.cbegin(), attachments.cend(),
                                    [&](const Attachment& a) { return a.id == m_options.attachmentId; });
    if (found == attachments.cend()) {
        m_err << "tributary-cli: the message has no attachment \"" << m_options.attachmentId
              << "\"; show lists the ids.\n";
        return ExitNotFound;
    }
    QString path = m_options.output;
    if (QFileInfo(path).isDir()) {
        // The sender chose the name: one plain component, never a path, a dotfile or a device.
        path = QDir(path).filePath(safeFileName(found->fileName, QStringLiteral("attachment-") + found->id));
    }
    const Overwrite overwrite = m_options.force ? Overwrite::Replace : Overwrite::Refuse;
    auto exists = [&] {
        m_err << "tributary-cli: " << QDir::toNativeSeparators(path)
              << " already exists; nothing was written. Use --force to replace it, or choose another "
                 "--output.\n";
        return ExitOther;
    };
    const QFileInfo target(path);
    if (overwrite == Overwrite::Refuse && (target.exists() || target.isSymLink()))
        return exists(); // before the download: the user need not wait to hear it
    const auto bytes = await(m_provider.fetchAttachment(m_options.messageId, m_options.attachmentId),
                             QStringLiteral("Downloading the attachment"));
    if (!bytes)
        return m_exit;
    if (const Result<void> saved = saveToFile(path, bytes->value(), overwrite); !saved) {
        if (saved.error().code == QLatin1String("file_exists"))
            return exists(); // it appeared during the download
        m_err << "tributary-cli: " << saved.error().message << '\n';
        return ExitOther;
    }
    if (m_options.json) {
        printJson(QJsonObject{{QStringLiteral("path"), QFileInfo(path).absoluteFilePath()},
                              {QStringLiteral("bytes"), double(bytes->value().size())}});
    } else {
        m_out << "Saved " << QDir::toNativeSeparators(path) << " ("
              << QLocale().formattedDataSize(bytes->value().size()) << ")\n";
    }
    return ExitOk;
}

int CliRunner::send() {
    OutgoingMessage out;
    // Generated once per invocation: the provider reuses it for any retry it makes.
    out.clientId = m_options.clientId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                : m_options.clientId;
    out.to = m_options.to;
    out.cc = m_options.cc;
    out.subject = m_options.subject;
    // Empty when the provider reported no identity: it then sends from its own default.
    out.from = m_provider.defaultIdentity().participant();

    auto readText = [&](const QString& path, QString* into) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            m_err << "tributary-cli: cannot read " << path << ": " << file.errorString() << '\n';
            return false;
        }
        *into = QString::fromUtf8(file.readAll());
        return true;
    };
    out.text = m_options.text;
    if (!m_options.textFile.isEmpty() && !readText(m_options.textFile, &out.text))
        return ExitUsage;
    if (!m_options.htmlFile.isEmpty() && !readText(m_options.htmlFile, &out.html))
        return ExitUsage;

    const QMimeDatabase mimes;
    for (const QString& path : m_options.attachments) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return usageError(
                QStringLiteral("cannot read the attachment %1: %2").arg(path, file.errorString()));
        OutgoingAttachment attachment;
        attachment.fileName = QFileInfo(path).fileName();
        attachment.mimeType = mimes.mimeTypeForFile(path).name();
        attachment.data = file.readAll();
        out.attachments.append(attachment);
    }

    if (!m_options.replyToId.isEmpty()) {
        // The composer's job: thread the reply under the original with its headers.
        const auto original = await(m_provider.fetchBody(m_options.replyToId),
                                    QStringLiteral("Fetching the message replied to"));
        if (!original)
            return m_exit;
        const Message& o = original->value();
        out.kind = SendKind::Reply;
        out.inReplyToId = o.id;
        if (!m_provider.identities().isEmpty())
            out.from = replyIdentity(o, m_provider.identities()).participant(); // the alias it went to
        out.inReplyToHeader = o.messageIdHeader;
        out.referencesHeader = o.references;
        if (!o.messageIdHeader.isEmpty())
            out.referencesHeader.append(o.messageIdHeader);
        if (out.subject.isEmpty())
            out.subject = replySubject(o.subject); // on one line, whatever the original's was
        if (o.kind == ConversationKind::Chat)
            out.channelId = o.channelId;
    }

    const auto receipt = await(m_provider.send(out), QStringLiteral("Sending"));
    if (!receipt)
        return m_exit;
    const SendReceipt& r = receipt->value();
    if (m_options.json) {
        printJson({{QStringLiteral("messageId"), r.messageId},
                   {QStringLiteral("nativeId"), r.nativeId},
                   {QStringLiteral("clientId"), out.clientId},
                   {QStringLiteral("alreadySent"), r.alreadySent}});
    } else {
        m_out << "Sent" << (r.alreadySent ? " (it had gone through already)" : "") << ": "
              << (r.nativeId.isEmpty() ? r.messageId : r.nativeId) << '\n';
    }
    return ExitOk;
}

int CliRunner::unfinished() {
    const auto found =
        await(m_provider.recoverUnfinishedSends(), QStringLiteral("Looking for unfinished sends"));
    if (!found)
        return m_exit;
    if (m_options.json) {
        QJsonArray list;
        for (const UnfinishedSend& u : found->value()) {
            QJsonArray to;
            for (const Participant& p : u.to)
                to.append(p.address);
            list.append(QJsonObject{{QStringLiteral("outcome"), u.outcome == UnfinishedSend::Outcome::NotSent
                                                                    ? QStringLiteral("notSent")
                                                                    : QStringLiteral("maybeSent")},
                                    {QStringLiteral("id"), u.recordId},
                                    {QStringLiteral("messageIdHeader"), u.messageIdHeader},
                                    {QStringLiteral("subject"), u.subject},
                                    {QStringLiteral("to"), to}});
        }
        printJson(
            {{QStringLiteral("account"), m_provider.account().id}, {QStringLiteral("unfinished"), list}});
        return ExitOk;
    }
    if (found->value().isEmpty())
        m_out << "No unfinished sends.\n";
    for (const UnfinishedSend& u : found->value()) {
        QStringList to;
        for (const Participant& p : u.to)
            to.append(p.address);
        if (u.outcome == UnfinishedSend::Outcome::NotSent)
            m_out << "Not sent, kept as a draft: \"" << u.subject << "\" to " << to.join(QStringLiteral(", "))
                  << "\n  " << u.recordId << '\n';
        else
            m_out << "May have been sent: \"" << u.subject << "\" to " << to.join(QStringLiteral(", "))
                  << "\n  " << u.recordId
                  << "\n  check the recipient, then: resolve ID --decision sent|again|draft\n";
    }
    return ExitOk;
}

int CliRunner::resolve() {
    const auto done = await(m_provider.resolveUnfinishedSend(m_options.recordId, m_options.decision),
                            QStringLiteral("Settling the send"));
    if (!done)
        return m_exit;
    const SendReceipt& r = done->value();
    if (m_options.json) {
        printJson({{QStringLiteral("messageId"), r.messageId},
                   {QStringLiteral("nativeId"), r.nativeId},
                   {QStringLiteral("alreadySent"), r.alreadySent}});
        return ExitOk;
    }
    switch (m_options.decision) {
    case UncertainSend::WasSent:
        m_out << "Kept as sent: " << r.messageId << '\n';
        break;
    case UncertainSend::SendAgain:
        m_out << "Sent again: " << r.nativeId << '\n';
        break;
    case UncertainSend::KeepAsDraft:
    case UncertainSend::Ask:
        m_out << "Kept as a draft: " << r.messageId << '\n';
        break;
    }
    return ExitOk;
}

int CliRunner::search() {
    SearchQuery query;
    query.text = m_options.searchText;
    query.limit = m_options.limit;
    if (!m_options.folder.isEmpty()) {
        const auto channel = resolveFolder();
        if (!channel)
            return m_exit;
        query.channelIds = {channel->id};
    }
    const auto found = await(m_provider.search(query), QStringLiteral("Searching"));
    if (!found)
        return m_exit;
    if (m_options.json) {
        QJsonArray messages;
        for (const Message& m : found->value())
            messages.append(json::toJson(m));
        printJson(
            {{QStringLiteral("account"), m_provider.account().id}, {QStringLiteral("messages"), messages}});
    } else {
        printEnvelopes(m_out, found->value());
    }
    return ExitOk;
}

} // namespace tributary::cli
