#include "core/entry.hpp"

namespace hdoc::core {

std::string_view platformName(Platform p) {
  return p == Platform::github ? "github" : "twitter";
}

std::optional<Platform> parsePlatform(std::string_view name) {
  if (name == "github") return Platform::github;
  if (name == "twitter") return Platform::twitter;
  return std::nullopt;
}

}  // namespace hdoc::core
