#include "engine/config/config_enums.h"

#include "engine/core/closest_name.h"
#include "engine/core/str_cat.h"

namespace optiscope {

std::string NotOneOfMessage(std::string_view what, std::string_view value,
                            const std::vector<std::string>& names, std::string_view alternatives) {
  std::string message = StrCat({what, ": \"", value, "\" is not one of "});
  for (size_t i = 0; i < names.size(); ++i) StrAppend(&message, {i == 0 ? "" : ", ", names[i]});
  StrAppend(&message, {alternatives});
  const std::string hint = ClosestName(value, names);
  if (!hint.empty()) StrAppend(&message, {" (did you mean \"", hint, "\"?)"});
  return message;
}

}  // namespace optiscope
