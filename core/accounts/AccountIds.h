#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

namespace tributary {

//! A new account's id from something the user typed (an address, a name): lowercase
//! letters, digits and '-', unique among `taken` ("jane-example-org", then "-2" ...).
//! Ids are stable once chosen: they are part of every message id (core/model/Ids.h).
QString suggestAccountId(const QString& seed, const QStringList& taken);

//! A colour for the account at this position, from a palette of distinct, readable hues.
QColor suggestAccountColour(int index);

} // namespace tributary
