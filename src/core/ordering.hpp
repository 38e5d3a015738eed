// The orderings of every list the API returns, written once. Stores produce these orders with
// their indexes; these comparators are the reference the tests (and merges across shards) use.
#pragma once

#include <cstdint>

#include "core/model.hpp"

namespace hdoc::core {

// Milliseconds since the epoch of user.dateJoined (validated on write, so always parseable).
std::int64_t joinedMillis(const User& user);

// GET /users: dateJoined ascending, then githubProfile ascending (bytewise).
bool registrationBefore(const User& a, const User& b);
// GET /users/recent: dateJoined descending, then githubProfile ascending.
bool recentBefore(const User& a, const User& b);
// GET /leaderboard: githubScore + twitterScore descending, then githubProfile ascending.
bool leaderboardBefore(const User& a, const User& b);
// GET /articles: id ascending.
inline bool articleBefore(const Article& a, const Article& b) {
  return a.id < b.id;
}
// GET /tags: count descending, then tag ascending (bytewise).
bool tagCountBefore(const TagCount& a, const TagCount& b);

}  // namespace hdoc::core
