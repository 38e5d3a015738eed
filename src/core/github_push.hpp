// What a push to a journeyer's Journey repository scores: the rule from a push event to the GitHub
// entries it adds, or why it adds nothing. Pure: the caller looks up who linked the repository and
// stores the entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entry.hpp"
#include "core/github_push_event.hpp"

namespace hdoc::core {

// The challenge day of a path in a Journey repository: "Journey/NNN/<anything>" with NNN three digits
// from 001 to 100, exactly as the Journey Template names its folders (and as GitHub sends the path:
// case-sensitive, "/"-separated, relative to the repository root). nullopt for anything else.
std::optional<int> journeyDay(std::string_view path);

// Why a push scores nothing whoever linked the repository (a deleted ref, a tag, another branch than
// the default one, a fork), or nullopt.
std::optional<std::string> pushRefusal(const PushEvent& event);

struct IgnoredPath {
  std::string path;
  std::string commit;  // the commit's id
  std::string reason;
};

inline constexpr std::size_t kMaxIgnoredPathsReported = 100;

struct PushPlan {
  // Set: the push is ignored as a whole (202) and nothing may be written.
  std::optional<std::string> refusal;
  // One verified GitHub entry per challenge day the push touches, by day: the earliest commit (by the
  // instant of its timestamp, then by its place in the push) that added or modified a file of the
  // day's folder dates it (its UTC date) and gives its url.
  std::vector<Entry> entries;
  // The paths that scored nothing and why, at most kMaxIgnoredPathsReported; `ignoredOmitted` counts
  // the rest.
  std::vector<IgnoredPath> ignored;
  std::size_t ignoredOmitted = 0;
};

// `linkedProfile`: the githubProfile of the journeyer who linked repository.full_name (nullopt: nobody
// did). `todayEpochDays`: today (UTC) in days since the epoch; a commit dated after tomorrow is not
// counted, as the write API refuses such dates.
// Only `distinct` commits count (the others were pushed before). Removed files never count.
PushPlan planPush(const PushEvent& event, const std::optional<std::string>& linkedProfile,
                  std::int64_t todayEpochDays);

}  // namespace hdoc::core
