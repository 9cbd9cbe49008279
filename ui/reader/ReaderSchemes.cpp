#include "ReaderSchemes.h"

#include <QCoreApplication>
#include <QWebEngineUrlScheme>

namespace tributary::ui::readerschemes {

QString documentScheme() {
    return QStringLiteral("tributary-message");
}

QString cidScheme() {
    return QStringLiteral("cid");
}

void registerSchemes() {
    static bool done = false;
    if (done || QCoreApplication::instance())
        return;
    done = true;
    // The document may read local schemes (its cid: parts); cid: is local, so no web page
    // in any profile could load a message part even if one were ever shown.
    QWebEngineUrlScheme document(documentScheme().toLatin1());
    document.setSyntax(QWebEngineUrlScheme::Syntax::Path);
    document.setFlags(QWebEngineUrlScheme::LocalAccessAllowed);
    QWebEngineUrlScheme::registerScheme(document);

    QWebEngineUrlScheme cid(cidScheme().toLatin1());
    cid.setSyntax(QWebEngineUrlScheme::Syntax::Path);
    cid.setFlags(QWebEngineUrlScheme::LocalScheme);
    QWebEngineUrlScheme::registerScheme(cid);
}

} // namespace tributary::ui::readerschemes
