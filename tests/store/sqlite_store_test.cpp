// What is particular to the SQLite store (the behaviour shared with DynamoDB is in the
// conformance suite): schema migrations, WAL, index-only query plans, change detection.
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <thread>

#include <map>

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::store {
namespace {

std::string pragma(const std::string& path, const std::string& name) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, ("PRAGMA " + name).c_str(), -1, &stmt, nullptr);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

TEST(SqliteStore, CreatesAndMigratesANewFileInWalMode) {
  testing::TempDir dir;
  const auto path = dir.file("new.db");
  { SqliteStore store(path); }
  EXPECT_EQ(pragma(path, "user_version"), std::to_string(SqliteStore::schemaVersion()));
  EXPECT_EQ(pragma(path, "journal_mode"), "wal");
  // Opening again is a no-op migration and keeps the data.
  core::Article a{1, "t", "s", "", "AWS", "x"};
  SqliteStore(path).upsertArticles(std::span(&a, 1));
  EXPECT_EQ(SqliteStore(path).listArticles(std::nullopt, std::nullopt).size(), 1u);
}

TEST(SqliteStore, RefusesADatabaseFromANewerVersion) {
  testing::TempDir dir;
  const auto path = dir.file("future.db");
  { SqliteStore store(path); }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_THROW(SqliteStore{path}, StoreError);
}

TEST(SqliteStore, UnopenablePathIsUnavailable) {
  try {
    SqliteStore store("/nonexistent-dir/x/hdoc.db");
    FAIL() << "opened an impossible path";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Unavailable);
  }
}

TEST(SqliteStore, EveryReadIsAnIndexRangeReadWithoutSorting) {
  testing::TempDir dir;
  SqliteStore store(dir.file("plans.db"));
  // The index each read must walk. Every list is a keyset range read: SEARCH from the position the
  // page starts after, in index order (the articles table itself, in rowid = id order), never a
  // SCAN from the start or a sort.
  const std::map<std::string, std::string> expected = {
      {"scanRegistration", "SEARCH users USING INDEX users_by_joined ((joined_ms,github_profile)>(?,?))"},
      {"scanRecent", "SEARCH users USING INDEX users_by_recent_key ((recent_key,github_profile)>(?,?))"},
      {"scanLeaderboard", "SEARCH users USING INDEX users_by_rank ((rank_key,github_profile)>(?,?))"},
      {"scanArticles", "SEARCH articles USING INTEGER PRIMARY KEY (rowid>?)"},
      {"scanArticlesByTag", "SEARCH articles USING INDEX articles_by_tag (tag_fold=? AND id>?)"},
      {"scanTagCounts", "SEARCH tag_counts USING INDEX tag_counts_by_rank ((rank_key,tag)>(?,?))"},
      {"findUser", "SEARCH users USING INDEX sqlite_autoindex_users_1 (github_fold=?)"},
      {"findUserByOwner", "SEARCH users USING INDEX users_by_owner (owner=?)"},
      {"findArticle", "SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)"},
      {"listEntries", "SEARCH entries USING PRIMARY KEY (user_fold=?)"},
      {"findEntry", "SEARCH entries USING PRIMARY KEY (user_fold=? AND day=? AND platform=?)"},
      {"nextArticleId", "SEARCH articles"},
  };
  const auto plans = store.queryPlans();
  ASSERT_EQ(plans.size(), expected.size());
  for (const auto& [name, plan] : plans) {
    SCOPED_TRACE(name);
    EXPECT_EQ(plan, expected.at(name) + "\n");  // one step, and no "USE TEMP B-TREE FOR ORDER BY"
  }
}

TEST(SqliteStore, DataVersionChangesOnWritesFromAnyConnection) {
  testing::TempDir dir;
  SqliteStore a(dir.file("v.db"));
  SqliteStore b(dir.file("v.db"));  // stands for another process on the same file
  const auto v0 = a.dataVersion();
  ASSERT_TRUE(v0);
  EXPECT_EQ(a.dataVersion(), v0);  // stable while nothing changes
  core::Article art{1, "t", "s", "", "AWS", "x"};
  a.upsertArticles(std::span(&art, 1));
  const auto v1 = a.dataVersion();
  EXPECT_NE(v1, v0);
  b.deleteArticle(1);
  // Another process's commit is noticed once the check interval has passed.
  std::this_thread::sleep_for(2 * SqliteStore::kExternalCheckInterval);
  EXPECT_NE(a.dataVersion(), v1);
}

TEST(SqliteStore, AFailedBatchWritesNothing) {
  testing::TempDir dir;
  SqliteStore store(dir.file("atomic.db"));
  core::Article good{1, "t", "s", "", "AWS", "x"};
  core::Article bad{2, "t", "s", "", "", "x"};  // the schema refuses nothing here, so break a trigger:
  store.upsertArticles(std::span(&good, 1));
  sqlite3* db = nullptr;
  sqlite3_open(dir.file("atomic.db").c_str(), &db);
  sqlite3_exec(db,
               "CREATE TRIGGER no_empty BEFORE INSERT ON articles WHEN NEW.tags = '' BEGIN "
               "SELECT RAISE(ABORT, 'empty tag'); END;",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  std::vector<core::Article> batch{{3, "t", "s", "", "GCP", "x"}, bad};
  EXPECT_ANY_THROW(store.upsertArticles(batch));
  EXPECT_EQ(store.listArticles(std::nullopt, std::nullopt).size(), 1u);  // article 3 rolled back
  EXPECT_EQ(store.tagCounts(std::nullopt).size(), 1u);                   // and its count
}

}  // namespace
}  // namespace hdoc::store
