#include "HostileInputBench.h"

#include "html/HtmlSanitizer.h"
#include "html/HtmlToText.h"
#include "mail/MimeDepth.h"
#include "mail/MimeText.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <functional>

namespace tributary::bench {

namespace {

constexpr double kBudgetMs = 100.0;

//! `unit` repeated up to `bytes` bytes.
QByteArray repeated(QByteArrayView unit, qsizetype bytes) {
    QByteArray out;
    out.reserve(bytes + unit.size());
    while (out.size() + unit.size() <= bytes)
        out.append(unit.data(), unit.size());
    return out;
}

//! Best of three runs, in milliseconds; `sink` keeps the work from being optimised away.
double bestMs(const std::function<qsizetype()>& run, qsizetype& sink) {
    double best = -1;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        sink += run();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (best < 0 || ms < best)
            best = ms;
    }
    return best;
}

} // namespace

//! Each file's content repeated to `bytes` and handed to every scan that reads such text:
//! real HTML and mail (not made to hurt) at the size a hostile message would have.
QJsonObject timeRealInputs(qsizetype bytes, const QStringList& inputs, bool& within, qsizetype& sink) {
    QJsonObject out;
    for (const QString& path : inputs) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "hostile-scans: cannot read %s\n", qPrintable(path));
            continue;
        }
        const QByteArray raw = file.read(bytes);
        if (raw.isEmpty())
            continue;
        const QByteArray data = repeated(raw, std::max(bytes, raw.size()));
        const QString text = QString::fromUtf8(data);
        const QList<std::pair<const char*, std::function<qsizetype()>>> scans = {
            {"html_to_text",
             [&] {
                 return htmlToText(text).size();
             }},
            {"sanitizer",
             [&] {
                 return HtmlSanitizer::sanitize(text).body.size();
             }},
            {"rfc2047",
             [&] {
                 return mail::decodeHeader(data).size();
             }},
            {"mime_nesting_check",
             [&] {
                 return qsizetype(mail::nestedDeeperThan(data));
             }},
        };
        QJsonObject times{{QStringLiteral("bytes"), double(data.size())},
                          {QStringLiteral("sanitizer_clipped"), HtmlSanitizer::sanitize(text).clipped}};
        for (const auto& [name, run] : scans) {
            const double ms = bestMs(run, sink);
            within = within && ms <= kBudgetMs;
            times.insert(QLatin1String(name), ms);
        }
        out.insert(path, times);
    }
    return out;
}

int runHostileScans(qsizetype bytes, const QString& only, const QStringList& inputs) {
    struct Case {
        const char* name;
        qsizetype size;
        std::function<qsizetype()> run;
        //! Counts towards `all_within_budget`; the reader's "Show the whole message" (no
        //! element budget) is timed for the record, not held to the budget.
        bool budgeted = true;
    };
    HtmlSanitizer::Options whole;
    whole.maxElements = 0;
    const QString ampersands = QString::fromLatin1(repeated("&amp x ", bytes));
    const QByteArray openWords = repeated("=?utf-8?q?x ", bytes);
    QByteArray distinctIds;
    for (int i = 0; distinctIds.size() < bytes; ++i)
        distinctIds += "<p id=i" + QByteArray::number(i) + ">x";
    QByteArray formatting;
    for (int i = 0; formatting.size() < bytes / 2; ++i)
        formatting += "<b id=f" + QByteArray::number(i) + '>';
    formatting += repeated("<p>x", bytes - formatting.size());
    QByteArray nestedMime = "Subject: nested\r\n";
    for (int i = 0; nestedMime.size() < bytes; ++i)
        nestedMime += "Content-Type: multipart/mixed; boundary=" + QByteArray::number(i) + "\r\n\r\n--" +
                      QByteArray::number(i) + "\r\n";
    const QString nestedHtml = QString::fromLatin1(repeated("<div>", bytes));
    const QString distinctIdsHtml = QString::fromLatin1(distinctIds);
    const QString formattingHtml = QString::fromLatin1(formatting);

    const QList<Case> cases = {
        {"html_to_text_entities_without_semicolon", ampersands.size(),
         [&] {
             return htmlToText(ampersands).size();
         }},
        {"html_to_text_p_with_distinct_ids", distinctIds.size(),
         [&] {
             return htmlToText(distinctIdsHtml).size();
         }},
        {"rfc2047_words_without_end", openWords.size(),
         [&] {
             return mail::decodeHeader(openWords).size();
         }},
        {"sanitizer_p_with_distinct_ids", distinctIds.size(),
         [&] {
             return HtmlSanitizer::sanitize(distinctIdsHtml).body.size();
         }},
        {"sanitizer_open_formatting_then_paragraphs", formatting.size(),
         [&] {
             return HtmlSanitizer::sanitize(formattingHtml).body.size();
         }},
        {"sanitizer_p_with_distinct_ids_whole_message", distinctIds.size(),
         [&] { return HtmlSanitizer::sanitize(distinctIdsHtml, whole).body.size(); }, false},
        {"sanitizer_open_formatting_then_paragraphs_whole_message", formatting.size(),
         [&] { return HtmlSanitizer::sanitize(formattingHtml, whole).body.size(); }, false},
        {"mime_nesting_check", nestedMime.size(),
         [&] {
             return qsizetype(mail::nestedDeeperThan(nestedMime));
         }},
        {"html_to_text_nested_divs", nestedHtml.size(),
         [&] {
             return htmlToText(nestedHtml).size();
         }},
    };
    QJsonObject out;
    bool within = true;
    qsizetype sink = 0;
    for (const Case& c : cases) {
        if (!only.isEmpty() && !QLatin1String(c.name).contains(only))
            continue;
        const double ms = bestMs(c.run, sink);
        within = within && (ms <= kBudgetMs || !c.budgeted);
        QJsonObject result{{QStringLiteral("bytes"), double(c.size)}, {QStringLiteral("ms"), ms}};
        if (!c.budgeted)
            result.insert(QStringLiteral("budgeted"), false);
        out.insert(QLatin1String(c.name), result);
    }
    if (!inputs.isEmpty())
        out.insert(QStringLiteral("real_inputs_ms"), timeRealInputs(bytes, inputs, within, sink));
    out.insert(QStringLiteral("budget_ms"), kBudgetMs);
    out.insert(QStringLiteral("all_within_budget"), within);
    out.insert(QStringLiteral("output_chars"), double(sink)); // keeps the work observable
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}

} // namespace tributary::bench
