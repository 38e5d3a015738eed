#include "store/sqlite/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>
#include <cstdlib>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "store/sqlite/database_lock.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::store::sqlite {
namespace {

namespace fs = std::filesystem;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    throw std::runtime_error(path +
                             ": cannot open database: " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

void exec(sqlite3* db, const std::string& path, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = path + ": " + sql + ": " + (error ? error : sqlite3_errmsg(db));
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

// Every row of a query's first column, as text.
std::vector<std::string> rows(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(path + ": " + sql + ": " + sqlite3_errmsg(db));
  }
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      if (i) row += " ";
      row += text ? text : "NULL";
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) throw std::runtime_error(path + ": " + sql + ": " + sqlite3_errstr(rc));
  return out;
}

std::vector<std::string> problemsOf(sqlite3* db, const std::string& path) {
  std::vector<std::string> problems;
  const auto integrity = rows(db, path, "PRAGMA integrity_check");
  if (integrity != std::vector<std::string>{"ok"}) {
    for (const auto& row : integrity) problems.push_back("integrity_check: " + row);
  }
  for (const auto& row : rows(db, path, "PRAGMA foreign_key_check"))
    problems.push_back("foreign_key_check: " + row);
  const auto version = std::stoll(rows(db, path, "PRAGMA user_version").at(0));
  if (version <= 0) {
    problems.emplace_back("not an hdoc database (schema version 0)");
  } else if (version > SqliteStore::schemaVersion()) {
    problems.push_back("schema version " + std::to_string(version) + " is newer than this hdoc supports (" +
                       std::to_string(SqliteStore::schemaVersion()) + ")");
  }
  return problems;
}

// A new empty file next to `target` ("target.tmp-XXXXXX"), so that the final rename stays within one
// file system and is atomic.
std::string temporaryNextTo(const std::string& target) {
  std::string name = target + ".tmp-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw std::runtime_error(target + ": cannot create a temporary file beside it: " + std::strerror(errno));
  ::close(fd);
  return name;
}

void syncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": cannot open to sync: " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error(path + ": fsync failed: " + std::strerror(error));
}

// Whether two paths name one file (or would: `b` need not exist yet), so that a backup never renames
// itself over the live database, nor a restore reads the file it replaces.
bool sameFile(const std::string& a, const std::string& b) {
  std::error_code error;
  if (fs::exists(a, error) && fs::exists(b, error)) return fs::equivalent(a, b, error);
  return fs::weakly_canonical(a, error) == fs::weakly_canonical(b, error);
}

std::string directoryOf(const std::string& path) {
  const fs::path parent = fs::absolute(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// Removes the temporary file (and any journal SQLite left beside it) unless released.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (path_.empty()) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ignored);
  }
  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

// Copies `source` into `target` page by page (see the head of backup.hpp for why in one read
// transaction, and why in steps).
void copyPages(sqlite3* source, const std::string& sourcePath, sqlite3* target, const std::string& targetPath,
               const BackupOptions& options) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (!backup) throw std::runtime_error(targetPath + ": cannot start the backup: " + sqlite3_errmsg(target));
  int rc;
  do {
    rc = sqlite3_backup_step(backup, options.pagesPerStep > 0 ? options.pagesPerStep : -1);
    if (options.progress) {
      const int total = sqlite3_backup_pagecount(backup);
      options.progress(static_cast<std::size_t>(total - sqlite3_backup_remaining(backup)),
                       static_cast<std::size_t>(total));
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    throw std::runtime_error(sourcePath + ": backup failed: " + sqlite3_errstr(rc) + " (" +
                             sqlite3_errmsg(target) + ")");
  }
}

}  // namespace

void backupDatabase(const std::string& databasePath, const std::string& outPath,
                    const BackupOptions& options) {
  if (!fs::exists(databasePath)) throw std::runtime_error(databasePath + ": no such database");
  if (sameFile(databasePath, outPath)) {
    throw std::runtime_error(outPath + " is the database itself: give the backup a path of its own");
  }
  Db source = open(databasePath, SQLITE_OPEN_READONLY);
  // The snapshot every step copies from: a read transaction started by a first read (see backup.hpp).
  // Only in WAL mode, where it does not hold up the writer.
  const bool wal = rows(source.get(), databasePath, "PRAGMA journal_mode").at(0) == "wal";
  if (wal) {
    exec(source.get(), databasePath, "BEGIN");
    rows(source.get(), databasePath, "SELECT count(*) FROM sqlite_schema");
  }
  TemporaryFile temporary(temporaryNextTo(outPath));
  {
    Db target = open(temporary.path(), SQLITE_OPEN_READWRITE);
    copyPages(source.get(), databasePath, target.get(), temporary.path(), options);
    if (wal) exec(source.get(), databasePath, "COMMIT");
    source.reset();
    // A backup is one file: without this it would be in WAL mode like its source, and need its -wal.
    exec(target.get(), temporary.path(), "PRAGMA journal_mode = DELETE");
    const auto problems = problemsOf(target.get(), temporary.path());
    if (!problems.empty()) {
      throw std::runtime_error("the backup of " + databasePath + " fails its check: " + problems.front());
    }
  }
  syncPath(temporary.path(), false);
  fs::rename(temporary.path(), outPath);
  temporary.release();
  syncPath(directoryOf(outPath), true);
}

std::vector<std::string> databaseProblems(const std::string& path) {
  if (!fs::exists(path)) throw std::runtime_error(path + ": no such file");
  try {
    Db db = open(path, SQLITE_OPEN_READONLY);
    return problemsOf(db.get(), path);
  } catch (const std::runtime_error& e) {
    return {e.what()};  // "file is not a database", "database disk image is malformed", ...
  }
}

void restoreDatabase(const std::string& backupPath, const std::string& databasePath) {
  const auto lock = DatabaseLock::tryAcquire(databasePath, DatabaseLock::Mode::Exclusive);
  if (!lock) {
    throw std::runtime_error(databasePath + " is in use by a running `hdoc serve` (it holds " +
                             DatabaseLock::lockPath(databasePath) +
                             "): stop the server, run the restore again, then start the server");
  }
  if (sameFile(backupPath, databasePath)) {
    throw std::runtime_error(backupPath + " is the database itself: restore from a backup file");
  }
  const auto problems = databaseProblems(backupPath);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += "\n  " + p;
    throw std::runtime_error(backupPath + " is not a sound hdoc backup; nothing was changed:" + all);
  }
  TemporaryFile temporary(temporaryNextTo(databasePath));
  {
    Db source = open(backupPath, SQLITE_OPEN_READONLY);
    Db target = open(temporary.path(), SQLITE_OPEN_READWRITE);
    copyPages(source.get(), backupPath, target.get(), temporary.path(), BackupOptions{-1, {}});
  }
  syncPath(temporary.path(), false);
  // The old database's journals go first: SQLite would replay a -wal (or roll back a hot -journal)
  // found beside the restored file into it. A crash between here and the rename leaves the old
  // database without its uncheckpointed tail, which the restore was replacing anyway.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::error_code error;
    fs::remove(databasePath + suffix, error);
    if (error) throw std::runtime_error(databasePath + suffix + ": cannot remove: " + error.message());
  }
  fs::rename(temporary.path(), databasePath);
  temporary.release();
  syncPath(directoryOf(databasePath), true);
}

}  // namespace hdoc::store::sqlite
