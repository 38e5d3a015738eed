// Text rules shared by every layer: how keys are case-folded and compared, and what counts as UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace hdoc::core {

// ASCII case folding: 'A'..'Z' become 'a'..'z', every other byte (including all UTF-8 multi-byte
// sequences) is kept. Both stores key case-insensitive lookups (githubProfile, article tags) on this
// fold, so "AWS" matches "aws" but "Ä" does not match "ä": see the README.
std::string asciiFold(std::string_view s);

// True when asciiFold(a) == asciiFold(b), without building either: for HTTP field names, media types
// and the like, which are ASCII case-insensitive whatever the locale.
bool asciiEqualsIgnoreCase(std::string_view a, std::string_view b);

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view s);

}  // namespace hdoc::core
