#pragma once
// Talking to the page inside a MessageReader from a test.

#include "Await.h"
#include "reader/MessageReader.h"

#include <QTest>
#include <QVariant>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineView>
#include <gtest/gtest.h>

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

//! Waits for the message's own document (not the blank page the reader starts from) to
//! have had its load event: by then every image it was going to fetch has been
//! fetched or refused, and every navigation it was going to start has been decided, so a
//! request that has not happened yet never will. Tests check "nothing was loaded" after
//! this rather than after a stretch of time.
inline bool waitForPageSettled(ui::MessageReader& reader) {
    return waitUntil(
        [&] {
            return evaluate(reader, QStringLiteral("location.protocol==='tributary-message:'&&"
                                                   "document.readyState==='complete'&&document.body!==null"))
                .toBool();
        },
        20000);
}

//! Clicks the element with id `id` in the reader, as a user would: where the page laid it out
//! (in CSS pixels, times the zoom the reader applied to fit the pane), once the page settled.
inline void clickElement(ui::MessageReader& reader, const QString& id) {
    ASSERT_TRUE(waitForPageSettled(reader));
    const QVariantList at =
        evaluate(reader, QStringLiteral("(function(){var r=document.getElementById('%1')"
                                        ".getBoundingClientRect();return [r.left+10,r.top+8];})()")
                             .arg(id))
            .toList();
    ASSERT_EQ(at.size(), 2);
    const qreal zoom = reader.webView()->zoomFactor();
    QWidget* target = reader.webView()->focusProxy() ? reader.webView()->focusProxy() : reader.webView();
    QTest::mouseClick(target, Qt::LeftButton, {},
                      QPoint(qRound(at.at(0).toDouble() * zoom), qRound(at.at(1).toDouble() * zoom)));
}

} // namespace tributary::test
