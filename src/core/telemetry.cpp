#include "core/telemetry.hpp"

#include <array>

namespace hdoc::core {

std::string_view methodLabel(std::string_view method) {
  // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET, and is labelled "other".
  static constexpr std::array<std::string_view, 7> kMethods{"GET",   "HEAD",   "POST",   "PUT",
                                                            "PATCH", "DELETE", "OPTIONS"};
  for (const auto known : kMethods) {
    if (method == known) return known;
  }
  return "other";
}

Telemetry& noTelemetry() {
  static Telemetry none;
  return none;
}

}  // namespace hdoc::core
