// The API's query rules: limits, defaults and bounds, as pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hdoc::core {

inline constexpr std::size_t kMaxLimit = 10000;
inline constexpr std::size_t kDefaultRecentLimit = 10;
inline constexpr std::size_t kDefaultLeaderboardLimit = 10;

// A rejected parameter: its name and why, for the problem+json "invalid-params" member.
struct ParamError {
  std::string name;
  std::string reason;
};

// `limit` is a plain decimal integer 0..kMaxLimit: no sign, no exponent, no fraction, not empty.
// On failure returns nullopt and fills `why`.
std::optional<std::size_t> parseLimit(std::string_view text, std::string& why);

}  // namespace hdoc::core
