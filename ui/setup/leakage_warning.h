// The Data section's warning line: columns that (nearly) copy the target and are still used, and
// data.drop_columns names that are not columns, each with what to do about it.
#pragma once

#include <QString>
#include <QStringList>

#include "engine/data/column_profile.h"

namespace optiscope::ui {

// Rich text, one line per problem, or empty when there is none. A leaking column's line links
// "ignore:NAME" (ignore it) and "columns" (show the inspector). `columns` are the data's column
// names; `droppable`: whether data.drop_columns applies (unknown names are reported only then).
QString LeakageWarningHtml(const TableProfile& profile, const QStringList& columns,
                           bool droppable, const QStringList& ignored);

}  // namespace optiscope::ui
