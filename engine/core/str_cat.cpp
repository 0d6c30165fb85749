#include "engine/core/str_cat.h"

#include <charconv>
#include <cmath>

namespace optiscope {

std::string StrCat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  StrAppend(&out, pieces);
  return out;
}

void StrAppend(std::string* out, std::initializer_list<std::string_view> pieces) {
  size_t size = out->size();
  for (std::string_view p : pieces) size += p.size();
  out->reserve(size);
  for (std::string_view p : pieces) out->append(p.data(), p.size());
}

std::string ShortestText(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  if (ec == std::errc()) return std::string(buf, end);
  return std::isnan(v) ? "nan" : std::to_string(v);  // unreachable: 64 bytes hold any double
}

}  // namespace optiscope
