#include "store/sqlite/github_sync.hpp"

#include "core/github_repo.hpp"
#include "core/text.hpp"

namespace hdoc::store::sqlite {

const std::string kFindJourneyLink =
    "SELECT github_profile, github_journey_repo FROM users WHERE journey_repo_fold = ?1";

namespace {

const std::string kDeliverySeen = "SELECT 1 FROM github_deliveries WHERE delivery_id = ?1";
const std::string kRecordDelivery =
    "INSERT INTO github_deliveries (delivery_id, repo_fold, user_fold, received_at) VALUES (?1, ?2, ?3, ?4)";
const std::string kLinkOf = "SELECT github_profile, journey_repo_fold FROM users WHERE github_fold = ?1";
const std::string kGithubEntry =
    "SELECT url, date, verified FROM entries WHERE user_fold = ?1 AND day = ?2 AND platform = 'github'";
// The same row putEntry inserts.
const std::string kInsertEntry =
    "INSERT INTO entries (user_fold, day, platform, url, date, verified) VALUES (?1, ?2, 'github', ?3, ?4, "
    "?5)";

// The GitHub entry the journeyer has for that day, if any.
std::optional<core::Entry> githubEntry(Connection& conn, const std::string& fold, const std::string& profile,
                                       int day) {
  auto stmt = conn.prepare(kGithubEntry);
  stmt.bind(1, fold).bind(2, std::int64_t{day});
  if (!stmt.step()) return std::nullopt;
  return core::Entry{profile, day, core::Platform::github, stmt.text(0), stmt.text(1), stmt.integer(2) != 0};
}

}  // namespace

void ensureJourneyRepoFree(Connection& conn, const core::User& user) {
  if (!user.githubJourneyRepo) return;
  auto stmt = conn.prepare(kFindJourneyLink);
  stmt.bind(1, core::journeyRepoKey(*user.githubJourneyRepo));
  if (stmt.step() && core::asciiFold(stmt.text(0)) != core::asciiFold(user.githubProfile)) {
    throw StoreError(StoreError::Kind::Conflict,
                     "githubJourneyRepo '" + *user.githubJourneyRepo + "' is linked by another journeyer");
  }
}

std::optional<Store::JourneyLink> findJourneyLink(Connection& conn, std::string_view repoFullName) {
  auto stmt = conn.prepare(kFindJourneyLink);
  stmt.bind(1, core::journeyRepoKey(repoFullName));
  if (!stmt.step()) return std::nullopt;
  return Store::JourneyLink{stmt.text(0), stmt.text(1)};
}

Store::PushResult recordGithubPush(Connection& conn, const Store::GithubPush& push,
                                   RecomputeScores recompute) {
  Store::PushResult result;
  const std::string fold = core::asciiFold(push.githubProfile);
  std::string profile;
  {
    auto link = conn.prepare(kLinkOf);
    link.bind(1, fold);
    if (!link.step() || link.isNull(1) || link.text(1) != core::journeyRepoKey(push.githubJourneyRepo)) {
      result.outcome = Store::PushOutcome::NotLinked;
      return result;
    }
    profile = link.text(0);
  }
  bool seen = false;
  {
    auto stmt = conn.prepare(kDeliverySeen);
    stmt.bind(1, push.deliveryId);
    seen = stmt.step();
  }
  for (const auto& entry : push.entries) {
    if (auto kept = githubEntry(conn, fold, profile, entry.day)) {
      result.present.push_back(std::move(*kept));
    } else if (!seen) {
      conn.prepare(kInsertEntry)
          .bind(1, fold)
          .bind(2, std::int64_t{entry.day})
          .bind(3, entry.url)
          .bind(4, entry.date)
          .bind(5, std::int64_t{entry.verified ? 1 : 0})
          .run();
      core::Entry stored = entry;
      stored.githubProfile = profile;
      result.added.push_back(std::move(stored));
    }
  }
  if (seen) {
    result.outcome = Store::PushOutcome::Redelivered;
    return result;
  }
  if (!result.added.empty()) recompute(conn, fold, profile);
  conn.prepare(kRecordDelivery)
      .bind(1, push.deliveryId)
      .bind(2, core::journeyRepoKey(push.githubJourneyRepo))
      .bind(3, fold)
      .bind(4, push.receivedAt)
      .run();
  return result;
}

}  // namespace hdoc::store::sqlite
