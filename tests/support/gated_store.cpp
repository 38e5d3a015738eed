#include "support/gated_store.hpp"

#include <chrono>

namespace hdoc::testing {

void GatedStore::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

void GatedStore::open() {
  {
    std::lock_guard lock(mutex_);
    closed_ = false;
  }
  changed_.notify_all();
}

int GatedStore::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

int GatedStore::scans() const {
  std::lock_guard lock(mutex_);
  return scans_;
}

bool GatedStore::awaitWaiting(int n) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return waiting_ >= n; });
}

void GatedStore::pass() {
  std::unique_lock lock(mutex_);
  ++scans_;
  ++waiting_;
  changed_.notify_all();
  changed_.wait(lock, [&] { return !closed_; });
  --waiting_;
}

}  // namespace hdoc::testing
