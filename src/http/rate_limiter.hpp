// Per-principal token buckets for writes: each caller may burst up to `burst` writes, then gets
// `perMinute` more per minute. A refused write learns how many seconds until its next token.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hdoc::http {

struct RateLimit {
  double perMinute = 0;  // tokens added per minute; 0 turns the limiter off
  double burst = 0;      // bucket size (at least 1 when on)
  bool enabled() const { return perMinute > 0; }
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit RateLimiter(RateLimit limit, Clock clock = {}, std::size_t maxKeys = 100000);

  // 0 when `key` may write now (a token is taken), else the whole seconds to wait (at least 1).
  int acquire(std::string_view key);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  double refill(Bucket& bucket, std::chrono::steady_clock::time_point now) const;

  RateLimit limit_;
  Clock clock_;
  std::size_t maxKeys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace hdoc::http
