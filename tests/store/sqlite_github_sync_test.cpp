// The GitHub journey sync suite on SqliteStore (a fresh database file per test, removed afterwards),
// and what is SQLite's own: the schema migration from version 2 and the lookup's query plan.
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store/github_sync_conformance.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/github_sync.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/fresh_stores.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::testing {
namespace {

std::shared_ptr<store::Store> sqliteStore() {
  return testing::freshSqliteStore("hdoc-github-sync");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, GithubSyncConformance, ::testing::Values(StoreMaker{"Sqlite", sqliteStore}),
                         storeMakerName);

void execSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(SqliteGithubSync, DatabasesFromBeforeTheSyncMigrateWithTheirData) {
  testing::TempDir dir;
  const auto path = dir.file("v3.db");
  // A database as the hdoc before the sync left it (schema version 3, pagination): migrate, then take
  // the sync's migration (version 4) back out.
  { store::SqliteStore fresh(path); }
  execSql(
      path,
      "DROP TABLE github_deliveries; DROP INDEX users_by_journey_repo; "
      "ALTER TABLE users DROP COLUMN journey_repo_fold; ALTER TABLE users DROP COLUMN github_journey_repo; "
      "PRAGMA user_version = 3; "
      "INSERT INTO users (github_fold, github_profile, id, name, days_completed, github_score, "
      "github_streak, "
      "twitter_profile, twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined, "
      "joined_ms, bio, owner) VALUES ('alice', 'alice', 'i', 'n', 0, 0, 0, '', 0, 0, '', 1, '', "
      "'2020-01-01T00:00:00Z', 1577836800000, NULL, 'sub-alice'); "
      "INSERT INTO entries VALUES ('alice', 1, 'github', 'https://example.com/1', '2024-03-01', 1);");
  store::SqliteStore store(path);
  auto alice = store.findUser("alice");
  ASSERT_TRUE(alice);
  EXPECT_FALSE(alice->githubJourneyRepo);
  EXPECT_EQ(store.listEntries("alice").size(), 1u);
  alice->githubJourneyRepo = "alice/journey";
  ASSERT_TRUE(store.updateProfile(*alice));
  const store::Store::GithubPush push{
      "d-1",
      "alice/journey",
      "alice",
      {{"alice", 2, core::Platform::github, "https://example.com/2", "2024-03-02", true}},
      0};
  const auto pushed = store.recordGithubPush(push);
  EXPECT_EQ(pushed.added.size(), 1u);
  EXPECT_TRUE(pushed.present.empty());
  EXPECT_EQ(store.findUser("alice")->githubScore, 6);  // Mar 1 and 2: 2 + 4
}

// The webhook's lookup is one search of the partial unique index.
TEST(SqliteGithubSync, TheRepositoryLookupSearchesItsIndex) {
  testing::TempDir dir;
  { store::SqliteStore fresh(dir.file("plan.db")); }
  store::sqlite::Connection conn(dir.file("plan.db"));
  auto stmt = conn.prepare("EXPLAIN QUERY PLAN " + store::sqlite::kFindJourneyLink);
  std::string plan;
  while (stmt.step()) plan += stmt.text(3) + "\n";
  EXPECT_EQ(plan, "SEARCH users USING INDEX users_by_journey_repo (journey_repo_fold=?)\n");
}

}  // namespace
}  // namespace hdoc::testing
