// Who holds a database file: `hdoc serve` holds a shared lock on PATH + ".lock" for as long as it
// serves PATH, and `hdoc restore` takes it exclusively before it replaces PATH. SQLite's own locks
// cannot answer "is a server using this file?": in WAL mode an idle connection holds no lock on the
// database file at all, only on bytes of the -shm file while it reads or writes. flock(2) on a file of
// our own is held by the open descriptor for the life of the process and released by the kernel when
// the process dies (a crash or SIGKILL leaves no stale lock), and it never interferes with SQLite's
// POSIX record locks, which are on other files.
#pragma once

#include <optional>
#include <string>

namespace hdoc::store::sqlite {

class DatabaseLock {
 public:
  enum class Mode { Shared, Exclusive };

  // The lock on `databasePath` in `mode`, without waiting; nullopt when another process holds it in a
  // conflicting mode. The lock file is created when missing and never removed (removing a lock file
  // that another process has open would let two holders believe they hold it). Throws
  // std::runtime_error when the lock file cannot be created or opened.
  static std::optional<DatabaseLock> tryAcquire(const std::string& databasePath, Mode mode);
  static std::string lockPath(const std::string& databasePath) { return databasePath + ".lock"; }

  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace hdoc::store::sqlite
