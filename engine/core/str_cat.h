// StrCat and StrAppend: a string built from pieces with one allocation.
//
// Cheaper than a chain of operator+ (one temporary per +), and it avoids GCC 12's false
// -Wrestrict / -Wstringop-overflow report on `"literal" + std::string` at -O3 (GCC PR 105651:
// "memcpy accessing 9223372036854775810 or more bytes"), which a clean -Werror build must not
// print. Pieces are views: temporaries such as std::to_string(n) live until the call returns.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace optiscope {

// The pieces, concatenated in order.
std::string StrCat(std::initializer_list<std::string_view> pieces);

// The shortest decimal text that reads back as exactly `v` ("0.1", "1e+20", "nan", "inf").
std::string ShortestText(double v);

// Appends the pieces to *out, in order (reserving once).
void StrAppend(std::string* out, std::initializer_list<std::string_view> pieces);

}  // namespace optiscope
