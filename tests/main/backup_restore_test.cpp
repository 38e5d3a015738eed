// `hdoc backup` and `hdoc restore` as real processes on real SQLite files: a backup taken while
// another process commits is one committed state, and a restore refuses a running server and bad
// backups and leaves nothing of the database it replaces.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/sqlite/sqlite_store.hpp"
#include "support/child_process.hpp"
#include "support/hdoc_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::cli {
namespace {

using namespace std::chrono_literals;
using testing::runHdoc;
using testing::TempDir;

constexpr int kRowsPerTransaction = 7;

core::User user(const std::string& profile, int n) {
  core::User u;
  u.id = "u" + std::to_string(n);
  u.name = "Journeyer " + std::to_string(n);
  u.githubProfile = profile;
  u.githubScore = n % 1000;
  u.dateJoined = "2024-01-01T00:00:00Z";
  return u;
}

// The first column of the first row of `sql` on the database file at `path`, opened read-only.
std::string scalar(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << path;
  sqlite3_stmt* stmt = nullptr;
  std::string out = "<error>";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    out = text ? text : "NULL";
  } else {
    ADD_FAILURE() << path << ": " << sql << ": " << sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// Fills `db` with enough users that a backup of a few pages per step takes many steps.
void fill(const std::string& db, int users) {
  store::SqliteStore store(db);
  std::vector<core::User> batch;
  for (int i = 0; i < users; ++i) batch.push_back(user("base" + std::to_string(i), i));
  store.upsertUsers(batch);
}

TEST(Backup, UnderConcurrentWritesIsOneCommittedStateAndPassesIntegrityCheck) {
  TempDir dir;
  const auto db = dir.file("live.db");
  fill(db, 5000);
  // Another process's commits (this test's writer thread; the backup is a separate hdoc process): each
  // transaction adds kRowsPerTransaction users, so a backup holds a multiple of that many of them
  // unless it caught a transaction half-way.
  std::atomic<int> committed{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    store::SqliteStore store(db);
    for (int t = 0; !stop.load(); ++t) {
      std::vector<core::User> batch;
      for (int i = 0; i < kRowsPerTransaction; ++i) {
        batch.push_back(user("w" + std::to_string(t) + "x" + std::to_string(i), t * 10 + i));
      }
      store.upsertUsers(batch);
      committed.store(t + 1);
    }
  });
  while (committed.load() < 20) std::this_thread::sleep_for(1ms);
  const int committedBefore = committed.load();
  const auto out = dir.file("backup.db");
  auto r = runHdoc({"backup", "--db", db, "--out", out, "--pages-per-step", "4"});
  const int committedAfter = committed.load();
  stop.store(true);
  writer.join();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("integrity_check: ok"), std::string::npos) << r.err;
  std::cerr << "transactions committed while the backup ran: " << committedAfter - committedBefore << "\n";

  EXPECT_EQ(scalar(out, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(scalar(out, "PRAGMA journal_mode"), "delete");  // one file, no -wal needed
  EXPECT_FALSE(std::filesystem::exists(out + "-wal"));
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM users WHERE github_profile LIKE 'base%'"), "5000");
  const int written = std::stoi(scalar(out, "SELECT count(*) FROM users WHERE github_profile LIKE 'w%'"));
  EXPECT_EQ(written % kRowsPerTransaction, 0) << written;
  // Everything committed before the backup started is in it (a copy of the main file alone would miss
  // what still sits in the -wal).
  EXPECT_GE(written, committedBefore * kRowsPerTransaction);
  EXPECT_LE(written, committedAfter * kRowsPerTransaction);
  // And it opens as a store.
  store::SqliteStore restored(out);
  EXPECT_EQ(restored.listUsers(std::nullopt).size(), 5000u + static_cast<std::size_t>(written));
  // No temporary file is left beside it.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
}

TEST(Backup, RefusesAMissingDatabaseItselfAndNeedsOut) {
  TempDir dir;
  auto r = runHdoc({"backup", "--db", dir.file("nothing.db"), "--out", dir.file("b.db")});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("no such database"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.db")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("nothing.db")));  // not created either
  // Never onto the database itself, however the path is spelled.
  fill(dir.file("live.db"), 2);
  auto onto = runHdoc({"backup", "--db", dir.file("live.db"), "--out", dir.path().string() + "/./live.db"});
  EXPECT_EQ(onto.exitCode, 1);
  EXPECT_NE(onto.err.find("is the database itself"), std::string::npos) << onto.err;
  auto from = runHdoc({"restore", "--db", dir.file("live.db"), "--from", dir.file("live.db")});
  EXPECT_EQ(from.exitCode, 1);
  EXPECT_NE(from.err.find("is the database itself"), std::string::npos) << from.err;
  EXPECT_EQ(scalar(dir.file("live.db"), "SELECT count(*) FROM users"), "2");
  EXPECT_EQ(runHdoc({"backup", "--db", dir.file("nothing.db")}).exitCode, 2);
  EXPECT_EQ(runHdoc({"restore", "--db", dir.file("nothing.db")}).exitCode, 2);
}

TEST(Restore, RefusesWhileServeRunsThenReplacesTheDatabase) {
  TempDir dir;
  const auto db = dir.file("site.db");
  const auto backup = dir.file("backup.db");
  fill(db, 10);
  ASSERT_EQ(runHdoc({"backup", "--db", db, "--out", backup}).exitCode, 0);
  {
    store::SqliteStore store(db);
    store.upsertUsers(std::vector<core::User>{user("after-backup", 99)});
  }
  {
    testing::ChildProcess serve(testing::hdocBinary(), {"serve", "--listen", "127.0.0.1:0", "--db", db}, {});
    const auto port = testing::waitForListeningPort(serve);
    ASSERT_NE(port, 0);
    auto refused = runHdoc({"restore", "--db", db, "--from", backup});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.err.find("in use by a running `hdoc serve`"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("stop the server"), std::string::npos) << refused.err;
    // Nothing changed under the server.
    EXPECT_EQ(testing::httpGet(port, "/api/users/after-backup").status, 200);
    serve.terminate(SIGTERM);
    ASSERT_EQ(serve.waitExit(10s), 0);
  }
  auto r = runHdoc({"restore", "--db", db, "--from", backup});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  store::SqliteStore store(db);
  EXPECT_EQ(store.listUsers(std::nullopt).size(), 10u);
  EXPECT_FALSE(store.findUser("after-backup"));
  EXPECT_TRUE(std::filesystem::exists(backup));  // the backup is copied, not moved
}

TEST(Restore, RemovesTheWalOfTheDatabaseItReplaces) {
  TempDir dir;
  const auto db = dir.file("site.db");
  const auto backup = dir.file("backup.db");
  fill(db, 3);
  ASSERT_EQ(runHdoc({"backup", "--db", db, "--out", backup}).exitCode, 0);
  // A writer killed outright (a server's crash) leaves its -wal and -shm behind, holding commits the
  // main file lacks: a child process that commits and exits without closing the database.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto* leaked = new store::SqliteStore(db);  // never closed: no checkpoint, the -wal stays
    std::vector<core::User> more;
    for (int i = 0; i < 50; ++i) more.push_back(user("wal" + std::to_string(i), i));
    leaked->upsertUsers(more);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  ASSERT_GT(std::filesystem::file_size(db + "-wal"), 0u);
  ASSERT_EQ(runHdoc({"restore", "--db", db, "--from", backup}).exitCode, 0);
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(db + "-shm"));
  EXPECT_EQ(scalar(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM users"), "3");
}

TEST(Restore, RefusesABackupThatIsNotSoundAndChangesNothing) {
  TempDir dir;
  const auto db = dir.file("site.db");
  fill(db, 5);
  const auto backup = dir.file("backup.db");
  ASSERT_EQ(runHdoc({"backup", "--db", db, "--out", backup}).exitCode, 0);
  // Truncated: half the pages are gone.
  const auto size = std::filesystem::file_size(backup);
  const auto truncated = dir.file("truncated.db");
  std::filesystem::copy_file(backup, truncated);
  std::filesystem::resize_file(truncated, size / 2);
  // Not a database at all, and an SQLite database that is not hdoc's.
  const auto text = dir.write("notes.txt", std::string(8192, 'x'));
  const auto foreign = dir.file("foreign.db");
  {
    sqlite3* f = nullptr;
    sqlite3_open(foreign.c_str(), &f);
    sqlite3_exec(f, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(f);
  }
  // From a newer hdoc.
  const auto newer = dir.file("newer.db");
  std::filesystem::copy_file(backup, newer);
  {
    sqlite3* f = nullptr;
    sqlite3_open(newer.c_str(), &f);
    sqlite3_exec(f, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(f);
  }
  for (const auto& [bad, expected] :
       std::vector<std::pair<std::string, std::string>>{{truncated, "not a sound hdoc backup"},
                                                        {text, "not a database"},
                                                        {foreign, "not an hdoc database"},
                                                        {newer, "newer than this hdoc"},
                                                        {dir.file("missing.db"), "no such file"}}) {
    auto r = runHdoc({"restore", "--db", db, "--from", bad});
    EXPECT_EQ(r.exitCode, 1) << bad;
    EXPECT_NE(r.err.find(expected), std::string::npos) << bad << ": " << r.err;
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM users"), "5") << bad;
  }
}

}  // namespace
}  // namespace hdoc::cli
