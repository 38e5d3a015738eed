#include "store/sqlite/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace hdoc::store::sqlite {

std::optional<DatabaseLock> DatabaseLock::tryAcquire(const std::string& databasePath, Mode mode) {
  const std::string path = lockPath(databasePath);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path + ": cannot open lock file: " + std::strerror(errno));
  const int operation = (mode == Mode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  while (::flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return std::nullopt;
    throw std::runtime_error(path + ": cannot lock: " + std::strerror(error));
  }
  return DatabaseLock(fd);
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  std::swap(fd_, other.fd_);  // the old lock, if any, is released when `other` goes
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace hdoc::store::sqlite
