#pragma once

#include "model/Addresses.h"
#include "model/Model.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <utility>

namespace tributary::ui {

//! What a To/Cc/Bcc field holds: the people it names, and what could not be read as an
//! address (shown to the user, and Send waits until it is fixed).
struct ParsedAddresses {
    QList<Participant> people;
    QStringList invalid;
};

//! Reads "Ann Smith <ann@example.org>, bob@example.org; \"Doe, Jo\" <jo@example.org>":
//! addresses separated by commas or semicolons outside quotes and angle brackets.
ParsedAddresses parseAddressList(const QString& text);
// Writing addresses: formatAddress() and formatAddressList() of model/Addresses.h.
//! local@domain, with no spaces, brackets or separators.
bool isEmailAddress(const QString& address);
//! The [start, end) span of the address under `cursor`: between the separators (outside
//! quotes and brackets) around it, surrounding spaces excluded.
std::pair<int, int> addressSpanAt(const QString& text, int cursor);

} // namespace tributary::ui
