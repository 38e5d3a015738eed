// What only SQLite can show about the write API (the shared journeys suite runs on SQLite from
// sqlite_conformance_test.cpp): a write that fails half-way (an injected trigger aborts the score
// update after the entry row went in) leaves nothing behind, and schema version 1 databases migrate
// with their data.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::testing {
namespace {

void execSql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

core::User journeyer(const std::string& name, const std::string& owner) {
  core::User u;
  u.id = "x" + name;
  u.name = name;
  u.githubProfile = name;
  u.dateJoined = "2024-01-01T00:00:00Z";
  u.owner = owner;
  return u;
}

TEST(SqliteJourneys, AnEntryWhoseScoreUpdateFailsIsRolledBack) {
  testing::TempDir dir;
  const auto path = dir.file("atomic.db");
  store::SqliteStore store(path);
  store.createUser(journeyer("alice", "sub-alice"));
  core::Entry first{"alice", 1, core::Platform::github, "https://example.com/1", "2024-01-01", true};
  ASSERT_EQ(store.putEntry(first).outcome, store::Store::EntryOutcome::Created);
  execSql(path,
          "CREATE TRIGGER break_scores BEFORE UPDATE OF github_score ON users "
          "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  core::Entry second{"alice", 2, core::Platform::github, "https://example.com/2", "2024-01-02", true};
  EXPECT_ANY_THROW(store.putEntry(second));
  EXPECT_EQ(store.listEntries("alice").size(), 1u) << "the entry row went in before the failure: rolled back";
  EXPECT_EQ(store.findUser("alice")->githubScore, 2);
  EXPECT_ANY_THROW(store.setEntryVerified("alice", core::Platform::github, 1, false));
  EXPECT_TRUE(store.listEntries("alice")[0].verified);
  execSql(path, "DROP TRIGGER break_scores");
  EXPECT_EQ(store.putEntry(second).outcome, store::Store::EntryOutcome::Created);
  EXPECT_EQ(store.findUser("alice")->githubScore, 6);
}

TEST(SqliteJourneys, AnArticleWhoseTagCountFailsIsRolledBackWithItsId) {
  testing::TempDir dir;
  const auto path = dir.file("articles.db");
  store::SqliteStore store(path);
  core::Article a{0, "t", "s", "", "AWS", "alice"};
  EXPECT_EQ(store.createArticle(a).id, 1);
  execSql(path,
          "CREATE TRIGGER break_counts BEFORE INSERT ON tag_counts "
          "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  a.tags = "GCP";
  EXPECT_ANY_THROW(store.createArticle(a));
  EXPECT_FALSE(store.findArticle(2));
  EXPECT_EQ(store.tagCounts(std::nullopt).size(), 1u);
  execSql(path, "DROP TRIGGER break_counts");
  EXPECT_EQ(store.createArticle(a).id, 2) << "the failed attempt did not use up an id";
}

TEST(SqliteJourneys, VersionOneDatabasesMigrateWithTheirData) {
  testing::TempDir dir;
  const auto path = dir.file("v1.db");
  // A database as hdoc with schema version 1 left it: the first migration alone.
  execSql(path, "PRAGMA journal_mode = WAL");
  execSql(path, std::string(store::sqlite::migrations()[0]).c_str());
  execSql(
      path,
      "PRAGMA user_version = 1; "
      "INSERT INTO users (github_fold, github_profile, id, name, days_completed, github_score, "
      "github_streak, "
      "twitter_profile, twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined, "
      "joined_ms, bio) VALUES ('old', 'Old', 'i', 'n', 5, 50, 5, '', 10, 2, '', 1, '', "
      "'2020-01-01T00:00:00Z', 1577836800000, NULL)");
  store::SqliteStore store(path);
  const auto old = store.findUser("old");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->githubScore, 50);
  EXPECT_EQ(old->owner, "");
  EXPECT_TRUE(store.listEntries("old").empty());
  EXPECT_EQ(
      store.putEntry({"old", 1, core::Platform::github, "https://example.com/1", "2024-01-01", true}).outcome,
      store::Store::EntryOutcome::Created);
  EXPECT_EQ(store.findUser("old")->githubScore, 2);
}

}  // namespace
}  // namespace hdoc::testing
