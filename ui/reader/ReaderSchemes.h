#pragma once

#include <QString>

namespace tributary::ui::readerschemes {

//! "tributary-message": serves the sanitized document of one reader
//! ("tributary-message:<token>/<version>").
QString documentScheme();
//! "cid": serves a message's inline parts ("cid:<token>/<content-id>", RFC 2392 ids).
QString cidScheme();

//! Registers both schemes with QtWebEngine. Must run before the QApplication is created
//! (QtWebEngine reads the registrations once at start-up); later calls do nothing.
void registerSchemes();

} // namespace tributary::ui::readerschemes
