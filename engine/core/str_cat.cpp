#include "engine/core/str_cat.h"

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

}  // namespace optiscope
