// SqliteStore: profiles and daily entries (the write API). Every entry change recomputes the
// journeyer's scores in the same transaction.
#include <map>

#include "core/scoring.hpp"
#include "core/text.hpp"
#include "store/sqlite/github_sync.hpp"
#include "store/sqlite/queries.hpp"
#include "store/sqlite/store_impl.hpp"

namespace hdoc::store {

namespace sql = sqlite::sql;

using sqlite::Connection;

namespace sqlite {

std::optional<std::string> profileOf(Connection& conn, const std::string& fold) {
  auto stmt = conn.prepare(sql::kProfileOf);
  stmt.bind(1, fold);
  if (!stmt.step()) return std::nullopt;
  return stmt.text(0);
}

std::vector<core::Entry> entriesOf(Connection& conn, const std::string& fold,
                                   const std::string& githubProfile) {
  auto stmt = conn.prepare(sql::kListEntries);
  stmt.bind(1, fold);
  std::vector<core::Entry> out;
  while (stmt.step()) out.push_back(readEntry(stmt, githubProfile));
  return out;
}

void recomputeScores(Connection& conn, const std::string& fold, const std::string& githubProfile) {
  const auto entries = entriesOf(conn, fold, githubProfile);
  const core::Scores scores = core::computeScores(entries);
  conn.prepare(
          "UPDATE users SET github_score = ?2, github_streak = ?3, twitter_score = ?4, twitter_streak = ?5, "
          "days_completed = ?6 WHERE github_fold = ?1")
      .bind(1, fold)
      .bind(2, scores.githubScore)
      .bind(3, scores.githubStreak)
      .bind(4, scores.twitterScore)
      .bind(5, scores.twitterStreak)
      .bind(6, scores.daysCompleted)
      .run();
}

}  // namespace sqlite

void SqliteStore::createUser(const core::User& user) {
  const std::string fold = core::asciiFold(user.githubProfile);
  impl_->write([&](Connection& conn) {
    // Checked first so the caller learns which rule it broke; the UNIQUE constraints still guard a race
    // with another process (they fail as Conflict too).
    if (sqlite::profileOf(conn, fold)) {
      throw StoreError(StoreError::Kind::Conflict, "githubProfile '" + user.githubProfile + "' is taken");
    }
    if (!user.owner.empty()) {
      auto stmt = conn.prepare(sql::kFindUserByOwner);
      stmt.bind(1, user.owner);
      if (stmt.step()) {
        throw StoreError(StoreError::Kind::Conflict,
                         "this account already has a profile ('" + stmt.text(3) + "')");
      }
    }
    sqlite::ensureJourneyRepoFree(conn, user);
    auto stmt = conn.prepare(sql::kUpsertUser);
    sqlite::bindUserRow(stmt, user);
    stmt.run();
  });
}

bool SqliteStore::updateProfile(const core::User& user) {
  bool updated = false;
  impl_->write([&](Connection& conn) {
    sqlite::ensureJourneyRepoFree(conn, user);
    auto stmt = conn.prepare(
        "UPDATE users SET name = ?2, twitter_profile = ?3, linkedin_profile = ?4, bio = ?5, avatar_image = "
        "?6, "
        "status = ?7, github_journey_repo = ?8, journey_repo_fold = ?9 WHERE github_fold = ?1");
    stmt.bind(1, core::asciiFold(user.githubProfile))
        .bind(2, user.name)
        .bind(3, user.twitterProfile)
        .bind(4, user.linkedinProfile);
    if (user.bio) {
      stmt.bind(5, *user.bio);
    } else {
      stmt.bindNull(5);
    }
    stmt.bind(6, user.avatarImage).bind(7, std::int64_t{user.status ? 1 : 0});
    sqlite::bindJourneyRepo(stmt, 8, user);
    stmt.run();
    updated = sqlite3_changes(conn.handle()) > 0;
  });
  return updated;
}

Store::EntryWrite SqliteStore::putEntry(const core::Entry& entry) {
  const std::string fold = core::asciiFold(entry.githubProfile);
  const std::string platform(core::platformName(entry.platform));
  EntryWrite result{EntryOutcome::NoSuchUser, std::nullopt};
  impl_->write([&](Connection& conn) {
    const auto profile = sqlite::profileOf(conn, fold);
    if (!profile) return;  // nothing written: the transaction commits empty
    {
      auto existing = conn.prepare(sql::kFindEntry);
      existing.bind(1, fold).bind(2, std::int64_t{entry.day}).bind(3, platform);
      if (existing.step()) {
        core::Entry stored = sqlite::readEntry(existing, *profile);
        const bool same = stored.url == entry.url && stored.date == entry.date;
        result = {same ? EntryOutcome::Identical : EntryOutcome::Conflict, std::move(stored)};
        return;
      }
    }
    conn.prepare(
            "INSERT INTO entries (user_fold, day, platform, url, date, verified) VALUES (?1, ?2, ?3, ?4, ?5, "
            "?6)")
        .bind(1, fold)
        .bind(2, std::int64_t{entry.day})
        .bind(3, platform)
        .bind(4, entry.url)
        .bind(5, entry.date)
        .bind(6, std::int64_t{entry.verified ? 1 : 0})
        .run();
    sqlite::recomputeScores(conn, fold, *profile);
    core::Entry stored = entry;
    stored.githubProfile = *profile;
    result = {EntryOutcome::Created, std::move(stored)};
  });
  return result;
}

std::optional<core::Entry> SqliteStore::setEntryVerified(std::string_view githubProfile,
                                                         core::Platform platform, int day, bool verified) {
  const std::string fold = core::asciiFold(githubProfile);
  const std::string platformText(core::platformName(platform));
  std::optional<core::Entry> result;
  impl_->write([&](Connection& conn) {
    const auto profile = sqlite::profileOf(conn, fold);
    if (!profile) return;
    conn.prepare("UPDATE entries SET verified = ?4 WHERE user_fold = ?1 AND day = ?2 AND platform = ?3")
        .bind(1, fold)
        .bind(2, std::int64_t{day})
        .bind(3, platformText)
        .bind(4, std::int64_t{verified ? 1 : 0})
        .run();
    if (sqlite3_changes(conn.handle()) == 0) return;
    sqlite::recomputeScores(conn, fold, *profile);
    auto stmt = conn.prepare(sql::kFindEntry);
    stmt.bind(1, fold).bind(2, std::int64_t{day}).bind(3, platformText);
    if (stmt.step()) result = sqlite::readEntry(stmt, *profile);
  });
  return result;
}

std::optional<Store::JourneyLink> SqliteStore::findJourneyLink(std::string_view repoFullName) {
  Impl::Lease conn(*impl_);
  return sqlite::findJourneyLink(*conn, repoFullName);
}

Store::PushResult SqliteStore::recordGithubPush(const GithubPush& push) {
  PushResult result;
  impl_->write(
      [&](Connection& conn) { result = sqlite::recordGithubPush(conn, push, sqlite::recomputeScores); });
  return result;
}

}  // namespace hdoc::store

namespace hdoc::store {

void SqliteStore::restoreEntries(std::span<const core::Entry> entries, Figures figures) {
  impl_->write(
      [&](Connection& conn) {
        std::map<std::string, std::string> touched;  // folded profile -> stored spelling
        auto stmt = conn.prepare(
            "INSERT INTO entries (user_fold, day, platform, url, date, verified) VALUES (?1, ?2, ?3, ?4, ?5, "
            "?6) "
            "ON CONFLICT (user_fold, day, platform) DO UPDATE SET url = excluded.url, date = excluded.date, "
            "verified = excluded.verified");
        for (const auto& e : entries) {
          const std::string fold = core::asciiFold(e.githubProfile);
          auto known = touched.find(fold);
          if (known == touched.end()) {
            const auto profile = sqlite::profileOf(conn, fold);
            if (!profile) {
              throw StoreError(StoreError::Kind::Invalid,
                               "entry of '" + e.githubProfile + "', who has no profile");
            }
            known = touched.emplace(fold, *profile).first;
          }
          stmt.bind(1, fold)
              .bind(2, std::int64_t{e.day})
              .bind(3, core::platformName(e.platform))
              .bind(4, e.url)
              .bind(5, e.date)
              .bind(6, std::int64_t{e.verified ? 1 : 0});
          stmt.run();
        }
        if (figures == Figures::Recompute) {
          for (const auto& [fold, profile] : touched) sqlite::recomputeScores(conn, fold, profile);
        }
      },
      entries.size());
}

}  // namespace hdoc::store
