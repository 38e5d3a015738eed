// The write API's rules as pure functions: who may change what, which fields a write may set, and
// the bounds of an entry's date and of path integers. The handlers in http/writes.cpp apply them
// between parsing a request and calling the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.hpp"
#include "core/principal.hpp"

namespace hdoc::core {

// Figures hdoc computes or assigns: a profile body naming one is refused, never silently ignored.
inline constexpr std::string_view kComputedUserFields[] = {"id",           "daysCompleted", "githubScore",
                                                           "githubStreak", "twitterScore",  "twitterStreak",
                                                           "dateJoined",   "status"};

enum class ProfileWrite {
  Change,   // PATCH or DELETE of the profile: its owner, or an admin
  LogDays,  // POST of an entry: its owner only (an admin rejects entries instead)
};

// Why `who` may not do `what` to `profile`; nullopt when allowed. An imported profile (no owner)
// is nobody's to change but an admin's.
std::optional<std::string_view> profileWriteRefusal(const User& profile, const Principal& who,
                                                    ProfileWrite what);

// Accepting or rejecting entries: admins only.
std::optional<std::string_view> entryVerificationRefusal(const Principal& who);

// Why `who` (whose own profile is `callerProfile`, if any) may not change or delete `article`:
// its author (githubProfile, ASCII-case-insensitively) or an admin may.
std::optional<std::string_view> articleWriteRefusal(const Article& article, const User* callerProfile,
                                                    const Principal& who);

// An article's author is the caller's githubProfile: without a profile there is none.
std::optional<std::string_view> articleCreationRefusal(const User* callerProfile);

// What is wrong with an entry's "date" given today (days since the epoch, UTC): it must be a real
// date written YYYY-MM-DD, and not after tomorrow (one day of slack for callers east of UTC).
std::optional<std::string> entryDateProblem(std::string_view date, std::int64_t today);

// A path integer (an article id, a challenge day): digits only, no sign or leading zero, 1..max.
std::optional<std::int64_t> parsePathInteger(std::string_view text, std::int64_t max);

}  // namespace hdoc::core
