#include "core/query.hpp"

namespace hdoc::core {

std::optional<std::size_t> parseLimit(std::string_view text, std::string& why) {
  if (text.empty()) {
    why = "must not be empty";
    return std::nullopt;
  }
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      why = "must be a decimal integer from 0 to " + std::to_string(kMaxLimit);
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::size_t>(c - '0');
    if (value > kMaxLimit) {  // checked per digit, so long inputs cannot overflow
      why = "must be at most " + std::to_string(kMaxLimit);
      return std::nullopt;
    }
  }
  return value;
}

}  // namespace hdoc::core
