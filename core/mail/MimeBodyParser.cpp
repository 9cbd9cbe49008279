#include "mail/MimeBodyParser.h"

#include "mail/MailLogging.h"
#include "mail/MimeDepth.h"
#include "mail/MimeText.h"
#include "mail/VmimeInit.h"

#include <vmime/contentDispositionField.hpp>
#include <vmime/contentTypeField.hpp>
#include <vmime/vmime.hpp>

namespace tributary::mail {

namespace {

QByteArray lowerBytes(const std::string& s) {
    return QByteArray(s.data(), static_cast<qsizetype>(s.size())).toLower();
}

QByteArray bytesOf(const std::string& s) {
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

//! A parameter's value as Unicode. vmime has already joined RFC 2231 continuations and
//! percent-decoding; plain values may still carry RFC 2047 words (common for names).
QString parameterText(const vmime::shared_ptr<vmime::parameterizedHeaderField>& field, const char* name) {
    if (!field)
        return QString();
    const auto param = field->findParameter(name);
    if (!param)
        return QString();
    const vmime::word& value = param->getValue();
    const QByteArray buffer = bytesOf(value.getBuffer());
    if (buffer.contains("=?"))
        return decodeHeader(buffer);
    return decodeCharset(buffer, bytesOf(value.getCharset().getName()));
}

QByteArray parameterBytes(const vmime::shared_ptr<vmime::parameterizedHeaderField>& field, const char* name) {
    if (!field)
        return QByteArray();
    const auto param = field->findParameter(name);
    return param ? bytesOf(param->getValue().getBuffer()) : QByteArray();
}

QByteArray rawContents(const vmime::shared_ptr<const vmime::body>& body) {
    std::string out;
    vmime::utility::outputStreamStringAdapter stream(out);
    body->getContents()->extractRaw(stream);
    return bytesOf(out);
}

QByteArray decodedContents(const vmime::shared_ptr<const vmime::body>& body) {
    std::string out;
    vmime::utility::outputStreamStringAdapter stream(out);
    body->getContents()->extract(stream);
    return bytesOf(out);
}

//! Whether encoded text is plausibly base64. Decoding prose "as base64" yields noise,
//! so a text part that is not is shown as it stands.
bool looksLikeBase64(const QByteArray& raw) {
    for (const char c : raw) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n' || c == ' ' || c == '\t';
        if (!ok)
            return false;
    }
    return true;
}

struct PartInfo {
    QByteArray type = "text";
    QByteArray subtype = "plain";
    QByteArray charset;
    QByteArray disposition;
    QString fileName;
    QByteArray contentId;
    bool flowed = false;
    bool delSp = false;
};

PartInfo describe(const vmime::shared_ptr<const vmime::bodyPart>& part) {
    PartInfo info;
    const auto header = part->getHeader();
    const auto contentType = header->findField<vmime::contentTypeField>(vmime::fields::CONTENT_TYPE);
    if (contentType) {
        if (const auto media = contentType->getValue<vmime::mediaType>()) {
            if (!media->getType().empty())
                info.type = lowerBytes(media->getType());
            if (!media->getSubType().empty())
                info.subtype = lowerBytes(media->getSubType());
        }
        info.charset = parameterBytes(contentType, "charset");
        info.flowed = parameterBytes(contentType, "format").toLower() == "flowed";
        info.delSp = parameterBytes(contentType, "delsp").toLower() == "yes";
    }
    const auto disposition =
        header->findField<vmime::contentDispositionField>(vmime::fields::CONTENT_DISPOSITION);
    if (disposition) {
        if (const auto value = disposition->getValue<vmime::contentDisposition>())
            info.disposition = lowerBytes(value->getName());
        info.fileName = parameterText(disposition, "filename");
    }
    if (info.fileName.isEmpty())
        info.fileName = parameterText(contentType, "name");
    if (const auto id = header->findField(vmime::fields::CONTENT_ID)) {
        QByteArray raw = bytesOf(id->getValue()->generate()).trimmed();
        if (raw.startsWith('<') && raw.endsWith('>'))
            raw = raw.mid(1, raw.size() - 2);
        info.contentId = raw;
    }
    return info;
}

class BodyWalker {
public:
    explicit BodyWalker(ParsedBody& out)
        : m_out(out) {}

    void walk(const vmime::shared_ptr<const vmime::bodyPart>& part, const QString& path, bool inAlternative,
              bool inRelated, int depth) {
        const auto body = part->getBody();
        const PartInfo info = describe(part);
        if (info.type == "multipart" && body->getPartCount() > 0 && depth < 50) {
            const bool alternative = inAlternative || info.subtype == "alternative";
            const bool related = inRelated || info.subtype == "related";
            for (size_t i = 0; i < body->getPartCount(); ++i) {
                const QString child =
                    (path.isEmpty() ? QString() : path + QLatin1Char('.')) + QString::number(i + 1);
                walk(body->getPartAt(i), child, alternative, related, depth + 1);
            }
            return;
        }
        const QString leafPath = path.isEmpty() ? QStringLiteral("1") : path;
        const bool attachment = isAttachmentPart(info.type, info.subtype, info.disposition,
                                                 !info.fileName.isEmpty(), inAlternative, inRelated);
        QByteArray data;
        try {
            data = decodedContents(body);
        } catch (const std::exception& e) {
            qCInfo(lcMail) << "Undecodable MIME part" << leafPath << e.what();
            m_out.degraded = true;
        }
        if (isShownAsText(info.type, info.subtype, info.disposition, attachment)) {
            if (body->getContents()->getEncoding().getName() == vmime::encodingTypes::BASE64) {
                const QByteArray raw = rawContents(body);
                if (!looksLikeBase64(raw)) {
                    data = raw;
                    m_out.degraded = true;
                }
            }
            QString content = decodeCharset(data, info.charset);
            if (info.subtype == "html") {
                if (!inAlternative || m_out.html.isEmpty())
                    append(m_out.html, content);
            } else {
                if (info.flowed)
                    content = unwrapFlowed(content, info.delSp);
                if (!inAlternative || m_out.text.isEmpty())
                    append(m_out.text, content);
            }
            if (!attachment)
                return;
        }
        if (info.type == "multipart") {
            m_out.degraded = true; // a multipart without parts: nothing to show
            return;
        }
        Attachment a;
        a.id = leafPath;
        a.fileName = info.fileName;
        a.mimeType = QString::fromLatin1(info.type + '/' + info.subtype);
        a.size = data.size();
        a.contentId = QString::fromUtf8(info.contentId);
        a.isInline = info.disposition == "inline" || (inRelated && !info.contentId.isEmpty());
        m_out.attachments.append(a); // no name of its own: Attachment::displayFileName() gives one
    }

private:
    static void append(QString& target, const QString& content) {
        if (!target.isEmpty() && !content.isEmpty())
            target += QLatin1Char('\n');
        target += content;
    }

    ParsedBody& m_out;
};

//! The text after the header block, for messages vmime could not make sense of.
QString rawBodyText(const QByteArray& raw) {
    qsizetype start = raw.indexOf("\r\n\r\n");
    qsizetype skip = 4;
    if (start < 0) {
        start = raw.indexOf("\n\n");
        skip = 2;
    }
    const QByteArray body = start < 0 ? raw : raw.mid(start + skip);
    return decodeCharset(body, QByteArray());
}

std::optional<QByteArray> findPart(const vmime::shared_ptr<const vmime::bodyPart>& part, const QString& path,
                                   const QString& wanted, int depth) {
    const auto body = part->getBody();
    const PartInfo info = describe(part);
    if (info.type == "multipart" && body->getPartCount() > 0 && depth < 50) {
        for (size_t i = 0; i < body->getPartCount(); ++i) {
            const QString child =
                (path.isEmpty() ? QString() : path + QLatin1Char('.')) + QString::number(i + 1);
            if (wanted == child || wanted.startsWith(child + QLatin1Char('.'))) {
                if (auto found = findPart(body->getPartAt(i), child, wanted, depth + 1))
                    return found;
            }
        }
        return std::nullopt;
    }
    const QString leafPath = path.isEmpty() ? QStringLiteral("1") : path;
    if (leafPath != wanted)
        return std::nullopt;
    return decodedContents(body);
}

} // namespace

ParsedBody parseMessageBody(const QByteArray& raw) {
    initVmime();
    ParsedBody out;
    if (nestedDeeperThan(raw)) {
        qCWarning(lcMail) << "MIME structure nested deeper than" << kMaxMimeDepth << "levels: not parsed";
        out.tooDeep = true;
        return out;
    }
    try {
        auto message = vmime::make_shared<vmime::message>();
        message->parse(std::string(raw.constData(), static_cast<size_t>(raw.size())));
        BodyWalker(out).walk(message, QString(), false, false, 0);
    } catch (const std::exception& e) {
        qCInfo(lcMail) << "MIME parse failed, showing raw text:" << e.what();
        out = ParsedBody();
        out.degraded = true;
    }
    if (out.text.isEmpty() && out.html.isEmpty() && out.attachments.isEmpty()) {
        out.text = rawBodyText(raw);
        out.degraded = out.degraded || !out.text.isEmpty();
    }
    return out;
}

std::optional<QByteArray> extractPart(const QByteArray& raw, const QString& partPath) {
    initVmime();
    if (nestedDeeperThan(raw))
        return std::nullopt;
    try {
        auto message = vmime::make_shared<vmime::message>();
        message->parse(std::string(raw.constData(), static_cast<size_t>(raw.size())));
        return findPart(message, QString(), partPath, 0);
    } catch (const std::exception& e) {
        qCInfo(lcMail) << "MIME part extraction failed:" << e.what();
        return std::nullopt;
    }
}

QByteArray decodeTransferEncoding(const QByteArray& data, const QByteArray& encoding) {
    const QByteArray name = encoding.trimmed().toLower();
    if (name != "base64" && name != "quoted-printable" && name != "uuencode" && name != "x-uuencode")
        return data;
    try {
        auto encoder = vmime::encoding(name.toStdString()).getEncoder();
        std::string out;
        vmime::utility::inputStreamStringAdapter in(
            std::string(data.constData(), static_cast<size_t>(data.size())));
        vmime::utility::outputStreamStringAdapter os(out);
        encoder->decode(in, os);
        return bytesOf(out);
    } catch (const std::exception& e) {
        qCInfo(lcMail) << "Cannot decode" << name << e.what();
        return data;
    }
}

} // namespace tributary::mail
