#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace hdoc::http {

RateLimiter::RateLimiter(RateLimit limit, Clock clock, std::size_t maxKeys)
    : limit_(limit),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      maxKeys_(maxKeys) {
  limit_.burst = std::max(1.0, limit_.burst);
}

double RateLimiter::refill(Bucket& bucket, std::chrono::steady_clock::time_point now) const {
  const double minutes = std::chrono::duration<double, std::ratio<60>>(now - bucket.updated).count();
  bucket.tokens = std::min(limit_.burst, bucket.tokens + std::max(0.0, minutes) * limit_.perMinute);
  bucket.updated = now;
  return bucket.tokens;
}

int RateLimiter::acquire(std::string_view key) {
  if (!limit_.enabled()) return 0;
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= maxKeys_) {
    // A full bucket is the same as no bucket: forget those so the map stays bounded.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = refill(it->second, now) >= limit_.burst ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{limit_.burst, now});
  Bucket& bucket = it->second;
  if (!inserted) refill(bucket, now);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  const double seconds = (1.0 - bucket.tokens) * 60.0 / limit_.perMinute;
  return std::max(1, static_cast<int>(std::ceil(seconds)));
}

}  // namespace hdoc::http
