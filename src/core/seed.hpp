// Deterministic, realistic demo data for `hdoc seed`, the first run and the benchmarks.
//
// Every record is a pure function of (options, index): nothing is generated ahead, so a caller can
// stream a million users straight into a store, and the same seed gives byte-identical records on
// every platform (all randomness is our own integer arithmetic, no std:: distributions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace hdoc::core {

struct SeedOptions {
  std::size_t users = 1000;
  std::size_t articles = 200;
  std::uint64_t seed = 1;
};

class DemoData {
 public:
  // The largest number of users with distinct 5-character ids (62^5).
  static constexpr std::size_t kMaxUsers = 916'132'832;

  // Throws std::invalid_argument when options.users exceeds kMaxUsers, or when articles are
  // asked for without any user to write them.
  explicit DemoData(SeedOptions options);

  const SeedOptions& options() const { return options_; }

  // i in [0, users): distinct ids and ASCII-case-insensitively distinct githubProfiles.
  User user(std::size_t i) const;
  // i in [0, articles): id i + 1, written by one of the users above, tag drawn from a long tail.
  Article article(std::size_t i) const;

  // The tags articles draw from, most frequent first ("AWS", "GCP", "Azure" lead).
  static const std::vector<std::string>& tagVocabulary();

 private:
  std::string githubProfile(std::size_t i) const;
  std::string userId(std::size_t i) const;

  SeedOptions options_;
  std::vector<std::uint64_t> tagCumulative_;  // integer Zipf weights, running sum
};

}  // namespace hdoc::core
