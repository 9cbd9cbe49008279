#pragma once

#include <QWebEngineUrlSchemeHandler>

namespace tributary::ui {

class ReaderProfile;

//! Answers the reader profile's local schemes: "tributary-message:<token>/<n>" with the
//! reader's sanitized document, "cid:<token>/<content-id>" with one of its inline parts
//! (fetched on demand by the reader). Unknown tokens fail as "not found".
class ReaderSchemeHandler : public QWebEngineUrlSchemeHandler {
    Q_OBJECT
public:
    ReaderSchemeHandler(ReaderProfile* registry, QObject* parent);

    void requestStarted(QWebEngineUrlRequestJob* job) override;

private:
    ReaderProfile* m_registry;
};

} // namespace tributary::ui
