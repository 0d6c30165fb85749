// The configuration's enumerated choices (engine/config/config_enums.h) as the GUI shows them: the
// names come from the engine's one table per enum, so a combo box lists exactly the names a
// configuration file accepts, in the same order. GUI thread only (QString).
#pragma once

#include <QString>
#include <QStringList>

#include "engine/config/config_enums.h"

namespace optiscope {

// The name of `value`, e.g. "adamw".
template <class E>
QString EnumText(E value) {
  return QString::fromStdString(EnumName(value));
}

// Every name of E, in table order (for a combo box).
template <class E>
QStringList EnumTexts() {
  QStringList texts;
  for (const std::string& name : EnumNames<E>()) texts << QString::fromStdString(name);
  return texts;
}

// The value named `text` (a combo box filled from EnumTexts<E>); `fallback` for any other text.
template <class E>
E EnumOfText(const QString& text, E fallback) {
  return EnumFromName<E>(text.toStdString()).value_or(fallback);
}

}  // namespace optiscope
