#include "core/github_push.hpp"

#include <map>

#include "core/date.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"

namespace hdoc::core {
namespace {

constexpr std::string_view kJourneyPrefix = "Journey/";
constexpr std::string_view kBranchPrefix = "refs/heads/";

void ignore(PushPlan& plan, std::string path, const PushCommit& commit, std::string reason) {
  if (plan.ignored.size() >= kMaxIgnoredPathsReported) {
    ++plan.ignoredOmitted;
    return;
  }
  plan.ignored.push_back({std::move(path), commit.id, std::move(reason)});
}

// The UTC day of an instant, in days since the epoch (rounding down before 1970 too).
std::int64_t utcDay(std::int64_t epochSeconds) {
  return epochSeconds >= 0 ? epochSeconds / 86400 : (epochSeconds - 86399) / 86400;
}

// The commit that dates a day so far, and where it is in the push.
struct DayClaim {
  std::int64_t epochSeconds;
  std::size_t index;
};

}  // namespace

std::optional<int> journeyDay(std::string_view path) {
  if (!path.starts_with(kJourneyPrefix)) return std::nullopt;
  const std::string_view rest = path.substr(kJourneyPrefix.size());
  // Three digits, a slash, and a file inside the folder.
  if (rest.size() < 5 || rest[3] != '/') return std::nullopt;
  int day = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    if (rest[i] < '0' || rest[i] > '9') return std::nullopt;
    day = day * 10 + (rest[i] - '0');
  }
  if (day < kFirstChallengeDay || day > kLastChallengeDay) return std::nullopt;
  return day;
}

std::optional<std::string> pushRefusal(const PushEvent& e) {
  if (e.deleted) return "the push deleted " + e.ref + ": nothing was added";
  if (!e.ref.starts_with(kBranchPrefix))
    return e.ref + " is not a branch (only pushes to the default branch count)";
  const std::string defaultRef = std::string(kBranchPrefix) + e.repository.defaultBranch;
  if (e.ref != defaultRef) return e.ref + " is not the default branch " + defaultRef;
  if (e.repository.fork) {
    return e.repository.fullName +
           " is a fork: a Journey repository is created from the template, not forked";
  }
  return std::nullopt;
}

PushPlan planPush(const PushEvent& e, const std::optional<std::string>& linkedProfile,
                  std::int64_t todayEpochDays) {
  PushPlan plan;
  if (auto refusal = pushRefusal(e)) {
    plan.refusal = std::move(refusal);
    return plan;
  }
  if (!linkedProfile) {
    plan.refusal = e.repository.fullName + " is not linked to any journeyer (githubJourneyRepo)";
    return plan;
  }
  if (asciiFold(*linkedProfile) != asciiFold(e.repository.ownerLogin)) {
    plan.refusal = "the repository's owner " + e.repository.ownerLogin + " is not the journeyer " +
                   *linkedProfile + " who linked it";
    return plan;
  }

  std::map<int, DayClaim> claims;  // day -> the commit dating it
  for (std::size_t i = 0; i < e.commits.size(); ++i) {
    const PushCommit& c = e.commits[i];
    for (const auto& path : c.removed) ignore(plan, path, c, "removed files do not count");
    std::vector<const std::string*> paths;
    for (const auto& p : c.added) paths.push_back(&p);
    for (const auto& p : c.modified) paths.push_back(&p);
    if (!c.distinct) {
      for (const auto* p : paths) ignore(plan, *p, c, "the commit was pushed before (distinct: false)");
      continue;
    }
    const std::int64_t commitDay = utcDay(c.epochSeconds);
    for (const auto* p : paths) {
      const auto day = journeyDay(*p);
      if (!day) {
        ignore(plan, *p, c, "not in a challenge day folder Journey/001/ .. Journey/100/");
        continue;
      }
      if (commitDay > todayEpochDays + 1) {
        ignore(plan, *p, c, "the commit is dated after tomorrow (UTC)");
        continue;
      }
      // The entry must pass the write API's own rules (an https url of at most 2048 bytes, a real date).
      const auto bad =
          validateEntry(Entry{*linkedProfile, *day, Platform::github, c.url, formatDate(commitDay), true});
      if (!bad.empty()) {
        ignore(plan, *p, c,
               "the commit cannot make an entry: its " + bad.front().field + " " + bad.front().problem);
      } else if (auto it = claims.find(*day); it == claims.end()) {
        claims.emplace(*day, DayClaim{c.epochSeconds, i});
      } else if (c.epochSeconds < it->second.epochSeconds) {
        it->second = DayClaim{c.epochSeconds, i};
      }
    }
  }
  for (const auto& [day, claim] : claims) {
    const PushCommit& c = e.commits[claim.index];
    plan.entries.push_back(
        Entry{*linkedProfile, day, Platform::github, c.url, formatDate(utcDay(c.epochSeconds)), true});
  }
  return plan;
}

}  // namespace hdoc::core
