// ParamValue / ParamMap: a model hyperparameter value as a configuration file or the command line
// gives it (a number or a word), keyed by the parameter's name.
#pragma once

#include <map>
#include <string>
#include <variant>

namespace optiscope {

// Numbers (integers, booleans as 0/1 included) are doubles; choices such as "sqrt" are strings.
using ParamValue = std::variant<double, std::string>;
using ParamMap = std::map<std::string, ParamValue>;

}  // namespace optiscope
