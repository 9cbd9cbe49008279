#pragma once
// Talking to the page inside a MessageReader from a test.

#include "Await.h"
#include "reader/MessageReader.h"

#include <QVariant>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineView>

namespace tributary::test {

//! Runs `script` in the reader's page (in the application world: the mail's own scripts,
//! which never run anyway, could not tamper with it) and returns its result.
inline QVariant evaluate(ui::MessageReader& reader, const QString& script) {
    QVariant result;
    bool done = false;
    reader.webView()->page()->runJavaScript(script, QWebEngineScript::ApplicationWorld,
                                            [&](const QVariant& v) {
                                                result = v;
                                                done = true;
                                            });
    waitUntil([&] { return done; }, 10000);
    return result;
}

//! Waits for the page's load event: by then every image it was going to fetch has been
//! fetched or refused, and every navigation it was going to start has been decided, so a
//! request that has not happened yet never will. Tests check "nothing was loaded" after
//! this rather than after a stretch of time.
inline bool waitForPageSettled(ui::MessageReader& reader) {
    return waitUntil(
        [&] {
            return evaluate(reader, QStringLiteral("document.readyState")).toString() ==
                   QLatin1String("complete");
        },
        20000);
}

} // namespace tributary::test
