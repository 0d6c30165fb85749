// Decimal commas in CSV files written by spreadsheets in locales that use ',' as the decimal mark
// (typically with ';' as the delimiter): "1,5" means 1.5.
#pragma once

#include "engine/data/table.h"

namespace optiscope {

// Turns back into numeric columns the categorical columns of `table` whose every category is a
// number written with a decimal comma ("1,5", "-0,25", "3") and at least one of which has that
// comma. A category with both '.' and ',' (a thousands separator) or with two commas keeps the
// column categorical. Missing cells stay missing (NaN). Returns how many columns were converted.
int ConvertDecimalCommaColumns(Table* table);

}  // namespace optiscope
