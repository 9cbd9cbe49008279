#pragma once

#include "accounts/ConnectionTester.h"

#include <QString>

namespace tributary::ui {

//! A connection test result in plain words: what happened, then what to do.
struct ConnectionResultText {
    QString headline; //!< "Authentication failed."
    QString advice;   //!< one or two sentences; may be empty
    QString details;  //!< the provider's or system's own wording, for those who want it; may be empty
};

//! Words for a result. `email` selects "incoming/outgoing server" over "server".
ConnectionResultText describeConnectionResult(const ConnectionTestResult& result, bool email);

} // namespace tributary::ui
