// Request coalescing for cache misses: while one caller computes the answer for a key, the others
// asking for the same key wait for that answer instead of computing it again. After a write has
// invalidated the cache, a crowd asking for the same page costs one store query and one page of
// memory, not one per caller.
#pragma once

#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace hdoc::http {

template <class T>
class SingleFlight {
 public:
  // Runs `compute()` unless a call for `key` is already running, whose result is then shared.
  template <class Fn>
  T run(const std::string& key, Fn&& compute) {
    std::promise<T> promise;
    std::shared_future<T> pending;
    {
      std::lock_guard lock(mutex_);
      if (auto it = flights_.find(key); it != flights_.end()) {
        pending = it->second;
      } else {
        flights_.emplace(key, promise.get_future().share());
      }
    }
    if (pending.valid()) return pending.get();
    struct Land {
      SingleFlight& self;
      const std::string& key;
      ~Land() {
        std::lock_guard lock(self.mutex_);
        self.flights_.erase(key);
      }
    } land{*this, key};
    try {
      T result = compute();
      promise.set_value(result);
      return result;
    } catch (...) {
      promise.set_exception(std::current_exception());
      throw;
    }
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_future<T>> flights_;
};

}  // namespace hdoc::http
