# Precompiled headers: Qt's and GoogleTest's headers are most of what every
# translation unit parses (1-2 s of a 3-8 s compile here). One precompiled set per
# kind of target; each target compiles its own copy once (REUSE_FROM would need
# identical flags). ccache caches both the .gch and the objects that use it
# (tools/lib/ccache.conf sets the sloppiness this needs).
#
#   tributary_precompile(TARGET core|ui|test)
set(TRIBUTARY_PCH_CORE
  <algorithm> <chrono> <functional> <memory> <optional> <vector>
  <QByteArray> <QDateTime> <QFuture> <QHash> <QJsonArray> <QJsonObject> <QList>
  <QObject> <QPointer> <QPromise> <QSet> <QString> <QStringList> <QUrl>)
set(TRIBUTARY_PCH_UI ${TRIBUTARY_PCH_CORE}
  <QAction> <QHBoxLayout> <QLabel> <QPainter> <QPushButton> <QVBoxLayout> <QWidget>)
set(TRIBUTARY_PCH_TEST ${TRIBUTARY_PCH_CORE}
  <gtest/gtest.h> <gmock/gmock.h> <QSignalSpy> <QTest> <QTemporaryDir> <QJsonDocument>)

option(TRIBUTARY_PCH "Use precompiled headers" ON)

function(tributary_precompile target kind)
  if(NOT TRIBUTARY_PCH)
    return()
  endif()
  string(TOUPPER "${kind}" kind)
  target_precompile_headers(${target} PRIVATE ${TRIBUTARY_PCH_${kind}})
endfunction()
