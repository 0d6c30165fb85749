// UTF-8 at the boundaries: text from files and child processes is checked (and repaired or
// transcoded) where it enters, so that nothing downstream (the JSON writer, the GUI) meets bytes
// that are not UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace optiscope {

// The length of the longest valid UTF-8 prefix of `text` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF); text.size() when all of it is valid.
size_t ValidUtf8Prefix(std::string_view text);

inline bool IsValidUtf8(std::string_view text) { return ValidUtf8Prefix(text) == text.size(); }

// `text` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view text);

// ISO 8859-1 (Latin-1) text as UTF-8: every byte >= 0x80 becomes its two-byte code point.
std::string Latin1ToUtf8(std::string_view text);

}  // namespace optiscope
