// "Did you mean ...?" suggestions for misspelled field names, option names and enum values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optiscope {

// Optimal-string-alignment edit distance: insertions, deletions, substitutions and transpositions
// of adjacent characters each cost 1 ("modle" -> "model" is 1). Bytewise.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` by EditDistance when it is close enough to be a plausible typo
// (distance <= max(1, |word| / 3), or `word` is a prefix of it); ties go to the earliest candidate.
// Empty when nothing is close.
std::string ClosestName(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace optiscope
