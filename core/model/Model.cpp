#include "model/Model.h"

namespace tributary {

QString makeSnippet(const QString& text) {
    QString s = text.simplified();
    if (s.size() > Message::kSnippetLength) {
        s.truncate(Message::kSnippetLength);
        // Never leave half a surrogate pair at the cut.
        if (!s.isEmpty() && s.back().isHighSurrogate())
            s.chop(1);
    }
    return s;
}

} // namespace tributary
