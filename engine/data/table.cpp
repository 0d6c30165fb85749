#include "engine/data/table.h"

#include <algorithm>
#include <set>

#include "engine/core/closest_name.h"

namespace optiscope {
namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

int Table::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> SplitColumnNames(std::string_view names) {
  std::vector<std::string> out;
  while (!Trimmed(names).empty()) {
    const size_t comma = names.find(',');
    std::string name(Trimmed(names.substr(0, comma)));
    names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
    if (!name.empty()) out.push_back(std::move(name));
  }
  return out;
}

std::string JoinColumnNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

Status DropColumns(std::string_view names, const std::string& keep, Table* table) {
  std::set<std::string> drop;
  for (const std::string& name : SplitColumnNames(names)) {
    if (table->FindColumn(name) < 0) {
      std::vector<std::string> candidates;
      for (const Column& c : table->columns) candidates.push_back(c.name);
      const std::string close = ClosestName(name, candidates);
      return Status::NotFound(table->source + ": drop_columns: no column named '" + name + "'" +
                              (close.empty() ? "" : " (did you mean '" + close + "'?)"));
    }
    if (name == keep) {
      return Status::InvalidArgument(table->source + ": drop_columns: '" + name +
                                     "' is the target column");
    }
    drop.insert(name);
  }
  std::erase_if(table->columns, [&](const Column& c) { return drop.count(c.name) > 0; });
  return Status::Ok();
}

const char* ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kNumeric:
      return "numeric";
    case ColumnType::kCategorical:
      return "categorical";
  }
  return "unknown";
}

}  // namespace optiscope
