// A journeyer's daily log entry: one challenge day published on one platform.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hdoc::core {

enum class Platform { github, twitter };

// The API's names for the platforms ("github", "twitter"); parsing is exact (lower case only).
std::string_view platformName(Platform p);
std::optional<Platform> parsePlatform(std::string_view name);

struct Entry {
  std::string githubProfile;  // whose entry it is
  int day = 0;                // challenge day, 1..100
  Platform platform = Platform::github;
  std::string url;       // the post, an https URL
  std::string date;      // the UTC day it was published, "YYYY-MM-DD"
  bool verified = true;  // false once an admin rejects it: it then stops counting

  bool operator==(const Entry&) const = default;
};

}  // namespace hdoc::core
